// CreateAccountForm: first run — the name others will see and a passphrase (with a strength
// hint and a confirmation). `account` is the AccountController (or a test double).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit
import Grove.Components

ColumnLayout {
    id: form
    required property QtObject account
    property bool attempted: false  // show field errors only after a first try

    readonly property string name: nameField.text.trim()
    readonly property int minLength: account ? account.minPassphraseLength : 8
    readonly property bool nameOk: name.length > 0
    readonly property bool lengthOk: passField.text.length >= minLength
    readonly property bool matchOk: confirmField.text === passField.text
    readonly property bool valid: nameOk && lengthOk && matchOk
    readonly property alias nameField: nameField
    readonly property alias passphraseField: passField
    readonly property alias confirmField: confirmField

    function submit() {
        attempted = true
        if (!valid) {
            if (!nameOk) nameField.forceActiveFocus()
            else if (!lengthOk) passField.forceActiveFocus()
            else confirmField.forceActiveFocus()
            return
        }
        account.createAccount(name, passField.text)
    }
    function focusFirst() { nameField.forceActiveFocus() }

    spacing: Theme.spaceS

    Text {
        text: qsTr("Create your account")
        color: Theme.text
        font.pixelSize: Theme.fontHeadline
        font.weight: Font.Bold
    }
    Text {
        Layout.fillWidth: true
        Layout.bottomMargin: Theme.spaceL
        text: qsTr("This sets up Grove on this device. It takes a few seconds.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontBody
        wrapMode: Text.WordWrap
    }

    FieldLabel { Layout.fillWidth: true; text: qsTr("Your name"); note: qsTr("Shown to people in your spaces") }
    GroveTextField {
        id: nameField
        objectName: "nameField"
        Layout.fillWidth: true
        placeholderText: qsTr("e.g. Robin Ashdown")
        maximumLength: 80
        enabled: !form.account.busy
        error: form.attempted && !form.nameOk
        Accessible.name: qsTr("Your name")
        onAccepted: passField.forceActiveFocus()
        KeyNavigation.tab: passField
    }
    Text {
        visible: nameField.error
        text: qsTr("Enter the name others will see.")
        color: Theme.danger
        font.pixelSize: Theme.fontSmall
    }

    FieldLabel { Layout.fillWidth: true; Layout.topMargin: Theme.spaceM; text: qsTr("Passphrase") }
    PassphraseField {
        id: passField
        objectName: "passphraseField"
        Layout.fillWidth: true
        placeholderText: qsTr("At least %1 characters").arg(form.minLength)
        enabled: !form.account.busy
        error: form.attempted && !form.lengthOk
        Accessible.name: qsTr("Passphrase")
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
        objectName: "confirmField"
        Layout.fillWidth: true
        placeholderText: qsTr("Type it again")
        enabled: !form.account.busy
        error: (form.attempted || text.length >= passField.text.length) && text.length > 0 && !form.matchOk
        Accessible.name: qsTr("Confirm passphrase")
        onAccepted: form.submit()
        KeyNavigation.tab: createButton
    }
    Text {
        visible: confirmField.error || (form.attempted && confirmField.text.length === 0 && passField.text.length > 0)
        text: qsTr("The passphrases don't match.")
        color: Theme.danger
        font.pixelSize: Theme.fontSmall
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spaceM
        spacing: Theme.spaceS
        Icon { Layout.alignment: Qt.AlignTop; name: "info"; size: 16; color: Theme.textMuted }
        Text {
            Layout.fillWidth: true
            text: qsTr("Write your passphrase down somewhere safe: if it is forgotten, nobody can recover this account.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
    }

    InlineMessage {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spaceS
        text: form.account.error
        type: "error"
    }

    GroveButton {
        id: createButton
        objectName: "createAccountButton"
        Layout.fillWidth: true
        Layout.topMargin: Theme.spaceM
        implicitHeight: 42
        variant: "primary"
        text: form.account.busy ? qsTr("Creating your keys…") : qsTr("Create account")
        busy: form.account.busy
        onTriggered: form.submit()
    }
}
