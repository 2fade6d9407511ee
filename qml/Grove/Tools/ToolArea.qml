// ToolArea: a space's tool instances as tabs (as in Groove), each tab showing the tool's own
// view, with "Add tool" at the end of the tab row, and a helpful empty state. `tools` is a
// ToolInstanceModel (or a test double); Ctrl+Tab / Ctrl+Shift+Tab switch tabs.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Components

Rectangle {
    id: area
    required property QtObject tools
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

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        visible: area.tools.count > 0

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceS
            Layout.rightMargin: Theme.spaceS
            spacing: 0
            TabBar {
                id: tabs
                Layout.fillWidth: true
                background: null
                Repeater {
                    model: area.tools
                    ToolTabButton {
                        required property var model
                        text: model.name
                        status: model.status
                    }
                }
            }
            IconButton {
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
                }
            }
        }
    }

    EmptyState {
        anchors.fill: parent
        visible: area.tools.count === 0
        iconName: "tools"
        title: qsTr("No tools in this space yet")
        text: area.toolsUnavailable !== ""
              ? qsTr("Tools such as Discussion appear here as tabs, one per tool you add. This build can't add tools yet: the tool host isn't part of it. The chat beside works already.")
              : qsTr("Add a tool, such as Discussion, to work on something together. Each tool you add gets a tab here.")
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
