// UnlockForm: asks for the passphrase of an existing account; a wrong one is said plainly
// right under the field, and the field is ready for another try.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit
import Grove.Components

ColumnLayout {
    id: form
    required property QtObject account
    property string profileDir
    property string demoPassphrase
    readonly property alias passphraseField: passField

    function submit() {
        if (passField.text.length === 0) {
            passField.forceActiveFocus()
            return
        }
        account.unlock(passField.text)
    }
    function focusFirst() { passField.forceActiveFocus() }

    Connections {
        target: form.account
        function onErrorChanged() {
            if (form.account.error !== "") {
                passField.selectAll()
                passField.forceActiveFocus()
            }
        }
    }

    spacing: Theme.spaceS

    Rectangle {
        Layout.bottomMargin: Theme.spaceS
        implicitWidth: 52
        implicitHeight: 52
        radius: 26
        color: Theme.accentSoft
        Icon { anchors.centerIn: parent; name: "lock"; size: 26; color: Theme.accent }
    }
    Text {
        text: form.account.displayName !== "" ? qsTr("Welcome back, %1").arg(form.account.displayName)
                                              : qsTr("Unlock Grove")
        color: Theme.text
        font.pixelSize: Theme.fontHeadline
        font.weight: Font.Bold
    }
    Text {
        Layout.fillWidth: true
        Layout.bottomMargin: Theme.spaceL
        text: qsTr("Your account is locked. Enter your passphrase to open your spaces.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontBody
        wrapMode: Text.WordWrap
    }

    FieldLabel { Layout.fillWidth: true; text: qsTr("Passphrase") }
    PassphraseField {
        id: passField
        objectName: "unlockPassphrase"
        Layout.fillWidth: true
        enabled: !form.account.busy
        error: form.account.error !== ""
        Accessible.name: qsTr("Passphrase")
        onTextEdited: if (form.account.error !== "") form.account.clearError()
        onAccepted: form.submit()
        KeyNavigation.tab: unlockButton
    }
    InlineMessage {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spaceXs
        text: form.account.error
        type: "error"
    }
    InlineMessage {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spaceXs
        type: "info"
        text: form.demoPassphrase !== "" ? qsTr("Demo profile: the passphrase is “%1”.").arg(form.demoPassphrase) : ""
    }

    GroveButton {
        id: unlockButton
        objectName: "unlockButton"
        Layout.fillWidth: true
        Layout.topMargin: Theme.spaceM
        implicitHeight: 42
        variant: "primary"
        text: form.account.busy ? qsTr("Unlocking…") : qsTr("Unlock")
        busy: form.account.busy
        onTriggered: form.submit()
    }
    Text {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spaceL
        visible: form.profileDir !== ""
        text: qsTr("Profile: %1").arg(form.profileDir)
        color: Theme.textFaint
        font.pixelSize: Theme.fontCaption
        elide: Text.ElideMiddle
    }
}
