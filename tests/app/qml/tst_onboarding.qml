// First run and unlock forms against a stand-in AccountController: what is checked before
// anything is sent, and how a wrong passphrase is shown.
import QtQuick
import QtTest
import Grove.Components
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
    Component { id: createComponent; CreateAccountForm { width: 400 } }
    Component { id: unlockComponent; UnlockForm { width: 400 } }
    Component { id: pageComponent; OnboardingPage { anchors.fill: parent } }

    TestCase {
        name: "Onboarding"
        when: windowShown

        function init() { account.reset() }

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

        function test_page_picks_the_form() {
            const page = createTemporaryObject(pageComponent, root, {account: account})
            compare(page.mode, "create")
            account.state = 1
            compare(page.mode, "unlock")
            tryVerify(() => page.form && page.form.passphraseField !== undefined)
        }
    }
}
