// MembersPane: who is in the space, with roles and presence, and the invite action for
// managers. Where this build cannot list members it says how many are not shown, never more.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Components

Rectangle {
    id: pane
    required property QtObject space      // SpaceController: members, memberCount, myRole
    property string inviteUnavailable     // why inviting is not possible ("" when it is)
    property string membersUnavailable    // why the list is incomplete
    signal closeRequested()
    signal inviteRequested()

    objectName: "membersPane"
    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.headerHeight
            Layout.leftMargin: Theme.spaceL
            Layout.rightMargin: Theme.spaceS
            spacing: Theme.spaceS
            Icon { name: "members"; size: 18; color: Theme.textMuted }
            Text {
                Layout.fillWidth: true
                text: qsTr("Members · %1").arg(pane.space.memberCount)
                color: Theme.text
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
            }
            IconButton {
                iconName: "close"
                tip: qsTr("Hide members")
                onTriggered: pane.closeRequested()
            }
        }
        Separator { Layout.fillWidth: true }

        GroveButton {
            Layout.fillWidth: true
            Layout.margins: Theme.spaceL
            visible: pane.space.myRole === "manager"
            text: qsTr("Invite people")
            iconName: "plus"
            variant: "primary"
            unavailableReason: pane.inviteUnavailable
            onTriggered: pane.inviteRequested()
        }

        ListView {
            id: list
            Layout.fillWidth: true
            Layout.preferredHeight: contentHeight
            Layout.topMargin: pane.space.myRole === "manager" ? 0 : Theme.spaceS
            interactive: false
            model: pane.space.members
            delegate: MemberDelegate {}
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Members")
        }

        Text {
            Layout.fillWidth: true
            Layout.margins: Theme.spaceL
            visible: !pane.space.members.complete && pane.space.memberCount > pane.space.members.count
            text: Format.count(pane.space.memberCount - pane.space.members.count, qsTr("%1 other member isn't shown."), qsTr("%1 other members aren't shown."))
                  + " " + pane.membersUnavailable
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        Text {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceL
            Layout.rightMargin: Theme.spaceL
            Layout.topMargin: Theme.spaceS
            visible: pane.space.memberCount <= 1
            text: pane.inviteUnavailable === "" && pane.space.myRole === "manager"
                  ? qsTr("Only you are here so far. Invite people to work together.")
                  : qsTr("Only you are here so far.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        Item { Layout.fillHeight: true }
    }
}
