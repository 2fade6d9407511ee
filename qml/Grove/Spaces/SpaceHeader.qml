// SpaceHeader: the top of a space — its mark, name and the user's role; sync state, the
// members toggle, invite, and the space's menu (rename for managers, notifications, leave).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit
import Grove.Components

Rectangle {
    id: header
    required property QtObject space  // SpaceController
    property bool membersShown: false
    property bool chatShown: true
    property string syncUnavailable
    property string offlineWhy  // why the space is offline and what fixes it
    property string inviteUnavailable
    property bool notificationsOn: true        // this space's desktop notifications
    property bool notificationsGlobal: true    // notifications as a whole (Settings)
    signal membersToggled()
    signal chatToggled()
    signal inviteRequested()
    signal renameRequested()
    signal leaveRequested()
    signal notificationsToggled(bool on)
    function openMenu() { spaceMenu.popup(menuButton, menuButton.width - spaceMenu.width, menuButton.height) }
    function closeMenu() { spaceMenu.close() }

    // Narrow (a 960 px window with members open): buttons keep their icons and tooltips only,
    // the name elides, and everything stays on screen.
    readonly property bool compact: width < 720

    implicitHeight: Theme.headerHeight
    color: Theme.background

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spaceL
        anchors.rightMargin: Theme.spaceM
        spacing: Theme.spaceM
        Avatar {
            name: header.space.name
            key: header.space.spaceId
            square: true
            size: 32
        }
        Text {
            objectName: "spaceName"
            Layout.fillWidth: true
            Layout.minimumWidth: 48
            Layout.maximumWidth: Math.min(implicitWidth, header.width * 0.4)
            text: header.space.name
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
            elide: Text.ElideRight
            Accessible.role: Accessible.Heading
        }
        Chip {
            text: Format.role(header.space.myRole)
            tone: header.space.myRole === "manager" ? "accent" : "neutral"
            visible: header.space.myRole !== "" && !header.compact
        }
        Item { Layout.fillWidth: true; Layout.minimumWidth: 0 }

        SyncChip {
            objectName: "syncChip"
            state_: header.space.syncState
            pending: header.space.syncPending
            note: header.space.syncNote !== undefined ? header.space.syncNote : ""
            links: header.space.linkCount
            localReason: header.syncUnavailable
            offlineWhy: header.offlineWhy
        }
        GroveButton {
            id: membersButton
            objectName: "membersButton"
            variant: "flat"
            iconName: "members"
            text: String(header.space.memberCount)
            implicitHeight: 32
            tip: header.membersShown ? qsTr("Hide members (Ctrl+M)") : qsTr("Show members (Ctrl+M)")
            checkable: false
            background: Rectangle {
                radius: Theme.radiusM
                color: header.membersShown ? Theme.selected : membersButton.hovered ? Theme.hover : "transparent"
                FocusRing { target: membersButton; radius_: Theme.radiusM }
            }
            onTriggered: header.membersToggled()
        }
        IconButton {
            objectName: "chatToggle"
            iconName: "chat"
            active: header.chatShown
            tip: header.chatShown ? qsTr("Hide the chat") : qsTr("Show the chat")
            onTriggered: header.chatToggled()
        }
        GroveButton {
            objectName: "inviteButton"
            visible: header.space.myRole === "manager"
            text: header.compact ? "" : qsTr("Invite")
            tip: qsTr("Invite someone to this space")
            iconName: "plus"
            implicitHeight: 32
            unavailableReason: header.inviteUnavailable
            onTriggered: header.inviteRequested()
        }
        IconButton {
            id: menuButton
            objectName: "spaceMenuButton"
            iconName: "more"
            tip: qsTr("This space: rename, notifications, leave")
            onTriggered: header.openMenu()
        }
    }
    Menu {
        id: spaceMenu
        objectName: "spaceMenu"
        width: 250
        // Kept inside the window, whatever the header's width.
        margins: Theme.spaceS
        MenuItem {
            text: qsTr("Rename space…")
            visible: header.space.myRole === "manager"
            height: visible ? implicitHeight : 0
            onTriggered: header.renameRequested()
        }
        MenuItem {
            text: qsTr("Notify me about this space")
            checkable: true
            checked: header.notificationsOn
            enabled: header.notificationsGlobal
            onTriggered: header.notificationsToggled(checked)
        }
        MenuSeparator {}
        MenuItem {
            text: qsTr("Leave space…")
            onTriggered: header.leaveRequested()
        }
    }
    Separator {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
    }
}
