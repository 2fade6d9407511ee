// SpaceHeader: the top of a space — its mark, name and the user's role; sync state, the
// members toggle, invite, and the space's menu (rename for managers, notifications, leave).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Components

Rectangle {
    id: header
    required property QtObject space  // SpaceController
    property bool membersShown: false
    property string syncUnavailable
    property string offlineWhy  // why the space is offline and what fixes it
    property string inviteUnavailable
    property bool notificationsOn: true        // this space's desktop notifications
    property bool notificationsGlobal: true    // notifications as a whole (Settings)
    signal membersToggled()
    signal inviteRequested()
    signal renameRequested()
    signal leaveRequested()
    signal notificationsToggled(bool on)
    function openMenu() { spaceMenu.popup(menuButton, menuButton.width - spaceMenu.width, menuButton.height) }

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
            Layout.maximumWidth: header.width * 0.4
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
            visible: header.space.myRole !== ""
        }
        Item { Layout.fillWidth: true }

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
        GroveButton {
            objectName: "inviteButton"
            visible: header.space.myRole === "manager"
            text: qsTr("Invite")
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
