// PairDeviceForm: first run on a new device of an existing account — the pairing code shown in
// Settings → Devices on the other device, and a passphrase for this device's copy of the keys.
// `pairing` is the DeviceController (pairDevice, pairingDevice, pairDeviceFinished,
// unavailableReason) or a test double; `account` gives the minimum passphrase length.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit
import Grove.Components

ColumnLayout {
    id: form
    required property QtObject pairing
    property QtObject account
    property bool attempted: false
    property string error
    signal cancelRequested()

    readonly property int minLength: account ? account.minPassphraseLength : 8
    readonly property string code: codeField.text.trim()
    readonly property bool codeOk: code.length > 0
    readonly property bool lengthOk: passField.text.length >= minLength
    readonly property bool matchOk: confirmField.text === passField.text
    readonly property bool valid: codeOk && lengthOk && matchOk
    readonly property bool busy: pairing ? pairing.pairingDevice : false
    readonly property string unavailable: pairing ? pairing.unavailableReason("pairDevice") : ""
    readonly property alias codeField: codeField
    readonly property alias passphraseField: passField
    readonly property alias confirmField: confirmField

    function submit() {
        attempted = true
        if (!valid) {
            if (!codeOk) codeField.forceActiveFocus()
            else if (!lengthOk) passField.forceActiveFocus()
            else confirmField.forceActiveFocus()
            return
        }
        error = ""
        pairing.pairDevice(code, passField.text)
    }
    function focusFirst() { codeField.forceActiveFocus() }

    Connections {
        target: form.pairing
        function onPairDeviceFinished(ok, message) {
            form.error = ok ? "" : message
        }
    }

    spacing: Theme.spaceS

    Text {
        text: qsTr("Link this device")
        color: Theme.text
        font.pixelSize: Theme.fontHeadline
        font.weight: Font.Bold
    }
    Text {
        Layout.fillWidth: true
        Layout.bottomMargin: Theme.spaceL
        text: qsTr("On the device you already use, open Settings → Devices and choose “Show a pairing code”. This device then becomes yours too, with every space you're in.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontBody
        wrapMode: Text.WordWrap
    }

    FieldLabel { Layout.fillWidth: true; text: qsTr("Pairing code") }
    GroveTextField {
        id: codeField
        objectName: "pairCodeField"
        Layout.fillWidth: true
        placeholderText: "grove-pair:…"
        enabled: !form.busy
        error: form.attempted && !form.codeOk
        Accessible.name: qsTr("Pairing code")
        onAccepted: passField.forceActiveFocus()
        KeyNavigation.tab: passField
    }
    Text {
        visible: codeField.error
        text: qsTr("Paste the code your other device shows.")
        color: Theme.danger
        font.pixelSize: Theme.fontSmall
    }

    FieldLabel {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spaceM
        text: qsTr("Passphrase for this device")
        note: qsTr("Unlocks Grove here")
    }
    PassphraseField {
        id: passField
        objectName: "pairPassphraseField"
        Layout.fillWidth: true
        placeholderText: qsTr("At least %1 characters").arg(form.minLength)
        enabled: !form.busy
        error: form.attempted && !form.lengthOk
        Accessible.name: qsTr("Passphrase for this device")
        onAccepted: confirmField.forceActiveFocus()
        KeyNavigation.tab: confirmField
    }
    StrengthMeter {
        Layout.fillWidth: true
        Layout.topMargin: 2
        passphrase: passField.text
    }
    FieldLabel { Layout.fillWidth: true; Layout.topMargin: Theme.spaceM; text: qsTr("Confirm passphrase") }
    PassphraseField {
        id: confirmField
        objectName: "pairConfirmField"
        Layout.fillWidth: true
        placeholderText: qsTr("Type it again")
        enabled: !form.busy
        error: (form.attempted || text.length >= passField.text.length) && text.length > 0 && !form.matchOk
        Accessible.name: qsTr("Confirm passphrase")
        onAccepted: form.submit()
        KeyNavigation.tab: linkButton
    }
    Text {
        visible: confirmField.error || (form.attempted && confirmField.text.length === 0 && passField.text.length > 0)
        text: qsTr("The passphrases don't match.")
        color: Theme.danger
        font.pixelSize: Theme.fontSmall
    }

    InlineMessage {
        objectName: "pairError"
        Layout.fillWidth: true
        Layout.topMargin: Theme.spaceS
        text: form.error
        type: "error"
    }

    GroveButton {
        id: linkButton
        objectName: "pairDeviceButton"
        Layout.fillWidth: true
        Layout.topMargin: Theme.spaceM
        implicitHeight: 42
        variant: "primary"
        text: form.busy ? qsTr("Linking… keep your other device running") : qsTr("Link this device")
        busy: form.busy
        unavailableReason: form.unavailable
        onTriggered: form.submit()
    }
    GroveButton {
        objectName: "pairCancelButton"
        Layout.fillWidth: true
        variant: "flat"
        visible: !form.busy
        text: qsTr("Create a new account instead")
        onTriggered: form.cancelRequested()
    }
}
