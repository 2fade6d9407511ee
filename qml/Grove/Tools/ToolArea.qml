// ToolArea: a space's tool instances as tabs (as in Groove), each tab showing the tool's own
// view, with "Add a tool" and the current tab's rename/remove at the end of the tab row, and a
// helpful empty state. `tools` is a ToolInstanceModel, `space` the SpaceController (renameTool,
// removeTool) — or test doubles. Ctrl+Tab / Ctrl+Shift+Tab switch tabs.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

Rectangle {
    id: area
    required property QtObject tools
    property QtObject space
    property string toolsUnavailable    // why this build has no tools ("" when it has)
    property string addToolUnavailable  // why adding is not possible now
    property bool canManage: true
    property alias currentIndex: tabs.currentIndex
    signal addToolRequested()

    color: Theme.background

    function nextTab(step) {
        if (tabs.count > 0)
            tabs.currentIndex = (tabs.currentIndex + step + tabs.count) % tabs.count
    }
    function showInstance(instanceId) {
        const i = tools.indexOf(instanceId)
        if (i >= 0) tabs.currentIndex = i
    }
    function currentRow() {
        const item = tabRepeater.itemAt(tabs.currentIndex)
        return item ? item.model : null
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        visible: area.tools.count > 0

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceS
            Layout.rightMargin: Theme.spaceS
            spacing: 2
            TabBar {
                id: tabs
                objectName: "toolTabs"
                Layout.fillWidth: true
                background: null
                Repeater {
                    id: tabRepeater
                    model: area.tools
                    ToolTabButton {
                        required property var model
                        text: model.name
                        status: model.status
                    }
                }
            }
            IconButton {
                id: moreButton
                visible: area.canManage && area.space !== null
                iconName: "more"
                tip: qsTr("This tab: rename or remove")
                onTriggered: tabMenu.popup(moreButton, 0, moreButton.height)
            }
            IconButton {
                objectName: "addToolButton"
                iconName: "plus"
                tip: qsTr("Add a tool")
                visible: area.canManage
                unavailableReason: area.addToolUnavailable
                onTriggered: area.addToolRequested()
            }
        }
        Separator { Layout.fillWidth: true }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex
            Repeater {
                model: area.tools
                ToolView {
                    required property var model
                    instanceName: model.name
                    toolName: model.toolName
                    toolId: model.toolId
                    status: model.status
                    errorText: model.errorText
                    viewUrl: model.viewUrl
                    toolModel: model.toolObject || null
                }
            }
        }
    }

    Menu {
        id: tabMenu
        MenuItem {
            text: qsTr("Rename tab…")
            onTriggered: {
                const row = area.currentRow()
                if (!row) return
                renameDialog.instanceId = row.instanceId
                renameDialog.currentName = row.name
                renameDialog.open()
            }
        }
        MenuItem {
            text: qsTr("Remove from space…")
            onTriggered: {
                const row = area.currentRow()
                if (!row) return
                removeDialog.instanceId = row.instanceId
                removeDialog.name = row.name
                removeDialog.open()
            }
        }
    }

    GroveDialog {
        id: renameDialog
        property string instanceId
        property string currentName
        property string error
        parent: Overlay.overlay
        title: qsTr("Rename tab")
        onOpened: {
            error = ""
            renameField.text = currentName
            renameField.selectAll()
            renameField.forceActiveFocus()
        }
        function submit() {
            error = area.space.renameTool(instanceId, renameField.text)
            if (error === "") accept()
        }
        contentItem: ColumnLayout {
            spacing: Theme.spaceS
            GroveTextField {
                id: renameField
                Layout.fillWidth: true
                maximumLength: 64
                error: renameDialog.error !== ""
                onAccepted: renameDialog.submit()
            }
            InlineMessage { Layout.fillWidth: true; text: renameDialog.error }
        }
        footer: RowLayout {
            spacing: Theme.spaceS
            Item { Layout.fillWidth: true }
            GroveButton { Layout.bottomMargin: Theme.spaceXl; text: qsTr("Cancel"); onTriggered: renameDialog.reject() }
            GroveButton {
                Layout.bottomMargin: Theme.spaceXl
                Layout.rightMargin: Theme.spaceXl
                variant: "primary"
                text: qsTr("Rename")
                onTriggered: renameDialog.submit()
            }
        }
    }

    GroveDialog {
        id: removeDialog
        property string instanceId
        property string name
        property string error
        parent: Overlay.overlay
        title: qsTr("Remove “%1”?").arg(name)
        subtitle: qsTr("The tab disappears for everyone in the space.")
        onOpened: error = ""
        contentItem: InlineMessage { text: removeDialog.error }
        footer: RowLayout {
            spacing: Theme.spaceS
            Item { Layout.fillWidth: true }
            GroveButton { Layout.bottomMargin: Theme.spaceXl; text: qsTr("Cancel"); onTriggered: removeDialog.reject() }
            GroveButton {
                id: confirmRemove
                Layout.bottomMargin: Theme.spaceXl
                Layout.rightMargin: Theme.spaceXl
                variant: "danger"
                text: qsTr("Remove")
                onTriggered: {
                    removeDialog.error = area.space.removeTool(removeDialog.instanceId)
                    if (removeDialog.error === "") removeDialog.accept()
                }
            }
        }
        onOpenedChanged: if (opened) confirmRemove.forceActiveFocus()
    }

    EmptyState {
        anchors.fill: parent
        visible: area.tools.count === 0
        iconName: "tools"
        title: qsTr("No tools in this space yet")
        text: area.toolsUnavailable !== ""
              ? qsTr("Tools such as Discussion appear here as tabs, one per tool you add. This build can't add tools yet: the tool host isn't part of it. The chat beside works already.")
              : area.canManage
                ? qsTr("Add a tool, such as Discussion, to work on something together. Each tool you add gets a tab here, for everyone in the space.")
                : qsTr("When a manager adds a tool, such as Discussion, it appears here as a tab.")
        GroveButton {
            visible: area.canManage
            text: qsTr("Add a tool")
            iconName: "plus"
            variant: "primary"
            unavailableReason: area.addToolUnavailable
            onTriggered: area.addToolRequested()
        }
    }
}
