// JoinSpaceDialog: type a short code (ABCD-EFGH-JKLMN) or paste a grove: link or full code, and join; shows progress while the space's history
// arrives, and the reason in plain words when it can't join. `app` is the AppController.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

GroveDialog {
    id: dialog
    required property QtObject app  // joinSpace, joining, joinFinished
    property string error
    property string prefill  // openWith(): the text the dialog opens with
    readonly property alias codeField: codeArea

    title: qsTr("Join a space")
    subtitle: qsTr("Type the short code, or paste the link or code someone sent you.")
    closePolicy: app.joining ? Popup.NoAutoClose : (Popup.CloseOnEscape | Popup.CloseOnPressOutside)

    function openWith(text) {
        prefill = text
        open()
    }
    onOpened: {
        error = ""
        codeArea.text = prefill
        prefill = ""
        codeArea.forceActiveFocus()
        codeArea.cursorPosition = codeArea.length
    }
    function submit() {
        if (app.joining) return
        if (codeArea.text.trim() === "") {
            error = qsTr("Type or paste the invitation code first.")
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
                    placeholderText: qsTr("ABCD-EFGH-JKLMN, grove:join?… or grove-invite:…")
                    placeholderTextColor: Theme.textFaint
                    background: null
                    Accessible.name: qsTr("Invitation code")
                    Keys.onReturnPressed: dialog.submit()
                    Keys.onEnterPressed: dialog.submit()
                    // Tab leaves the field (a code has no tabs in it).
                    KeyNavigation.priority: KeyNavigation.BeforeItem
                    KeyNavigation.tab: joinButton
                    onTextChanged: if (dialog.error !== "") dialog.error = ""
                }
            }
        }
        RowLayout {
            visible: dialog.app.joining
            spacing: Theme.spaceS
            Spinner { size: 16; color: Theme.accent }
            Text {
                text: qsTr("Looking up the code and fetching the space… this can take a moment.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
        InlineMessage { Layout.fillWidth: true; text: dialog.error }
    }

    footer: DialogButtons {
        GroveButton {
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            text: qsTr("Cancel")
            unavailableReason: dialog.app.joining ? qsTr("Joining is under way.") : ""
            onTriggered: dialog.reject()
        }
        GroveButton {
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            id: joinButton
            objectName: "joinButton"
            variant: "primary"
            text: dialog.app.joining ? qsTr("Joining…") : qsTr("Join")
            busy: dialog.app.joining
            onTriggered: dialog.submit()
        }
    }
}
