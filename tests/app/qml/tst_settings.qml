// Settings → Devices against a stand-in DeviceController: the devices listed (this one, another,
// a revoked one), revoking another only after a confirmation that says what it means (a refusal
// stays in the dialog), and a pairing code shown with its expiry, or why there can't be one.
import QtQuick
import QtQuick.Controls
import QtTest
import Grove.Kit
import Grove.Settings

Item {
    id: root
    width: 800
    height: 800

    QtObject {
        id: app
        property var copied: []
        function copyToClipboard(text) { copied.push(text) }
        function reset() { copied = [] }
    }

    // A stand-in DeviceController: createPairing answers at once with nextPairing.
    QtObject {
        id: devices
        property bool revokingDevice: false
        property bool creatingPairing: false
        property var revoked: []
        property int refreshes: 0
        property string pairingReason: ""
        property var nextPairing: ({code: "grove-pair:xyz", expiresMs: Date.now() + 15 * 60000, addresses: ["127.0.0.1:7421"]})
        property string pairingCode
        property double pairingExpiresMs
        property var pairingAddresses: []
        signal deviceRevokeFinished(bool ok, string message)
        signal pairingFinished(bool ok, string message)
        function refreshDevices() { refreshes++ }
        function revokeDevice(id) { revoked.push(id) }
        function createPairing() {
            if (nextPairing.error) return pairingFinished(false, nextPairing.error)
            pairingCode = nextPairing.code
            pairingExpiresMs = nextPairing.expiresMs
            pairingAddresses = nextPairing.addresses
            pairingFinished(true, "")
        }
        function unavailableReason(feature) { return feature === "pairing" ? pairingReason : "" }
        property ListModel model: ListModel {
            property string error: ""
            ListElement { deviceId: "aaaa1111aaaa"; thisDevice: true; revoked: false; issuedMs: 1700000000000; spaceCount: 3 }
            ListElement { deviceId: "bbbb2222bbbb"; thisDevice: false; revoked: false; issuedMs: 1700001000000; spaceCount: 3 }
            ListElement { deviceId: "cccc3333cccc"; thisDevice: false; revoked: true; issuedMs: 1700002000000; spaceCount: 0 }
        }
        function reset() {
            revokingDevice = false; revoked = []; refreshes = 0; pairingReason = ""
            model.error = ""
            nextPairing = {code: "grove-pair:xyz", expiresMs: Date.now() + 15 * 60000, addresses: ["127.0.0.1:7421"]}
        }
    }

    Component { id: panelComponent; DevicesPanel { width: 600 } }

    TestCase {
        name: "Settings"
        when: windowShown

        function init() { app.reset(); devices.reset() }

        function test_devices_listed() {
            const panel = createTemporaryObject(panelComponent, root, {app: app, devices: devices})
            waitForRendering(panel)
            compare(devices.refreshes, 1)  // read when shown
            const texts = findTexts(panel).join(" | ")
            verify(texts.indexOf("This device") >= 0, texts)
            verify(texts.indexOf("Another device") >= 0, texts)
            verify(texts.indexOf("Revoked device") >= 0, texts)
            verify(texts.indexOf("no longer gets your spaces") >= 0, texts)
            verify(texts.indexOf("in 3 spaces") >= 0, texts)
            // Revoke only on another device that isn't revoked yet.
            verify(!findByName(panel, "revokeDevice_aaaa1111"))
            verify(findByName(panel, "revokeDevice_bbbb2222"))
            verify(!findByName(panel, "revokeDevice_cccc3333"))
            devices.model.error = "Your devices couldn't be read: it no longer exists."
            verify(findTexts(panel).join(" | ").indexOf("Your devices couldn't be read") >= 0)
        }

        function test_revoke_asks_first_and_shows_refusal() {
            const panel = createTemporaryObject(panelComponent, root, {app: app, devices: devices})
            findByName(panel, "revokeDevice_bbbb2222").triggered()
            const dialog = panel.revokeDialog
            tryVerify(() => dialog.opened)
            compare(devices.revoked.length, 0)  // nothing before the confirmation
            verify(dialog.subtitle.indexOf("loses every space") >= 0, dialog.subtitle)
            verify(dialog.subtitle.indexOf("new key") >= 0, dialog.subtitle)
            const confirm = findByName(dialog.footer, "confirmRevokeDevice")
            confirm.triggered()
            compare(devices.revoked[0], "bbbb2222bbbb")
            devices.deviceRevokeFinished(false, "The device wasn't revoked: your role in this space doesn't allow it.")
            compare(dialog.error, "The device wasn't revoked: your role in this space doesn't allow it.")
            verify(dialog.visible)
            confirm.triggered()
            devices.deviceRevokeFinished(true, "")
            tryVerify(() => !dialog.visible)
        }

        function test_pairing_code_with_expiry() {
            const panel = createTemporaryObject(panelComponent, root, {app: app, devices: devices})
            verify(!findByName(panel, "pairingCode"))
            findByName(panel, "showPairingButton").triggered()
            compare(findByName(panel, "pairingCode").text, "grove-pair:xyz")
            const note = findByName(panel, "pairingNote").text
            verify(note.indexOf("Works once, until " + Format.time(devices.nextPairing.expiresMs)) === 0, note)
            verify(note.indexOf("127.0.0.1:7421") > 0, note)
            verify(!findByName(panel, "showPairingButton"))  // one code at a time
            // Expired: said so, and a new one can be made.
            panel.expiresMs = Date.now() - 1000
            Format.now = Date.now()
            compare(findByName(panel, "pairingNote").text, "This code has expired. Show a new one.")
            verify(findByName(panel, "showPairingButton"))
        }

        function test_pairing_refused_in_words() {
            devices.nextPairing = {error: "No pairing code was made: your account is locked."}
            const panel = createTemporaryObject(panelComponent, root, {app: app, devices: devices})
            findByName(panel, "showPairingButton").triggered()
            compare(panel.pairingError, "No pairing code was made: your account is locked.")
            verify(!findByName(panel, "pairingCode"))
            devices.pairingReason = "A new device must reach this one directly: start Grove with --listen host:port to link a device."
            compare(findByName(panel, "showPairingButton").unavailableReason, devices.pairingReason)
        }

        function findByName(item, name) {
            if (!item) return null
            if (item.objectName === name && item.visible) return item
            const kids = item.children || []
            for (let i = 0; i < kids.length; ++i) {
                const found = findByName(kids[i], name)
                if (found) return found
            }
            return null
        }

        function findTexts(item) {
            let out = []
            if (item.text !== undefined && typeof item.text === "string" && item.visible) out.push(item.text)
            for (let i = 0; i < item.children.length; ++i)
                out = out.concat(findTexts(item.children[i]))
            return out
        }
    }
}
