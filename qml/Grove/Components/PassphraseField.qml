// PassphraseField: a hidden-text input with a show/hide toggle (Alt+S toggles too).
import QtQuick
import Grove.Kit
import QtQuick.Controls

GroveTextField {
    id: field
    property bool revealed: false

    echoMode: revealed ? TextInput.Normal : TextInput.Password
    passwordCharacter: "\u2022"
    rightPadding: toggle.width + Theme.spaceS
    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
    Keys.onPressed: event => {
        if (event.key === Qt.Key_S && (event.modifiers & Qt.AltModifier)) {
            revealed = !revealed
            event.accepted = true
        }
    }

    IconButton {
        id: toggle
        anchors.right: parent.right
        anchors.rightMargin: 4
        anchors.verticalCenter: parent.verticalCenter
        focusPolicy: Qt.NoFocus
        iconName: field.revealed ? "eye-off" : "eye"
        iconSize: 18
        tip: field.revealed ? qsTr("Hide passphrase (Alt+S)") : qsTr("Show passphrase (Alt+S)")
        onTriggered: field.revealed = !field.revealed
    }
}
