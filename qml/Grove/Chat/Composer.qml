// Composer: where a chat message is written. Enter sends, Shift+Enter starts a new line, Up in
// an empty box edits the user's last message. Read-only members see why they cannot post.
// Typing in it (not the text being set or cleared by the app) emits typed().
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

Rectangle {
    id: composer

    property string spaceName
    property bool canPost: true
    property string readOnlyReason: qsTr("Guests can read this space but can't post in it.")
    property bool sending: false
    property alias text: area.text
    readonly property alias input: area
    signal send(string text)
    signal editLastRequested()
    signal typed()  // the user changed the text (the chat throttles "typing" from this)

    function submit() {
        const t = area.text.trim()
        if (!canPost || t.length === 0)
            return
        send(t)
        area.text = ""
    }
    function restore(t) {
        if (area.text.trim().length === 0)
            area.text = t
        area.cursorPosition = area.length
        area.forceActiveFocus()
    }
    function focusInput() { area.forceActiveFocus() }

    implicitHeight: Math.min(Math.max(area.implicitHeight, 40), 150) + 2
    radius: Theme.radiusL
    color: canPost ? Theme.background : Theme.surface
    border.width: area.activeFocus ? 2 : 1
    border.color: area.activeFocus ? Theme.focus : Theme.borderStrong

    RowLayout {
        anchors.fill: parent
        anchors.margins: 1
        spacing: 0
        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            TextArea {
                id: area
                objectName: "composerInput"
                enabled: composer.canPost
                wrapMode: TextEdit.Wrap
                font.pixelSize: Theme.fontBody
                color: Theme.text
                placeholderText: composer.canPost
                    ? (composer.spaceName !== "" ? qsTr("Message %1").arg(composer.spaceName) : qsTr("Write a message"))
                    : composer.readOnlyReason
                placeholderTextColor: Theme.textFaint
                selectByMouse: true
                selectionColor: Theme.accent
                selectedTextColor: Theme.accentText
                leftPadding: Theme.spaceM
                rightPadding: Theme.spaceS
                topPadding: 10
                bottomPadding: 10
                background: null
                Accessible.name: qsTr("Message")
                onTextChanged: if (activeFocus && text.length > 0) composer.typed()
                Keys.onPressed: event => {
                    if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                            && !(event.modifiers & Qt.ShiftModifier)) {
                        event.accepted = true
                        composer.submit()
                    } else if (event.key === Qt.Key_Up && area.text.length === 0) {
                        event.accepted = true
                        composer.editLastRequested()
                    }
                }
            }
        }
        IconButton {
            Layout.alignment: Qt.AlignBottom
            Layout.margins: 4
            iconName: "send"
            busy: composer.sending
            focusPolicy: Qt.TabFocus
            iconColor: area.text.trim().length > 0 ? Theme.accent : Theme.textFaint
            unavailableReason: composer.canPost ? "" : composer.readOnlyReason
            tip: qsTr("Send (Enter)")
            onTriggered: composer.submit()
        }
    }
}
