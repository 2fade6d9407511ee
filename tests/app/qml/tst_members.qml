// Members pane, its dialogs and the space's rename / leave dialogs against stand-ins: who is
// listed and how ("(you)", roles, presence in words, typing, fingerprint details), the manager's
// menu (roles, remove after a confirmation that names the consequence), failures shown in words
// where the user looks, a code created and copied, the space's codes listed with Revoke for the
// pending ones, a join that fails in words.
import QtQuick
import QtQuick.Controls
import QtTest
import Grove.Kit
import Grove.Members
import Grove.Spaces

Item {
    id: root
    width: 900
    height: 700

    QtObject {
        id: app
        property bool joining: false
        property var joins: []
        property var copied: []
        signal joinFinished(bool ok, string detail)
        function joinSpace(code) { joins.push(code); joinsChanged() }
        function copyToClipboard(text) { copied.push(text) }
        function reset() {
            joining = false; joins = []; copied = []
        }
    }

    QtObject {
        id: space
        property string spaceId: "s1"
        property string name: "Design"
        property int memberCount: 3
        property string myRole: "manager"
        property var calls: []
        property var nextError: ""   // "" succeeds; else the message actionFinished carries
        signal actionFinished(string action, bool ok, string message)
        signal spaceChanged()
        function record(action, args) {
            calls.push([action].concat(args))
            actionFinished(action, nextError === "", nextError)
        }
        function changeRole(id, role) { record("role", [id, role]) }
        function removeMember(id) { record("remove", [id]) }
        function leave() { record("leave", []) }
        function renameSpace(name) { record("rename", [name]) }
        // Invitations: answered at once, with nextInvitation / nextRevokeError.
        property var invitations: []
        property var nextInvitation: ({code: "grove-invite:abc", invitationId: "inv1", expiresMs: Date.now() + 86400000})
        property var revokes: []
        property string nextRevokeError: ""
        property string invitationCode
        property string invitationShortCode
        property string invitationLink
        property string invitationId
        property double invitationExpiresMs
        function createInvitation(role, days) {
            invitations.push([role, days])
            if (nextInvitation.error) return actionFinished("invite", false, nextInvitation.error)
            invitationCode = nextInvitation.code
            invitationShortCode = nextInvitation.shortCode || ""
            invitationLink = nextInvitation.link || ""
            invitationId = nextInvitation.invitationId
            invitationExpiresMs = nextInvitation.expiresMs
            actionFinished("invite", true, "")
        }
        function revokeInvitation(id) {
            revokes.push(id)
            actionFinished("revokeInvitation", nextRevokeError === "", nextRevokeError)
        }
        function reset() {
            calls = []; nextError = ""; myRole = "manager"; memberCount = 3
            invitations = []; revokes = []; nextRevokeError = ""
            nextInvitation = {code: "grove-invite:abc", invitationId: "inv1", expiresMs: Date.now() + 86400000}
            members.setProperty(1, "presence", "active"); members.setProperty(1, "typing", false)
        }
        property ListModel members: ListModel {
            property bool complete: true
            ListElement { identityId: "i1"; displayName: "Robin"; memberRole: "manager"; presence: "active"; me: true; fingerprint: "aaaa 1111"; deviceCount: 1; lastSeenMs: 0; typing: false }
            ListElement { identityId: "i2"; displayName: "Sam"; memberRole: "participant"; presence: "active"; me: false; fingerprint: "bbbb 2222"; deviceCount: 2; lastSeenMs: 1700000000000; typing: false }
            ListElement { identityId: "i3"; displayName: "Ann"; memberRole: "guest"; presence: "away"; me: false; fingerprint: "cccc 3333"; deviceCount: 1; lastSeenMs: 1700000000000; typing: false }
        }
    }

    ListModel {
        id: codes
        property int pendingCount: 1
        property string error: ""
        ListElement { invitationId: "p1"; invitationRole: "participant"; expiresMs: 1700086400000; createdBy: "Robin"; usedBy: ""; status: "pending" }
        ListElement { invitationId: "u1"; invitationRole: "guest"; expiresMs: 1700000000000; createdBy: "Robin"; usedBy: "Sam"; status: "used" }
        ListElement { invitationId: "r1"; invitationRole: "manager"; expiresMs: 1700000000000; createdBy: "Ada"; usedBy: ""; status: "revoked" }
    }

    Component { id: paneComponent; MembersPane { width: 300; height: 600 } }
    Component { id: removeComponent; RemoveMemberDialog { parent: Overlay.overlay } }
    Component { id: leaveComponent; LeaveSpaceDialog { parent: Overlay.overlay } }
    Component { id: renameComponent; RenameSpaceDialog { parent: Overlay.overlay } }
    Component { id: inviteComponent; InviteDialog { parent: Overlay.overlay } }
    Component { id: joinComponent; JoinSpaceDialog { parent: Overlay.overlay } }
    // The kit's footer with a Cancel and an action: the order every dialog should share.
    Component {
        id: kitButtonsComponent
        DialogButtons {
            width: 480
            GroveButton { objectName: "kitReject"; DialogButtonBox.buttonRole: DialogButtonBox.RejectRole; text: "Cancel" }
            GroveButton { objectName: "kitAccept"; DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole; text: "OK" }
        }
    }

    TestCase {
        name: "Members"
        when: windowShown

        function init() { app.reset(); space.reset() }

        function test_pane_lists_members_with_roles() {
            const pane = createTemporaryObject(paneComponent, root,
                                               {space: space, presenceNote: "Green dot: connected."})
            waitForRendering(pane)
            const texts = findTexts(pane).join(" | ")
            verify(texts.indexOf("Members · 3") >= 0, texts)
            verify(texts.indexOf("(you)") >= 0, texts)
            verify(texts.indexOf("Participant · Active here") >= 0, texts)
            verify(texts.indexOf("Green dot: connected.") >= 0, texts)
            verify(texts.indexOf("Online: connected to this device") >= 0, texts)
            // A manager gets a menu for the others, never for themself.
            verify(findByName(pane, "memberMenu_Sam"))
            verify(findByName(pane, "memberMenu_Ann"))
            verify(!findByName(pane, "memberMenu_Robin"))
        }

        // Presence in words: active here, idle, online, last seen, not seen, and typing first.
        function test_presence_in_words() {
            const saved = Format.now
            Format.now = 1700000000000 + 5 * 60000
            const pane = createTemporaryObject(paneComponent, root, {space: space})
            waitForRendering(pane)
            const status = name => findByName(findByName(pane, "member_" + name), "memberStatus").text
            compare(status("Robin"), "Manager · This device")
            compare(status("Sam"), "Participant · Active here")
            compare(status("Ann"), "Guest · last seen 5 min ago")
            space.members.setProperty(1, "typing", true)
            compare(status("Sam"), "Participant · typing…")
            space.members.setProperty(1, "typing", false)
            space.members.setProperty(1, "presence", "idle")
            compare(status("Sam"), "Participant · Idle")
            space.members.setProperty(1, "presence", "online")
            compare(status("Sam"), "Participant · Online")
            space.members.setProperty(1, "presence", "unknown")
            compare(status("Sam"), "Participant · Not seen from this device")
            Format.now = saved
        }

        function test_participants_get_no_member_menu() {
            space.myRole = "participant"
            const pane = createTemporaryObject(paneComponent, root, {space: space})
            waitForRendering(pane)
            verify(!findByName(pane, "memberMenu_Sam"))
            verify(!findByName(pane, "paneInviteButton"))
        }

        function test_member_details_show_fingerprint() {
            const pane = createTemporaryObject(paneComponent, root, {space: space})
            waitForRendering(pane)
            const sam = findByName(pane, "member_Sam")
            verify(sam)
            verify(!findByName(sam, "memberFingerprint"))
            mouseClick(sam, 60, 20)
            tryVerify(() => findByName(sam, "memberFingerprint") !== null)
            compare(findByName(sam, "memberFingerprint").text, "bbbb 2222")
            verify(findTexts(sam).join(" ").indexOf("2 devices.") >= 0)
            sam.forceActiveFocus()
            keyClick(Qt.Key_Return)  // and by keyboard
            tryVerify(() => findByName(sam, "memberFingerprint") === null)
        }

        function test_role_change_and_its_failure_in_the_pane() {
            const pane = createTemporaryObject(paneComponent, root, {space: space})
            waitForRendering(pane)
            const sam = findByName(pane, "member_Sam")
            sam.roleChangeRequested("i2", "Sam", "guest")
            compare(space.calls[0], ["role", "i2", "guest"])
            compare(pane.roleError, "")
            space.nextError = "The role wasn't changed: a space needs a manager."
            sam.roleChangeRequested("i2", "Sam", "manager")
            compare(pane.roleError, "The role wasn't changed: a space needs a manager.")
            verify(findByName(pane, "roleError").visible)
        }

        function test_remove_asks_naming_the_consequence() {
            const pane = createTemporaryObject(paneComponent, root, {space: space})
            waitForRendering(pane)
            findByName(pane, "member_Sam").removeRequested("i2", "Sam")
            const dialog = pane.removeDialog
            tryVerify(() => dialog.opened)
            compare(dialog.title, "Remove Sam from “Design”?")
            verify(dialog.subtitle.indexOf("Sam will lose access; a new key is made for everyone else") === 0, dialog.subtitle)
            compare(space.calls.length, 0)  // nothing happens before the confirmation
            space.nextError = "The member wasn't removed: your role in this space doesn't allow it."
            dialog.confirm()
            compare(space.calls[0], ["remove", "i2"])
            compare(dialog.error, "The member wasn't removed: your role in this space doesn't allow it.")
            verify(dialog.visible)
            space.nextError = ""
            dialog.confirm()
            tryVerify(() => !dialog.visible)
        }

        function test_leave_shows_the_last_manager_error() {
            const dialog = createTemporaryObject(leaveComponent, root, {space: space})
            dialog.open()
            tryVerify(() => dialog.opened)
            verify(dialog.subtitle.indexOf("the others get a new key") >= 0, dialog.subtitle)
            space.nextError = "You haven't left the space: You are the space's only manager: make another member a manager first."
            dialog.confirm()
            compare(space.calls[0], ["leave"])
            compare(dialog.error, space.nextError)
            verify(dialog.visible)
            keyClick(Qt.Key_Escape)
            tryVerify(() => !dialog.visible)
            compare(space.calls.length, 1)
        }

        function test_leave_alone_says_it_deletes() {
            space.memberCount = 1
            const dialog = createTemporaryObject(leaveComponent, root, {space: space})
            dialog.open()
            verify(dialog.subtitle.indexOf("deleted from this device") >= 0, dialog.subtitle)
            dialog.confirm()
            tryVerify(() => !dialog.visible)
        }

        function test_rename_space() {
            const dialog = createTemporaryObject(renameComponent, root, {space: space})
            dialog.open()
            tryVerify(() => dialog.opened)
            compare(dialog.nameField.text, "Design")
            dialog.nameField.text = "   "
            dialog.submit()
            compare(dialog.error, "Give the space a name.")
            compare(space.calls.length, 0)
            dialog.nameField.text = "Design team"
            dialog.submit()
            compare(space.calls[0], ["rename", "Design team"])
            tryVerify(() => !dialog.visible)
        }

        function test_invite_creates_and_copies() {
            const dialog = createTemporaryObject(inviteComponent, root, {app: app, space: space, spaceName: "Design"})
            dialog.open()
            tryVerify(() => dialog.visible)
            dialog.role = "guest"
            dialog.days = 1
            dialog.create()
            compare(space.invitations[0][0], "guest")
            compare(space.invitations[0][1], 1)
            compare(dialog.code, "grove-invite:abc")
            compare(dialog.error, "")
        }

        // A short code to read out, the grove: link (with its QR code) to send; the full code on
        // demand. Copy takes the link, or the full code once that is shown.
        function test_invite_shows_short_code_link_and_qr() {
            space.nextInvitation = {code: "grove-invite:abc", invitationId: "inv1", expiresMs: Date.now() + 86400000,
                                    shortCode: "ABCD-EFGH-JKLMN", link: "grove:join?code=ABCD-EFGH-JKLMN&peer=10.0.0.5:4100"}
            const dialog = createTemporaryObject(inviteComponent, root, {app: app, space: space, spaceName: "Design"})
            dialog.open()
            tryVerify(() => dialog.visible)
            dialog.create()
            waitForRendering(dialog.contentItem)
            compare(findByName(dialog.contentItem, "invitationShortCode").text, "ABCD-EFGH-JKLMN")
            compare(findByName(dialog.contentItem, "invitationLink").text, space.nextInvitation.link)
            verify(!findByName(dialog.contentItem, "invitationCode"))  // finds visible items only
            const qr = findByName(dialog.contentItem, "invitationQr")
            tryVerify(() => qr.status === Image.Ready)
            verify(qr.implicitWidth > 0)
            const copy = findByName(dialog.footer, "copyInvitationButton")
            compare(copy.text, "Copy link")
            copy.triggered()
            compare(app.copied[0], space.nextInvitation.link)
            findByName(dialog.contentItem, "showFullCodeButton").triggered()
            verify(findByName(dialog.contentItem, "invitationCode"))
            compare(copy.text, "Copy code")
            dialog.copied = false
            copy.triggered()
            compare(app.copied[1], "grove-invite:abc")
        }

        // Without a short code (no node, a sealed code) the full code is shown as before.
        function test_invite_without_short_code_shows_the_full_code() {
            const dialog = createTemporaryObject(inviteComponent, root, {app: app, space: space, spaceName: "Design"})
            dialog.open()
            dialog.create()
            verify(findByName(dialog.contentItem, "invitationCode"))
            verify(!findByName(dialog.contentItem, "invitationQr"))
            compare(findByName(dialog.footer, "copyInvitationButton").text, "Copy code")
        }

        // The kit's order (DialogButtons: the platform's, the action rightmost on GNOME), not a
        // hand-made row: Cancel/Done and the action stand as in every other dialog.
        function test_invite_buttons_in_the_kits_order() {
            const kit = createTemporaryObject(kitButtonsComponent, root)
            waitForRendering(kit)
            const kx = name => findByName(kit, name).mapToItem(kit, 0, 0).x
            tryVerify(() => kx("kitReject") !== kx("kitAccept"))
            const rejectFirst = kx("kitReject") < kx("kitAccept")
            const dialog = createTemporaryObject(inviteComponent, root, {app: app, space: space, spaceName: "Design"})
            dialog.open()
            tryVerify(() => dialog.visible)
            waitForRendering(dialog.footer)
            verify(dialog.footer.box)  // the kit's DialogButtons
            const x = name => findByName(dialog.footer, name).mapToItem(dialog.footer, 0, 0).x
            tryVerify(() => (x("closeInviteButton") < x("createInvitationButton")) === rejectFirst, 3000,
                      "Cancel at " + x("closeInviteButton") + ", Create at " + x("createInvitationButton"))
            dialog.create()
            waitForRendering(dialog.footer)
            tryVerify(() => (x("closeInviteButton") < x("copyInvitationButton")) === rejectFirst, 3000,
                      "Done at " + x("closeInviteButton") + ", Copy at " + x("copyInvitationButton"))
            verify(findByName(dialog.footer, "revokeInvitationButton"))
        }

        function test_invite_code_can_be_revoked() {
            const dialog = createTemporaryObject(inviteComponent, root, {app: app, space: space, spaceName: "Design"})
            dialog.open()
            dialog.create()
            space.nextRevokeError = "The code wasn't revoked: it has been used: remove the member instead."
            dialog.revoke()
            compare(space.revokes[0], "inv1")
            compare(dialog.error, space.nextRevokeError)
            verify(!dialog.revoked)
            space.nextRevokeError = ""
            dialog.revoke()
            verify(dialog.revoked)
            compare(dialog.error, "")
        }

        // The space's codes: each with role, validity or who used it, who made it; Revoke only on
        // the pending one, and its refusal is said in the dialog.
        function test_invite_lists_codes_and_revokes_pending() {
            const dialog = createTemporaryObject(inviteComponent, root, {app: app, space: space, spaceName: "Design", invitations: codes})
            dialog.open()
            tryVerify(() => dialog.visible)
            waitForRendering(dialog.contentItem)
            const list = findByName(dialog.contentItem, "invitationList")
            verify(list)
            compare(list.count, 3)
            const texts = findTexts(dialog.contentItem).join(" | ")
            verify(texts.indexOf("Codes for this space · 1 still usable") >= 0, texts)
            verify(texts.indexOf("Guest · used by Sam · made by Robin") >= 0, texts)
            verify(texts.indexOf("Manager · revoked · made by Ada") >= 0, texts)
            verify(texts.indexOf("Participant · valid until") >= 0, texts)
            verify(findByName(dialog.contentItem, "revoke_p1"))
            verify(!findByName(dialog.contentItem, "revoke_u1"))
            verify(!findByName(dialog.contentItem, "revoke_r1"))
            space.nextRevokeError = "The code wasn't revoked: it has been used."
            findByName(dialog.contentItem, "revoke_p1").triggered()
            compare(space.revokes[0], "p1")
            compare(dialog.error, "The code wasn't revoked: it has been used.")
            space.nextRevokeError = ""
            findByName(dialog.contentItem, "revoke_p1").triggered()
            compare(space.revokes[1], "p1")
            compare(dialog.error, "")
        }

        function test_invite_without_codes_says_so() {
            const empty = Qt.createQmlObject('import QtQuick; ListModel { property int pendingCount: 0; property string error: "" }', root)
            const dialog = createTemporaryObject(inviteComponent, root, {app: app, space: space, spaceName: "Design", invitations: empty})
            dialog.open()
            tryVerify(() => dialog.visible)
            compare(findByName(dialog.contentItem, "invitationListNote").text, "No codes made yet.")
            empty.error = "Only managers see the space's invitation codes."
            compare(findByName(dialog.contentItem, "invitationListNote").text, "Only managers see the space's invitation codes.")
            empty.destroy()
        }

        function test_invite_error_is_shown() {
            space.nextInvitation = {error: "Nobody could reach this device."}
            const dialog = createTemporaryObject(inviteComponent, root, {app: app, space: space, spaceName: "Design"})
            dialog.open()
            dialog.create()
            compare(dialog.code, "")
            compare(dialog.error, "Nobody could reach this device.")
        }

        // `grove grove:join?…`: the dialog opens with the link, ready to join.
        function test_join_opens_with_a_link() {
            const dialog = createTemporaryObject(joinComponent, root, {app: app})
            dialog.openWith("grove:join?code=ABCD-EFGH-JKLMN&relay=relay.example:7000")
            tryVerify(() => dialog.visible)
            tryCompare(dialog.codeField, "text", "grove:join?code=ABCD-EFGH-JKLMN&relay=relay.example:7000")
            dialog.submit()
            compare(app.joins[0], "grove:join?code=ABCD-EFGH-JKLMN&relay=relay.example:7000")
            dialog.close()
            tryVerify(() => !dialog.visible)
            dialog.open()  // opened again without a link: empty
            tryCompare(dialog.codeField, "text", "")
        }

        function test_join_sends_code_and_shows_failure() {
            const dialog = createTemporaryObject(joinComponent, root, {app: app})
            dialog.open()
            tryVerify(() => dialog.visible)
            dialog.submit()
            compare(app.joins.length, 0)
            verify(dialog.error.length > 0)
            dialog.codeField.text = "grove-invite:xyz"
            dialog.submit()
            compare(app.joins[0], "grove-invite:xyz")
            app.joinFinished(false, "Couldn't join the space: the invitation was already used.")
            compare(dialog.error, "Couldn't join the space: the invitation was already used.")
            verify(dialog.visible)
            app.joinFinished(true, "space-id")
            tryVerify(() => !dialog.visible)
        }

        function findByName(item, name) {
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
