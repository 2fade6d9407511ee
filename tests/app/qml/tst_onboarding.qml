// First run, linking a device and unlock forms against stand-ins for AccountController and
// AppController: what is checked before anything is sent, and how failures are shown.
import QtQuick
import QtTest
import Grove.Kit
import Grove.Onboarding

Item {
    id: root
    width: 900
    height: 700

    QtObject {
            id: account
            property int state: 0
            property bool busy: false
            property string error: ""
            property string displayName: ""
            property int minPassphraseLength: 8
            property var created: []
            property var unlocks: []
            function createAccount(name, pass) { created.push([name, pass]); createdChanged() }
            function unlock(pass) { unlocks.push(pass); unlocksChanged() }
            function clearError() { error = "" }
            function reset() {
                state = 0; busy = false; error = ""; created = []; unlocks = []
            }
    }
    QtObject {
        id: pairing
        property bool pairingDevice: false
        property string reason: ""
        property var pairs: []
        signal pairDeviceFinished(bool ok, string message)
        function pairDevice(code, pass) { pairs.push([code, pass]); pairingDevice = true }
        function unavailableReason(feature) { return feature === "pairDevice" ? reason : "" }
        function reset() { pairingDevice = false; reason = ""; pairs = [] }
    }
    Component { id: pairComponent; PairDeviceForm { width: 400 } }
    Component { id: createComponent; CreateAccountForm { width: 400 } }
    Component { id: unlockComponent; UnlockForm { width: 400 } }
    Component { id: pageComponent; OnboardingPage { anchors.fill: parent } }

    TestCase {
        name: "Onboarding"
        when: windowShown

        function init() { account.reset(); pairing.reset() }

        function test_creates_with_valid_input() {
            const form = createTemporaryObject(createComponent, root, {account: account})
            form.nameField.text = "  Robin  "
            form.passphraseField.text = "maple river lantern"
            form.confirmField.text = "maple river lantern"
            verify(form.valid)
            form.submit()
            compare(account.created.length, 1)
            compare(account.created[0][0], "Robin")
            compare(account.created[0][1], "maple river lantern")
        }

        function test_refuses_missing_name_short_or_mismatched() {
            const form = createTemporaryObject(createComponent, root, {account: account})
            form.passphraseField.text = "maple river lantern"
            form.confirmField.text = "maple river lantern"
            form.submit()
            verify(form.nameField.error)
            form.nameField.text = "Robin"
            form.passphraseField.text = "short"
            form.confirmField.text = "short"
            form.submit()
            verify(form.passphraseField.error)
            form.passphraseField.text = "maple river lantern"
            form.confirmField.text = "maple river lanterns"
            form.submit()
            verify(form.confirmField.error)
            compare(account.created.length, 0)
        }

        function test_enter_moves_through_fields_and_submits() {
            const form = createTemporaryObject(createComponent, root, {account: account})
            form.focusFirst()
            keyClick("R")
            keyClick(Qt.Key_Return)
            verify(form.passphraseField.activeFocus)
            for (const c of "orchid-pebble") keyClick(c)
            keyClick(Qt.Key_Return)
            verify(form.confirmField.activeFocus)
            for (const c of "orchid-pebble") keyClick(c)
            keyClick(Qt.Key_Return)
            compare(account.created.length, 1)
            compare(account.created[0][0], "R")
        }

        function test_wrong_passphrase_is_shown_and_cleared_on_typing() {
            account.state = 1
            const form = createTemporaryObject(unlockComponent, root, {account: account})
            form.passphraseField.text = "nope"
            form.submit()
            compare(account.unlocks[0], "nope")
            account.error = "That passphrase isn't right. Check it and try again."
            verify(form.passphraseField.error)
            tryVerify(() => form.passphraseField.activeFocus)
            keyClick("x")
            compare(account.error, "")
        }

        function test_empty_unlock_sends_nothing() {
            account.state = 1
            const form = createTemporaryObject(unlockComponent, root, {account: account})
            form.submit()
            compare(account.unlocks.length, 0)
        }

        // Linking: nothing is sent without a code and a confirmed passphrase; a refusal is shown
        // under the form; the page switches to it and back.
        function test_pair_device_form() {
            const form = createTemporaryObject(pairComponent, root, {pairing: pairing, account: account})
            form.submit()
            verify(form.codeField.error)
            form.codeField.text = "  grove-pair:abc  "
            form.passphraseField.text = "short"
            form.confirmField.text = "short"
            form.submit()
            verify(form.passphraseField.error)
            form.passphraseField.text = "maple river lantern"
            form.confirmField.text = "maple river lanterns"
            form.submit()
            verify(form.confirmField.error)
            compare(pairing.pairs.length, 0)
            form.confirmField.text = "maple river lantern"
            form.submit()
            compare(pairing.pairs.length, 1)
            compare(pairing.pairs[0][0], "grove-pair:abc")
            compare(pairing.pairs[0][1], "maple river lantern")
            verify(form.busy)
            verify(!form.codeField.enabled)
            pairing.pairingDevice = false
            pairing.pairDeviceFinished(false, "This device wasn't linked: your other device didn't answer.")
            compare(form.error, "This device wasn't linked: your other device didn't answer.")
        }

        function test_pair_unavailable_says_why() {
            pairing.reason = "Grove was started with --offline: this device can't reach your other one."
            const form = createTemporaryObject(pairComponent, root, {pairing: pairing, account: account})
            compare(findChild(form, "pairDeviceButton").unavailableReason, pairing.reason)
        }

        function test_page_offers_linking_on_first_run() {
            const page = createTemporaryObject(pageComponent, root, {account: account, pairing: pairing})
            compare(page.mode, "create")
            const link = findChild(page, "linkDeviceInstead")
            verify(link && link.visible)
            link.triggered()
            compare(page.mode, "pair")
            tryVerify(() => page.form && page.form.codeField !== undefined)
            page.form.cancelRequested()
            compare(page.mode, "create")
            // No pairing object: no offer.
            const plain = createTemporaryObject(pageComponent, root, {account: account})
            verify(!findChild(plain, "linkDeviceInstead").visible)
        }

        function test_page_picks_the_form() {
            const page = createTemporaryObject(pageComponent, root, {account: account})
            compare(page.mode, "create")
            account.state = 1
            compare(page.mode, "unlock")
            tryVerify(() => page.form && page.form.passphraseField !== undefined)
        }
    }
}
