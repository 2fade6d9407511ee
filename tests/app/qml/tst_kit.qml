// Grove.Kit as a tool view sees it: every component loads in both themes, the dialog's standard
// buttons accept and reject, badges are round, and the text colours meet WCAG AA on the surfaces
// they are meant for.
import QtQuick
import QtQuick.Controls
import QtTest
import Grove.Kit

Item {
    id: root
    width: 800
    height: 600

    Component {
        id: everything
        Column {
            GroveButton { text: "Primary"; variant: "primary" }
            GroveButton { text: "Danger"; variant: "danger" }
            IconButton { iconName: "more"; tip: "More" }
            GroveTextField { placeholderText: "Title" }
            GroveTextArea { placeholderText: "Body" }
            GroveSwitch { text: "On" }
            GroveComboBox { model: ["Month", "Week"] }
            Badge { count: 3 }
            Chip { text: "Manager"; tone: "accent" }
            Avatar { name: "Robin Ashdown" }
            EmptyState { title: "Nothing yet"; text: "Start one." }
            InlineMessage { text: "Could not post"; type: "error" }
            Spinner {}
            Separator {}
            SectionLabel { text: "Topics" }
            FieldLabel { text: "Name" }
        }
    }

    Component {
        id: comboBox
        GroveComboBox { width: 200; model: ["Month", "Week", "Day"] }
    }

    GroveDialog {
        id: dialog
        title: "Delete this topic?"
        acceptText: "Delete"
        acceptVariant: "danger"
    }

    // A dialog with its own footer, as the shell's dialogs have: same order as the standard one.
    GroveDialog {
        id: customDialog
        title: "Leave?"
        footer: DialogButtons {
            GroveButton {
                id: customReject
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
                text: "Stay"
                onTriggered: customDialog.reject()
            }
            GroveButton {
                id: customAccept
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
                text: "Leave"
                variant: "danger"
                onTriggered: customDialog.accept()
            }
        }
    }
    SignalSpy { id: customAccepted; target: customDialog; signalName: "accepted" }
    SignalSpy { id: customRejected; target: customDialog; signalName: "rejected" }

    SignalSpy { id: accepted; target: dialog; signalName: "accepted" }
    SignalSpy { id: rejected; target: dialog; signalName: "rejected" }

    TestCase {
        name: "Kit"
        when: windowShown

        function luminance(c) {
            function channel(v) { return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4) }
            return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
        }
        function contrast(a, b) {
            const la = luminance(a), lb = luminance(b)
            return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
        }

        function test_components_load_in_both_themes() {
            for (const scheme of ["light", "dark"]) {
                Theme.colorScheme = scheme
                const column = createTemporaryObject(everything, root)
                verify(column, scheme)
                compare(column.children.length, 16)
            }
            Theme.colorScheme = "light"
        }

        function test_combo_box_chooses_from_its_list_in_the_theme() {
            for (const scheme of ["light", "dark"]) {
                Theme.colorScheme = scheme
                const box = createTemporaryObject(comboBox, root)
                verify(box, scheme)
                compare(box.displayText, "Month")
                box.forceActiveFocus()
                keyClick(Qt.Key_Space)
                tryCompare(box.popup, "opened", true)
                compare(box.popup.background.color, Theme.raised)
                keyClick(Qt.Key_Down)
                keyClick(Qt.Key_Return)
                tryCompare(box.popup, "visible", false)
                compare(box.currentIndex, 1)
                compare(box.displayText, "Week")
                compare(box.contentItem.color, Theme.text)
            }
            Theme.colorScheme = "light"
        }

        function test_dialog_standard_buttons() {
            dialog.open()
            tryCompare(dialog, "opened", true)
            verify(dialog.acceptButton.visible)
            verify(dialog.rejectButton.visible)
            compare(dialog.acceptButton.text, "Delete")
            compare(dialog.rejectButton.text, "Cancel")
            // Side by side, on one row, whichever order the platform uses.
            compare(dialog.acceptButton.y, dialog.rejectButton.y)
            verify(dialog.acceptButton.x !== dialog.rejectButton.x)
            verify(dialog.acceptButton.activeFocus)
            mouseClick(dialog.rejectButton)
            compare(rejected.count, 1)
            tryCompare(dialog, "visible", false)
            dialog.open()
            tryCompare(dialog, "opened", true)
            mouseClick(dialog.acceptButton)
            compare(accepted.count, 1)
            tryCompare(dialog, "visible", false)
        }

        function test_custom_footers_order_buttons_like_standard_ones() {
            dialog.open()
            tryCompare(dialog, "opened", true)
            const standardAcceptFirst = dialog.acceptButton.x < dialog.rejectButton.x
            dialog.close()
            tryCompare(dialog, "visible", false)
            customDialog.open()
            tryCompare(customDialog, "opened", true)
            compare(customAccept.y, customReject.y)
            compare(customAccept.x < customReject.x, standardAcceptFirst)
            // Each button acts once, through its own handler.
            mouseClick(customAccept)
            compare(customAccepted.count, 1)
            compare(customRejected.count, 0)
            tryCompare(customDialog, "visible", false)
            accepted.clear()
            rejected.clear()
        }

        function test_unavailable_accept_does_nothing() {
            dialog.acceptUnavailableReason = "Type a title first"
            dialog.open()
            tryCompare(dialog, "opened", true)
            const before = accepted.count
            mouseClick(dialog.acceptButton)
            compare(accepted.count, before)
            verify(dialog.visible)
            dialog.acceptUnavailableReason = ""
            dialog.close()
            tryCompare(dialog, "visible", false)
        }

        function test_text_colours_meet_wcag_aa() {
            for (const scheme of ["light", "dark"]) {
                Theme.colorScheme = scheme
                for (const surface of ["background", "surface", "raised", "sidebar", "hover", "selected"]) {
                    for (const ink of ["text", "textMuted"]) {
                        const ratio = contrast(Theme[ink], Theme[surface])
                        verify(ratio >= 4.5, scheme + " " + ink + " on " + surface + ": " + ratio.toFixed(2))
                    }
                }
                verify(contrast(Theme.accentText, Theme.accent) >= 4.5, scheme + " accentText on accent")
                verify(contrast(Theme.accent, Theme.background) >= 4.5, scheme + " accent on background")
                verify(contrast(Theme.danger, Theme.background) >= 4.5, scheme + " danger on background")
            }
            Theme.colorScheme = "light"
        }
    }
}
