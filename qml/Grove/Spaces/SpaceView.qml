// SpaceView: one space on screen — header, its tools as tabs, the chat beside them (a column the
// user can resize or hide), and the members pane on demand. Panes give way so the tool keeps at
// least `toolMinimum` px (room for a list beside a reading pane): below that the chat starts
// hidden (the header's chat button brings it back) and the members pane takes the chat's place
// instead of a column of its own. A load error replaces the content with the reason.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit
import Grove.Chat
import Grove.Members
import Grove.Tools

Rectangle {
    id: view
    required property QtObject app  // AppController
    readonly property QtObject space: app.space
    property bool membersShown: false
    readonly property int toolMinimum: 560
    // The chat column's width: resized with its handle, kept while the app runs.
    property real chatWidth: Math.round(Math.max(300, Math.min(420, width * 0.32)))
    // Whether the user wants the chat: on by default where it fits, toggled from the header.
    property bool chatWanted: true
    readonly property bool roomForChat: width - 300 - 1 >= toolMinimum
    readonly property bool chatShown: chatWanted && !(membersShown && !membersFitBesideChat)
    // Members beside the tool and the chat if all fit; otherwise members take the chat's place.
    readonly property bool membersFitBesideChat: width - chatWidth - Theme.membersWidth - 2 >= toolMinimum
    onRoomForChatChanged: chatWanted = roomForChat
    Component.onCompleted: chatWanted = roomForChat
    readonly property alias chat: chatPanel
    readonly property alias tools: toolArea
    signal addToolRequested()

    Connections {
        target: view.space
        function onToolAdded(instanceId) { Qt.callLater(toolArea.showInstance, instanceId) }
    }
    signal inviteRequested()
    signal renameRequested()
    signal leaveRequested()
    readonly property alias header: header
    readonly property alias membersPane: membersPane

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        SpaceHeader {
            id: header
            Layout.fillWidth: true
            space: view.space
            offlineWhy: view.space.syncState === "offline" && view.app.network.linkCount >= 0
                        ? view.app.network.offlineExplanation(view.space.spaceId) : ""
            notificationsGlobal: view.app.settings ? view.app.settings.notificationsEnabled : false
            notificationsOn: view.app.settings ? view.app.settings.notificationsEnabled
                                                 && view.app.settings.mutedSpaces.indexOf(view.space.spaceId) < 0 : false
            onNotificationsToggled: on => view.app.settings.setSpaceMuted(view.space.spaceId, !on)
            onRenameRequested: view.renameRequested()
            onLeaveRequested: view.leaveRequested()
            membersShown: view.membersShown
            chatShown: view.chatShown
            onChatToggled: {
                if (view.membersShown && !view.membersFitBesideChat)
                    view.membersShown = false
                view.chatWanted = !view.chatShown
            }
            syncUnavailable: view.app.unavailableReason("sync")
            inviteUnavailable: view.app.unavailableReason("invite")
            onMembersToggled: view.membersShown = !view.membersShown
            onInviteRequested: view.inviteRequested()
        }

        InlineMessage {
            Layout.fillWidth: true
            Layout.margins: Theme.spaceL
            text: view.space.loadError
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0
            visible: view.space.loadError === ""

            SplitView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                orientation: Qt.Horizontal
                handle: Rectangle {
                    implicitWidth: 1
                    color: SplitHandle.pressed || SplitHandle.hovered ? Theme.accent : Theme.border
                    containmentMask: Item { x: -3; width: 7; height: parent ? parent.height : 0 }
                }

                ToolArea {
                    id: toolArea
                    SplitView.fillWidth: true
                    SplitView.minimumWidth: 280
                    tools: view.space.tools
                    space: view.space
                    toolsUnavailable: view.app.unavailableReason("tools")
                    addToolUnavailable: view.app.unavailableReason("addTool")
                    canManage: view.space.myRole === "manager"
                    onAddToolRequested: view.addToolRequested()
                }
                ChatPanel {
                    id: chatPanel
                    objectName: "chatColumn"
                    visible: view.chatShown
                    SplitView.preferredWidth: view.chatWidth
                    SplitView.minimumWidth: 300
                    SplitView.maximumWidth: 640
                    space: view.space
                    onWidthChanged: if (visible && width > 0) view.chatWidth = width
                }
            }
            Separator {
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                visible: view.membersShown
            }
            MembersPane {
                id: membersPane
                Layout.fillHeight: true
                Layout.preferredWidth: Theme.membersWidth
                visible: view.membersShown
                space: view.space
                inviteUnavailable: view.app.unavailableReason("invite")
                presenceNote: view.app.unavailableReason("presence")
                onCloseRequested: view.membersShown = false
                onInviteRequested: view.inviteRequested()
                onCopyRequested: text => view.app.copyToClipboard(text)
            }
        }
    }
}
