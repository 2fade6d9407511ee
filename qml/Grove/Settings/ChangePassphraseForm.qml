// ChangePassphraseForm: current passphrase, a new one (with the strength hint) and its
// confirmation; the outcome is said right under the button.
import QtQuick
import QtQuick.Layouts
import Grove.Kit
import Grove.Components

ColumnLayout {
    id: form
    required property QtObject account
    property string result
    property bool resultOk: false
    readonly property bool valid: current.text.length > 0 && next.text.length >= Passphrase.minimumLength
                                  && confirm.text === next.text

    spacing: Theme.spaceS

    Connections {
        target: form.account
        function onPassphraseChanged(ok, message) {
            form.resultOk = ok
            form.result = message
            if (ok) {
                current.text = ""
                next.text = ""
                confirm.text = ""
            }
        }
    }

    FieldLabel { Layout.fillWidth: true; text: qsTr("Current passphrase") }
    PassphraseField { id: current; Layout.fillWidth: true; Accessible.name: qsTr("Current passphrase") }
    FieldLabel { Layout.fillWidth: true; Layout.topMargin: Theme.spaceS; text: qsTr("New passphrase") }
    PassphraseField { id: next; Layout.fillWidth: true; Accessible.name: qsTr("New passphrase") }
    StrengthMeter { Layout.fillWidth: true; passphrase: next.text }
    FieldLabel { Layout.fillWidth: true; Layout.topMargin: Theme.spaceS; text: qsTr("Confirm new passphrase") }
    PassphraseField {
        id: confirm
        Layout.fillWidth: true
        error: text.length > 0 && text.length >= next.text.length && text !== next.text
        Accessible.name: qsTr("Confirm new passphrase")
        onAccepted: if (form.valid) form.account.changePassphrase(current.text, next.text)
    }
    Text {
        visible: confirm.error
        text: qsTr("The passphrases don't match.")
        color: Theme.danger
        font.pixelSize: Theme.fontSmall
    }
    RowLayout {
        Layout.topMargin: Theme.spaceS
        GroveButton {
            text: qsTr("Change passphrase")
            variant: "primary"
            busy: form.account.busy
            unavailableReason: form.valid ? "" : qsTr("Fill in all three fields (the new passphrase needs at least %1 characters).").arg(Passphrase.minimumLength)
            onTriggered: {
                form.result = ""
                form.account.changePassphrase(current.text, next.text)
            }
        }
    }
    InlineMessage {
        Layout.fillWidth: true
        type: form.resultOk ? "success" : "error"
        text: form.result
    }
}
