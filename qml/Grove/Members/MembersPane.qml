// MembersPane: who is in the space — name, role, "(you)", presence as this device knows it
// (active here, idle, online, last seen, typing), the fingerprint on hover and in the details —
// with the invite action and, for managers, each member's menu (change role, remove, asking first).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

Rectangle {
    id: pane
    required property QtObject space      // SpaceController: members, memberCount, myRole, actions
    property string inviteUnavailable     // why inviting is not possible ("" when it is)
    property string presenceNote          // what presence can and can't say in this build
    property string roleError             // the last role change's failure, in words
    readonly property alias removeDialog: removeDialog
    signal closeRequested()
    signal inviteRequested()
    signal copyRequested(string text)

    objectName: "membersPane"
    color: Theme.background

    Connections {
        target: pane.space
        function onActionFinished(action, ok, message) {
            if (action === "role") pane.roleError = ok ? "" : message
        }
        function onSpaceChanged() { pane.roleError = "" }
    }

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
                text: qsTr("Members · %1").arg(pane.space.members.count)
                color: Theme.text
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
            }
            IconButton {
                iconName: "close"
                tip: qsTr("Hide members (Ctrl+M)")
                onTriggered: pane.closeRequested()
            }
        }
        Separator { Layout.fillWidth: true }

        GroveButton {
            objectName: "paneInviteButton"
            Layout.fillWidth: true
            Layout.margins: Theme.spaceL
            visible: pane.space.myRole === "manager"
            text: qsTr("Invite people")
            iconName: "plus"
            variant: "primary"
            unavailableReason: pane.inviteUnavailable
            onTriggered: pane.inviteRequested()
        }

        InlineMessage {
            objectName: "roleError"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceL
            Layout.rightMargin: Theme.spaceL
            Layout.bottomMargin: Theme.spaceS
            text: pane.roleError
            closable: true
            onClosed: pane.roleError = ""
        }

        ListView {
            id: list
            objectName: "memberList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.topMargin: pane.space.myRole === "manager" ? 0 : Theme.spaceS
            clip: true
            model: pane.space.members
            keyNavigationEnabled: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            delegate: MemberDelegate {
                canManage: pane.space.myRole === "manager"
                onRoleChangeRequested: (id, name, role) => {
                    pane.roleError = ""
                    pane.space.changeRole(id, role)
                }
                onRemoveRequested: (id, name) => removeDialog.ask(id, name)
                onCopyRequested: text => pane.copyRequested(text)
            }
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Members")
            footer: ColumnLayout {
                width: list.width
                spacing: Theme.spaceS
                Text {
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spaceL
                    Layout.rightMargin: Theme.spaceL
                    Layout.topMargin: Theme.spaceS
                    visible: pane.space.members.count <= 1 && pane.space.members.complete
                    text: pane.inviteUnavailable === "" && pane.space.myRole === "manager"
                          ? qsTr("Only you are here so far. Invite people to work together.")
                          : qsTr("Only you are here so far.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
                Text {
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spaceL
                    Layout.rightMargin: Theme.spaceL
                    visible: !pane.space.members.complete && pane.space.memberCount > pane.space.members.count
                    text: qsTr("Grove couldn't read this space's member list.")
                    color: Theme.danger
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
            }
        }

        Separator { Layout.fillWidth: true }
        ColumnLayout {
            objectName: "presenceLegend"
            Layout.fillWidth: true
            Layout.margins: Theme.spaceL
            spacing: Theme.spaceXs
            Repeater {
                model: [{color: Theme.presenceActive, text: qsTr("Active here: has this space open now")},
                        {color: Theme.presenceIdle, text: qsTr("Idle: this space open, window in the background")},
                        {color: Theme.presenceActive, ring: true, text: qsTr("Online: connected to this device")}]
                RowLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: Theme.spaceS
                    Rectangle {
                        Layout.alignment: Qt.AlignTop
                        Layout.topMargin: 4
                        implicitWidth: 8; implicitHeight: 8; radius: 4
                        color: modelData.ring ? "transparent" : modelData.color
                        border.width: modelData.ring ? 2 : 0
                        border.color: modelData.color
                    }
                    Text {
                        Layout.fillWidth: true
                        text: modelData.text
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontCaption
                        wrapMode: Text.WordWrap
                    }
                }
            }
            Text {
                objectName: "presenceNote"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spaceXs
                visible: pane.presenceNote !== ""
                text: pane.presenceNote
                color: Theme.textFaint
                font.pixelSize: Theme.fontCaption
                wrapMode: Text.WordWrap
            }
        }
    }

    RemoveMemberDialog {
        id: removeDialog
        parent: Overlay.overlay
        space: pane.space
    }
}
