// Members pane and the invite / join dialogs against stand-ins: who is listed, what is said
// about members this build can't list, a code created and copied, a join that fails in words.
import QtQuick
import QtQuick.Controls
import QtTest
import Grove.Components
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
        property var invitations: []
        property var nextInvitation: ({code: "grove-invite:abc", expiresMs: Date.now() + 86400000})
        signal joinFinished(bool ok, string detail)
        function joinSpace(code) { joins.push(code); joinsChanged() }
        function createInvitation(role, days) {
            invitations.push([role, days])
            return nextInvitation
        }
        function copyToClipboard(text) { copied.push(text) }
        function reset() {
            joining = false; joins = []; copied = []; invitations = []
            nextInvitation = {code: "grove-invite:abc", expiresMs: Date.now() + 86400000}
        }
    }

    QtObject {
        id: space
        property int memberCount: 3
        property string myRole: "manager"
        property ListModel members: ListModel {
            property bool complete: false
            ListElement { identityId: "i1"; displayName: "Robin"; memberRole: "manager"; presence: "active"; me: true }
        }
    }

    Component { id: paneComponent; MembersPane { width: 260; height: 500 } }
    Component { id: inviteComponent; InviteDialog { parent: Overlay.overlay } }
    Component { id: joinComponent; JoinSpaceDialog { parent: Overlay.overlay } }

    TestCase {
        name: "Members"
        when: windowShown

        function init() { app.reset() }

        function test_pane_says_who_is_not_listed() {
            const pane = createTemporaryObject(paneComponent, root,
                                               {space: space, membersUnavailable: "Not in this build."})
            waitForRendering(pane)
            const texts = findTexts(pane).join(" | ")
            verify(texts.indexOf("2 other members aren't shown. Not in this build.") >= 0, texts)
            verify(texts.indexOf("Members · 3") >= 0, texts)
        }

        function test_invite_creates_and_copies() {
            const dialog = createTemporaryObject(inviteComponent, root, {app: app, spaceName: "Design"})
            dialog.open()
            tryVerify(() => dialog.visible)
            dialog.role = "guest"
            dialog.days = 1
            dialog.create()
            compare(app.invitations[0][0], "guest")
            compare(app.invitations[0][1], 1)
            compare(dialog.code, "grove-invite:abc")
            compare(dialog.error, "")
        }

        function test_invite_error_is_shown() {
            app.nextInvitation = {error: "Nobody could reach this device."}
            const dialog = createTemporaryObject(inviteComponent, root, {app: app, spaceName: "Design"})
            dialog.open()
            dialog.create()
            compare(dialog.code, "")
            compare(dialog.error, "Nobody could reach this device.")
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

        function findTexts(item) {
            let out = []
            if (item.text !== undefined && typeof item.text === "string" && item.visible) out.push(item.text)
            for (let i = 0; i < item.children.length; ++i)
                out = out.concat(findTexts(item.children[i]))
            return out
        }
    }
}
