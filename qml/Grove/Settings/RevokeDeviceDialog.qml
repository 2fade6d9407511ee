// RevokeDeviceDialog: asks before another device of this account is revoked, saying what it
// means — it loses every space, each space gets a new key it isn't given — and shows a refusal.
// `devices` is the DeviceController (revokeDevice, deviceRevokeFinished) or a double.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

GroveDialog {
    id: dialog
    required property QtObject devices
    property string deviceId
    property string error
    property bool waiting: false

    objectName: "revokeDeviceDialog"
    title: qsTr("Revoke this device?")
    subtitle: qsTr("It loses every space you're in: each space gets a new key that isn't given to it, and it drops them when it next connects. Use this for a lost or retired device. It can't be undone; to use that device again, link it anew.")
    width: Math.min(520, (parent ? parent.width : 520) - 2 * Theme.spaceXl)

    function ask(id) {
        deviceId = id
        open()
    }
    function confirm() {
        error = ""
        waiting = true
        devices.revokeDevice(deviceId)
    }
    onOpened: { error = ""; waiting = false; cancelButton.forceActiveFocus() }

    Connections {
        target: dialog.devices
        function onDeviceRevokeFinished(ok, message) {
            if (!dialog.waiting) return
            dialog.waiting = false
            if (ok) dialog.accept()
            else dialog.error = message
        }
    }

    contentItem: ColumnLayout {
        spacing: Theme.spaceS
        FieldLabel { Layout.fillWidth: true; text: qsTr("Device key") }
        Text {
            objectName: "revokeDeviceId"
            Layout.fillWidth: true
            text: dialog.deviceId
            color: Theme.text
            font.family: Theme.monoFamily
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WrapAnywhere
        }
        InlineMessage { objectName: "revokeDeviceError"; Layout.fillWidth: true; text: dialog.error }
    }
    footer: RowLayout {
        spacing: Theme.spaceS
        Item { Layout.fillWidth: true }
        GroveButton {
            id: cancelButton
            Layout.bottomMargin: Theme.spaceXl
            text: qsTr("Cancel")
            onTriggered: dialog.reject()
        }
        GroveButton {
            objectName: "confirmRevokeDevice"
            Layout.bottomMargin: Theme.spaceXl
            Layout.rightMargin: Theme.spaceXl
            variant: "danger"
            text: qsTr("Revoke device")
            busy: dialog.waiting
            onTriggered: dialog.confirm()
        }
    }
}
