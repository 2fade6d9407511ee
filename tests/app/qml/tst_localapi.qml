// Settings → Local API against a stand-in controller: off by default with nothing else shown;
// switched on, the address and the tokens (scope, spaces, last use); a new token's secret shown
// once with a copy button; revoking only after a confirmation, the profile token never; a
// refusal said in the panel.
import QtQuick
import QtQuick.Controls
import QtTest
import Grove.Kit
import Grove.Settings

Item {
    id: root
    width: 800
    height: 900

    QtObject {
        id: app
        property var copied: []
        function copyToClipboard(text) { copied.push(text) }
        property ListModel spaces: ListModel {
            ListElement { spaceId: "s1"; name: "Garden club" }
            ListElement { spaceId: "s2"; name: "Release planning" }
        }
        property QtObject localApi: QtObject {
            property bool enabled: false
            property bool running: false
            property string address: ""
            property string error: ""
            property var created: []
            property var revoked: []
            property int refreshes: 0
            property ListModel tokens: ListModel {}
            function setEnabled(on) {
                enabled = on; running = on; address = on ? "127.0.0.1:40123" : ""
                tokens.clear()
                if (on) {
                    tokens.append({name: "profile", scope: "admin", spaces: "", createdMs: 0, lastUsedMs: 0, profile: true})
                    tokens.append({name: "backup", scope: "read", spaces: "Garden club", createdMs: 1700000000000, lastUsedMs: 1700000500000, profile: false})
                }
            }
            function refresh() { refreshes++ }
            function createToken(name, scope, spaceIds) {
                if (name === "backup") return {error: "A token named backup exists already."}
                created.push({name: name, scope: scope, spaces: spaceIds})
                tokens.append({name: name, scope: scope, spaces: "", createdMs: Date.now(), lastUsedMs: 0, profile: false})
                return {name: name, secret: "grove-secret-123"}
            }
            function revokeToken(name) {
                if (name === "stuck") return "The token wasn't revoked: disk full."
                revoked.push(name)
                for (let i = 0; i < tokens.count; ++i) if (tokens.get(i).name === name) { tokens.remove(i); break }
                return ""
            }
        }
        function reset() {
            copied = []
            localApi.setEnabled(false); localApi.error = ""
            localApi.created = []; localApi.revoked = []; localApi.refreshes = 0
        }
    }

    Component { id: panelComponent; LocalApiPanel { width: 640 } }

    TestCase {
        name: "LocalApi"
        when: windowShown

        function init() { app.reset() }

        function test_off_by_default_then_on() {
            const panel = createTemporaryObject(panelComponent, root, {app: app})
            waitForRendering(panel)
            const toggle = findByName(panel, "localApiSwitch")
            verify(!toggle.checked)
            verify(!findByName(panel, "localApiAddress"))
            verify(!findByName(panel, "createToken"))
            // By keyboard: focus the switch, Space.
            toggle.forceActiveFocus()
            keyClick(Qt.Key_Space)
            verify(app.localApi.enabled)
            compare(findByName(panel, "localApiAddress").text, "127.0.0.1:40123")
            const texts = findTexts(panel).join(" | ")
            verify(texts.indexOf("backup") >= 0, texts)
            verify(texts.indexOf("Garden club") >= 0, texts)
            verify(texts.indexOf("last used") >= 0, texts)
            verify(texts.indexOf("grovectl on this device") >= 0, texts)
            verify(!findByName(panel, "revoke_profile"))  // never the profile token
            verify(findByName(panel, "revoke_backup"))
        }

        function test_create_shows_secret_once() {
            app.localApi.setEnabled(true)
            const panel = createTemporaryObject(panelComponent, root, {app: app})
            waitForRendering(panel)
            findByName(panel, "newTokenName").text = "backup"
            findByName(panel, "createToken").triggered()
            compare(findByName(panel, "newTokenError").text, "A token named backup exists already.")
            verify(!findByName(panel, "newTokenSecret"))
            findByName(panel, "newTokenName").text = "ci-bot"
            findByName(panel, "tokenSpace_Release planning").triggered()
            findByName(panel, "tokenSpace_Garden club").triggered()
            findByName(panel, "tokenSpace_Garden club").triggered()  // and back off
            findByName(panel, "scope_write").triggered()
            findByName(panel, "createToken").triggered()
            compare(app.localApi.created.length, 1)
            compare(app.localApi.created[0].scope, "write")
            compare(app.localApi.created[0].spaces, ["s2"])
            const secret = findByName(panel, "newTokenSecret")
            compare(secret.text, "grove-secret-123")
            secret.copyRequested(secret.text)
            compare(app.copied[0], "grove-secret-123")
            findByName(panel, "newTokenDone").triggered()
            verify(!findByName(panel, "newTokenSecret"))  // gone for good
        }

        function test_revoke_asks_first() {
            app.localApi.setEnabled(true)
            const panel = createTemporaryObject(panelComponent, root, {app: app})
            waitForRendering(panel)
            findByName(panel, "revoke_backup").triggered()
            compare(app.localApi.revoked.length, 0)  // nothing before the confirmation
            verify(findTexts(panel).join(" | ").indexOf("Revoke backup? Programs using it are refused") >= 0)
            findByName(panel, "cancelRevoke_backup").triggered()
            verify(findByName(panel, "revoke_backup"))
            findByName(panel, "revoke_backup").triggered()
            findByName(panel, "confirmRevoke_backup").triggered()
            compare(app.localApi.revoked, ["backup"])
            verify(!findByName(panel, "revoke_backup"))
            app.localApi.tokens.append({name: "stuck", scope: "write", spaces: "", createdMs: 1, lastUsedMs: 0, profile: false})
            findByName(panel, "revoke_stuck").triggered()
            findByName(panel, "confirmRevoke_stuck").triggered()
            compare(findByName(panel, "revokeTokenError").text, "The token wasn't revoked: disk full.")
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
