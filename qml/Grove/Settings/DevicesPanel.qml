// DevicesPanel: Settings → Devices — this account's devices as its spaces certify them (this one,
// others, revoked ones), revoking another one after a confirmation, and a one-time pairing code
// (with its expiry) for linking a new device. `devices` is the DeviceController or a double;
// `app` gives the clipboard.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

ColumnLayout {
    id: panel
    required property QtObject devices  // DeviceController
    required property QtObject app      // AppController: copyToClipboard
    property string code
    property double expiresMs: 0
    property var addresses: []
    property string pairingError
    property bool copied: false
    readonly property alias revokeDialog: revokeDialog

    spacing: Theme.spaceL

    // Asks for a code; it shows once the DeviceController says pairingFinished.
    function showPairing() { devices.createPairing() }
    Connections {
        target: panel.devices
        function onPairingFinished(ok, message) {
            panel.pairingError = ok ? "" : message
            panel.code = ok ? panel.devices.pairingCode : ""
            panel.expiresMs = ok ? panel.devices.pairingExpiresMs : 0
            panel.addresses = ok ? panel.devices.pairingAddresses : []
            panel.copied = false
        }
    }
    readonly property bool codeExpired: code !== "" && expiresMs <= Format.now

    Component.onCompleted: devices.refreshDevices()

    FieldLabel { Layout.fillWidth: true; text: qsTr("Your devices") }
    InlineMessage {
        Layout.fillWidth: true
        type: "error"
        text: panel.devices.model.error
    }
    ColumnLayout {
        objectName: "deviceList"
        Layout.fillWidth: true
        spacing: Theme.spaceXs
        Repeater {
            model: panel.devices.model
            delegate: Rectangle {
                id: deviceRow
                required property string deviceId
                required property bool thisDevice
                required property bool revoked
                required property double issuedMs
                required property int spaceCount
                objectName: "device_" + deviceId.substring(0, 8)
                Layout.fillWidth: true
                implicitHeight: deviceColumn.implicitHeight + 2 * Theme.spaceM
                radius: Theme.radiusM
                color: Theme.surface
                border.width: 1
                border.color: Theme.border
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.spaceM
                    anchors.rightMargin: Theme.spaceS
                    spacing: Theme.spaceS
                    Icon {
                        name: "device"
                        size: 20
                        color: deviceRow.revoked ? Theme.textFaint : Theme.textMuted
                    }
                    ColumnLayout {
                        id: deviceColumn
                        Layout.fillWidth: true
                        spacing: 2
                        Text {
                            Layout.fillWidth: true
                            text: deviceRow.thisDevice ? qsTr("This device")
                                  : deviceRow.revoked ? qsTr("Revoked device") : qsTr("Another device")
                            color: deviceRow.revoked ? Theme.textMuted : Theme.text
                            font.pixelSize: Theme.fontBody
                            font.weight: Font.DemiBold
                        }
                        Text {
                            objectName: "deviceDetails"
                            Layout.fillWidth: true
                            text: {
                                const parts = []
                                if (deviceRow.issuedMs > 0)
                                    parts.push(qsTr("added %1").arg(Format.full(deviceRow.issuedMs)))
                                parts.push(deviceRow.revoked ? qsTr("no longer gets your spaces")
                                           : Format.count(deviceRow.spaceCount, qsTr("in %1 space"), qsTr("in %1 spaces")))
                                return parts.join(" · ")
                            }
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.WordWrap
                        }
                        Text {
                            Layout.fillWidth: true
                            text: deviceRow.deviceId
                            color: Theme.textFaint
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.fontCaption
                            elide: Text.ElideMiddle
                        }
                    }
                    GroveButton {
                        objectName: "revokeDevice_" + deviceRow.deviceId.substring(0, 8)
                        visible: !deviceRow.thisDevice && !deviceRow.revoked
                        variant: "flat"
                        text: qsTr("Revoke…")
                        tip: qsTr("For a lost or retired device: it loses every space")
                        unavailableReason: panel.devices.revokingDevice ? qsTr("A device is being revoked.") : ""
                        onTriggered: revokeDialog.ask(deviceRow.deviceId)
                    }
                }
            }
        }
    }

    // ---- linking a new device ----
    FieldLabel { Layout.fillWidth: true; Layout.topMargin: Theme.spaceM; text: qsTr("Link another device") }
    Text {
        Layout.fillWidth: true
        text: qsTr("A pairing code lets a new device become yours: it gets your identity and every space you're in. Show one only to yourself, and use it on the new device within %1 minutes.").arg(15)
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
    GroveButton {
        objectName: "showPairingButton"
        visible: panel.code === "" || panel.codeExpired
        text: panel.codeExpired ? qsTr("Show a new pairing code") : qsTr("Show a pairing code")
        iconName: "device"
        unavailableReason: panel.devices.creatingPairing ? qsTr("A pairing code is being made.")
                                                        : panel.devices.unavailableReason("pairing")
        onTriggered: panel.showPairing()
    }
    InlineMessage { Layout.fillWidth: true; type: "error"; text: panel.pairingError }
    Rectangle {
        Layout.fillWidth: true
        visible: panel.code !== ""
        implicitHeight: pairingColumn.implicitHeight + 2 * Theme.spaceM
        radius: Theme.radiusM
        color: Theme.surface
        border.width: 1
        border.color: Theme.border
        ColumnLayout {
            id: pairingColumn
            anchors.fill: parent
            anchors.margins: Theme.spaceM
            spacing: Theme.spaceS
            TextEdit {
                objectName: "pairingCode"
                Layout.fillWidth: true
                text: panel.code
                font.strikeout: panel.codeExpired
                readOnly: true
                selectByMouse: true
                wrapMode: TextEdit.WrapAnywhere
                color: Theme.text
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontSmall
                selectionColor: Theme.accent
                selectedTextColor: Theme.accentText
                Accessible.name: qsTr("Pairing code")
            }
            Text {
                objectName: "pairingNote"
                Layout.fillWidth: true
                text: panel.codeExpired
                      ? qsTr("This code has expired. Show a new one.")
                      : qsTr("Works once, until %1. On the new device, start Grove, choose “Link this one” and paste the code (or, headless: grovectl device join CODE). It must reach this device directly (%2) while Grove runs here.")
                        .arg(Format.time(panel.expiresMs)).arg(panel.addresses.join(", "))
                color: panel.codeExpired ? Theme.danger : Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
            GroveButton {
                visible: !panel.codeExpired
                variant: "primary"
                iconName: panel.copied ? "check" : "copy"
                text: panel.copied ? qsTr("Copied") : qsTr("Copy code")
                onTriggered: {
                    panel.app.copyToClipboard(panel.code)
                    panel.copied = true
                }
            }
        }
    }

    RevokeDeviceDialog {
        id: revokeDialog
        parent: Overlay.overlay
        devices: panel.devices
    }
}
