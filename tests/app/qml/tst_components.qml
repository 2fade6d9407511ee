// Shared components: badges, buttons that explain why they are unavailable, inline messages,
// empty states and the strength meter.
import QtQuick
import QtTest
import Grove.Kit
import Grove.Components

Item {
    id: root
    width: 600
    height: 400

    Component { id: badgeComponent; Badge {} }
    Component { id: buttonComponent; GroveButton { text: "Go" } }
    Component { id: messageComponent; InlineMessage {} }
    Component { id: meterComponent; StrengthMeter {} }
    Component { id: avatarComponent; Avatar { name: "Robin Ashdown" } }
    Component { id: syncChipComponent; SyncChip {} }

    TestCase {
        name: "Components"
        when: windowShown

        // Behind a relay's retention: said in words, with the controller's note as the
        // explanation; back to "Connected" when caught up.
        function test_sync_chip_behind_retention() {
            const chip = createTemporaryObject(syncChipComponent, root,
                                               {state_: "behind", links: 1, note: "3 older changes expired."})
            compare(chip.text, "Missing older history")
            compare(chip.explanation, "3 older changes expired.")
            verify(chip.Accessible.name.indexOf("Missing older history") === 0)
            chip.note = ""
            verify(chip.explanation.indexOf("Waiting for a member to come online") >= 0)
            chip.state_ = "connected"
            compare(chip.text, "Connected")
            verify(chip.explanation.indexOf("Linked to 1 other device") === 0)
        }

        function test_badge() {
            const badge = createTemporaryObject(badgeComponent, root, {count: 0})
            verify(!badge.visible)
            badge.count = 3
            verify(badge.visible)
            badge.count = 250
            verify(badge.width > badge.height)
            verify(badge.Accessible.name.indexOf("250") >= 0)
        }

        function test_button_triggers() {
            const button = createTemporaryObject(buttonComponent, root)
            const spy = createTemporaryObject(signalSpyComponent, root, {target: button, signalName: "triggered"})
            mouseClick(button)
            compare(spy.count, 1)
            button.forceActiveFocus()
            keyClick(Qt.Key_Space)
            compare(spy.count, 2)
        }

        function test_unavailable_button_explains() {
            const button = createTemporaryObject(buttonComponent, root, {unavailableReason: "Not in this build."})
            const spy = createTemporaryObject(signalSpyComponent, root, {target: button, signalName: "triggered"})
            verify(!button.available)
            mouseClick(button)
            keyClick(Qt.Key_Return)
            compare(spy.count, 0)
            compare(button.Accessible.description, "Not in this build.")
            compare(button.toolTipText, "Not in this build.")
        }

        function test_unavailable_button_is_reachable_by_tab() {
            // Still reachable by keyboard, and the reason shows when it gets focus.
            const pair = createTemporaryObject(tabPairComponent, root)
            pair.field.forceActiveFocus()
            keyClick(Qt.Key_Tab)
            verify(pair.button.activeFocus)
            tryVerify(() => pair.button.toolTipShown)
        }

        function test_busy_button_is_inert() {
            const button = createTemporaryObject(buttonComponent, root, {busy: true})
            const spy = createTemporaryObject(signalSpyComponent, root, {target: button, signalName: "triggered"})
            mouseClick(button)
            compare(spy.count, 0)
        }

        function test_inline_message() {
            const message = createTemporaryObject(messageComponent, root, {width: 400})
            verify(!message.visible)
            message.text = "Your message wasn't sent."
            verify(message.visible)
            compare(message.Accessible.role, Accessible.AlertMessage)
        }

        function test_strength_meter() {
            const meter = createTemporaryObject(meterComponent, root, {width: 300})
            compare(meter.score, 0)
            meter.passphrase = "short"
            compare(meter.score, 1)
            meter.passphrase = "correct horse battery staple"
            verify(meter.score >= 4)
        }

        function test_avatar_initials() {
            const avatar = createTemporaryObject(avatarComponent, root)
            compare(avatar.children[0].text, "RA")
            verify(Qt.colorEqual(avatar.color, Theme.avatarColor("Robin Ashdown")))
        }
    }

    Component { id: signalSpyComponent; SignalSpy {} }
    Component {
        id: tabPairComponent
        Row {
            property alias field: field
            property alias button: button
            GroveTextField { id: field; width: 200 }
            GroveButton { id: button; text: "Join"; unavailableReason: "Not in this build." }
        }
    }
}
