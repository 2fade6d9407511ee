// Workspace: the unlocked app — the sidebar of spaces beside the space in view (or the welcome
// view when there is none), and the dialogs opened from them.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit
import Grove.Members
import Grove.Spaces
import Grove.Tools

Rectangle {
    id: workspace
    required property QtObject app  // AppController
    property alias membersShown: spaceView.membersShown
    readonly property alias sidebar: sidebar
    readonly property alias spaceView: spaceView
    readonly property alias createSpaceDialog: createDialog
    readonly property alias addToolDialog: addToolDialog
    readonly property alias inviteDialog: inviteDialog
    readonly property alias joinDialog: joinDialog
    readonly property alias renameSpaceDialog: renameSpaceDialog
    readonly property alias leaveSpaceDialog: leaveSpaceDialog
    signal settingsRequested(string section)

    color: Theme.background

    function createSpace() { createDialog.open() }
    function selectRelative(step) {
        const n = app.spaces.count
        if (n === 0) return
        let i = app.spaces.indexOf(app.currentSpaceId)
        i = i < 0 ? 0 : (i + step + n) % n
        app.selectSpace(app.spaces.idAt(i))
    }
    function selectNumber(n) {
        if (n - 1 < app.spaces.count) app.selectSpace(app.spaces.idAt(n - 1))
    }
    // A grove: link the app was opened with: the Join dialog shows it, ready to join.
    function openPendingLink() {
        if (app.pendingLink !== "" && !app.joining) joinDialog.openWith(app.takePendingLink())
    }
    Component.onCompleted: openPendingLink()
    Connections {
        target: workspace.app
        function onPendingLinkChanged() { workspace.openPendingLink() }
    }
    function focusComposer() { if (spaceView.visible) spaceView.chat.focusComposer() }
    function closeDialogs() {
        createDialog.close()
        addToolDialog.close()
        inviteDialog.close()
        renameSpaceDialog.close()
        leaveSpaceDialog.close()
        spaceView.membersPane.removeDialog.close()
        spaceView.header.closeMenu()
        if (!app.joining) joinDialog.close()
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        SpaceSidebar {
            id: sidebar
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.sidebarWidth
            app: workspace.app
            onCreateRequested: createDialog.open()
            onJoinRequested: joinDialog.open()
            onSettingsRequested: workspace.settingsRequested("profile")
            onNetworkRequested: workspace.settingsRequested("network")
            onLockRequested: workspace.app.account.lock()
        }
        Separator { Layout.fillHeight: true; Layout.preferredWidth: 1 }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0
            InlineMessage {
                objectName: "workspaceNotice"
                Layout.fillWidth: true
                Layout.margins: Theme.spaceM
                type: workspace.app.noticeType === "warning" ? "warning" : "info"
                text: workspace.app.notice
                closable: true
                onClosed: workspace.app.dismissNotice()
            }
            Item {
                Layout.fillWidth: true
                Layout.fillHeight: true
                WelcomeView {
                    anchors.fill: parent
                    visible: workspace.app.spaces.count === 0
                    joinUnavailable: workspace.app.unavailableReason("join")
                    onCreateRequested: createDialog.open()
                    onJoinRequested: joinDialog.open()
                }
                SpaceView {
                    id: spaceView
                    anchors.fill: parent
                    visible: workspace.app.space.open
                    app: workspace.app
                    onAddToolRequested: addToolDialog.open()
                    onInviteRequested: inviteDialog.open()
                    onRenameRequested: renameSpaceDialog.open()
                    onLeaveRequested: leaveSpaceDialog.open()
                }
            }
        }
    }

    CreateSpaceDialog {
        id: createDialog
        parent: Overlay.overlay
        app: workspace.app
        onClosed: workspace.focusComposer()
    }
    JoinSpaceDialog {
        id: joinDialog
        parent: Overlay.overlay
        app: workspace.app
        onClosed: workspace.focusComposer()
    }
    InviteDialog {
        id: inviteDialog
        parent: Overlay.overlay
        app: workspace.app
        space: workspace.app.space
        spaceName: workspace.app.space.name
        invitations: workspace.app.space.invitations
        onOpened: workspace.app.space.refreshInvitations()
        onClosed: workspace.focusComposer()
    }
    RenameSpaceDialog {
        id: renameSpaceDialog
        parent: Overlay.overlay
        space: workspace.app.space
        maxLength: workspace.app.maxSpaceNameLength
        onClosed: workspace.focusComposer()
    }
    LeaveSpaceDialog {
        id: leaveSpaceDialog
        parent: Overlay.overlay
        space: workspace.app.space
        onClosed: workspace.focusComposer()
    }
    AddToolDialog {
        id: addToolDialog
        parent: Overlay.overlay
        installedTools: workspace.app.installedTools
        onAddRequested: (toolId, name) => {
            error = workspace.app.space.addTool(toolId, name)
            if (error === "") accept()
        }
    }
}
