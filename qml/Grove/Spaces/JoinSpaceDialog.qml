// JoinSpaceDialog: paste an invitation code and join; shows progress while the space's history
// arrives, and the reason in plain words when it can't join. `app` is the AppController.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

GroveDialog {
    id: dialog
    required property QtObject app  // joinSpace, joining, joinFinished
    property string error
    readonly property alias codeField: codeArea

    title: qsTr("Join a space")
    subtitle: qsTr("Paste the invitation code someone sent you.")
    closePolicy: app.joining ? Popup.NoAutoClose : (Popup.CloseOnEscape | Popup.CloseOnPressOutside)

    onOpened: {
        error = ""
        codeArea.text = ""
        codeArea.forceActiveFocus()
    }
    function submit() {
        if (app.joining) return
        if (codeArea.text.trim() === "") {
            error = qsTr("Paste the invitation code first.")
            return
        }
        error = ""
        app.joinSpace(codeArea.text)
    }

    Connections {
        target: dialog.app
        function onJoinFinished(ok, detail) {
            if (!dialog.visible) return
            if (ok) dialog.accept()
            else dialog.error = detail
        }
    }

    contentItem: ColumnLayout {
        spacing: Theme.spaceS
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 96
            radius: Theme.radiusM
            color: Theme.background
            border.width: codeArea.activeFocus || dialog.error !== "" ? 2 : 1
            border.color: dialog.error !== "" ? Theme.danger : codeArea.activeFocus ? Theme.focus : Theme.borderStrong
            ScrollView {
                anchors.fill: parent
                anchors.margins: 2
                TextArea {
                    id: codeArea
                    objectName: "joinCodeField"
                    enabled: !dialog.app.joining
                    wrapMode: TextEdit.WrapAnywhere
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontSmall
                    color: Theme.text
                    placeholderText: qsTr("grove-invite:…")
                    placeholderTextColor: Theme.textFaint
                    background: null
                    Accessible.name: qsTr("Invitation code")
                    Keys.onReturnPressed: dialog.submit()
                    Keys.onEnterPressed: dialog.submit()
                    onTextChanged: if (dialog.error !== "") dialog.error = ""
                }
            }
        }
        RowLayout {
            visible: dialog.app.joining
            spacing: Theme.spaceS
            Spinner { size: 16; color: Theme.accent }
            Text {
                text: qsTr("Reaching the inviter and fetching the space… this can take a moment.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
        InlineMessage { Layout.fillWidth: true; text: dialog.error }
    }

    footer: RowLayout {
        spacing: Theme.spaceS
        Item { Layout.fillWidth: true }
        GroveButton {
            Layout.bottomMargin: Theme.spaceXl
            text: qsTr("Cancel")
            unavailableReason: dialog.app.joining ? qsTr("Joining is under way.") : ""
            onTriggered: dialog.reject()
        }
        GroveButton {
            objectName: "joinButton"
            Layout.bottomMargin: Theme.spaceXl
            Layout.rightMargin: Theme.spaceXl
            variant: "primary"
            text: dialog.app.joining ? qsTr("Joining…") : qsTr("Join")
            busy: dialog.app.joining
            onTriggered: dialog.submit()
        }
    }
}
