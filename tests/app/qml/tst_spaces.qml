// The spaces sidebar and tool area against stand-ins: selection by click and by arrow keys,
// the unavailable join action, and tool tabs with a missing tool's error panel.
import QtQuick
import QtTest
import Grove.Kit
import Grove.Spaces
import Grove.Tools

Item {
    id: root
    width: 1000
    height: 700

    QtObject {
            id: app
            property string currentSpaceId: ""
            property bool demo: false
            property QtObject network: QtObject {
                property string state: "online"
                property string error: ""
                property string listenAddress: "127.0.0.1:7400"
                property int linkCount: 2
            }
            property var selected: []
            property QtObject account: QtObject {
                property string displayName: "Robin"
                property string identityId: "abcd"
            }
            property ListModel spaces: ListModel {
                function indexOf(id) {
                    for (let i = 0; i < count; ++i) if (get(i).spaceId === id) return i
                    return -1
                }
                function idAt(i) { return i >= 0 && i < count ? get(i).spaceId : "" }
            }
            function selectSpace(id) { selected.push(id); currentSpaceId = id }
            function unavailableReason(feature) { return feature === "join" ? "No joining in this build." : "" }
            signal networkShown()
            function reset() { currentSpaceId = ""; selected = []; spaces.clear() }
    }
    Component { id: sidebarComponent; SpaceSidebar { width: 280; height: 600 } }

    function addSpace(app, id, name, unread, onlineNames) {
        const online = onlineNames || []
        app.spaces.append({spaceId: id, name: name, preview: "", previewAuthor: "", previewMine: false,
                           lastActivityMs: Date.now(), unread: unread, syncState: "connected", syncPending: 0,
                           onlineCount: online.length, onlineNames: online.join(", ")})
    }

    ListModel {
        id: toolsModel
        property bool available: true
    }
    Component { id: toolAreaComponent; ToolArea { width: 700; height: 500 } }

    TestCase {
        name: "Spaces"
        when: windowShown

        function init() { app.reset() }

        function test_click_and_keys_select() {
            addSpace(app, "s1", "Apple", 0)
            addSpace(app, "s2", "Garden club", 4)
            addSpace(app, "s3", "Zebra", 0)
            const sidebar = createTemporaryObject(sidebarComponent, root, {app: app})
            waitForRendering(sidebar)
            const list = sidebar.list
            compare(list.count, 3)
            mouseClick(list.itemAtIndex(1))
            compare(app.currentSpaceId, "s2")
            tryCompare(list, "currentIndex", 1)
            sidebar.focusList()
            keyClick(Qt.Key_Down)
            compare(app.currentSpaceId, "s3")
            keyClick(Qt.Key_Up)
            keyClick(Qt.Key_Up)
            compare(app.currentSpaceId, "s1")
        }

        function test_unread_badge_and_join_explains() {
            addSpace(app, "s2", "Garden club", 4)
            const sidebar = createTemporaryObject(sidebarComponent, root, {app: app})
            waitForRendering(sidebar)
            const row = sidebar.list.itemAtIndex(0)
            verify(row.Accessible.name.indexOf("4") >= 0)
            const join = findChild(sidebar, "joinSpaceButton")
            verify(!join.available)
            compare(join.toolTipText, "No joining in this build.")
            const network = findChild(sidebar, "networkStatus")
            compare(network.label, "Online · 2 links")
            app.network.linkCount = 1
            compare(network.label, "Online · 1 link")
            app.network.state = "off"
            compare(network.label, "Offline mode")
        }

        // Who else is online, per space: a count with the names on hover and in the spoken name;
        // nothing at all when nobody is.
        function test_online_members_per_space() {
            addSpace(app, "s1", "Apple", 0, ["Ann", "Sam"])
            addSpace(app, "s2", "Garden club", 0)
            const sidebar = createTemporaryObject(sidebarComponent, root, {app: app})
            waitForRendering(sidebar)
            const first = sidebar.list.itemAtIndex(0)
            const indicator = findChild(first, "onlineIndicator")
            verify(indicator.visible)
            compare(first.onlineText, "2 other members online: Ann, Sam")
            verify(first.Accessible.name.indexOf("Ann, Sam") >= 0)
            mouseMove(indicator, indicator.width / 2, indicator.height / 2)
            tryCompare(indicator, "tipShown", true)
            const second = sidebar.list.itemAtIndex(1)
            verify(!findChild(second, "onlineIndicator").visible)
            compare(second.Accessible.name, "Garden club")
            app.spaces.setProperty(1, "onlineCount", 1)
            app.spaces.setProperty(1, "onlineNames", "Ann")
            verify(findChild(second, "onlineIndicator").visible)
            compare(second.onlineText, "1 other member online: Ann")
        }

        function test_tool_area_empty_and_error_panel() {
            toolsModel.clear()
            const area = createTemporaryObject(toolAreaComponent, root,
                                               {tools: toolsModel, addToolUnavailable: "No tool host."})
            waitForRendering(area)
            compare(toolsModel.count, 0)
            toolsModel.append({name: "Design notes", toolName: "Discussion", toolId: "org.grove.discussion",
                               status: "missing", errorText: "needs Discussion ≥ 1.2", viewUrl: ""})
            toolsModel.append({name: "Sketch", toolName: "Sketchpad", toolId: "org.grove.sketchpad",
                               status: "failed", errorText: "apply threw", viewUrl: ""})
            waitForRendering(area)
            compare(area.currentIndex, 0)
            area.nextTab(1)
            compare(area.currentIndex, 1)
            area.nextTab(1)
            compare(area.currentIndex, 0)
            const panels = findAll(area, p => p.status !== undefined && p.errorText !== undefined && p.instanceName !== undefined && p.toolModel === undefined)
            verify(panels.length >= 2)
            compare(panels[0].errorText, "needs Discussion ≥ 1.2")
            compare(panels[0].status, "missing")
            compare(panels[1].status, "failed")
        }

        function findAll(item, pred) {
            let out = []
            if (pred(item)) out.push(item)
            for (let i = 0; i < item.children.length; ++i)
                out = out.concat(findAll(item.children[i], pred))
            return out
        }
    }
}
