// MemberDelegate: one member of a space — avatar, name ("you" for the user), role, presence as
// this device knows it (active here, idle, online, last seen, not seen, typing), and on click (or
// Enter) the details to check who they are: fingerprint and devices. Managers get a menu for
// another member: change role, remove.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

FocusScope {
    id: row
    required property int index
    required property string identityId
    required property string displayName
    required property string memberRole
    required property string presence
    required property string fingerprint
    required property int deviceCount
    required property bool me
    required property double lastSeenMs
    required property bool typing
    property bool canManage: false   // the user is a manager of the space
    property bool expanded: false
    signal roleChangeRequested(string identityId, string name, string role)
    signal removeRequested(string identityId, string name)
    signal copyRequested(string text)

    objectName: "member_" + displayName
    width: ListView.view ? ListView.view.width : 280
    implicitHeight: column.implicitHeight
    activeFocusOnTab: true
    Accessible.role: Accessible.ListItem
    Accessible.name: displayName + (me ? qsTr(" (you)") : "") + ", " + Format.role(memberRole)
                     + (presenceText !== "" ? ", " + presenceText : "")
    Accessible.description: qsTr("Fingerprint %1").arg(fingerprint)

    readonly property bool manageable: canManage && !me
    readonly property string presenceText: typing ? qsTr("typing…")
                                                  : Format.presence(presence, lastSeenMs, me, Format.now)

    Keys.onReturnPressed: expanded = !expanded
    Keys.onEnterPressed: expanded = !expanded
    Keys.onSpacePressed: expanded = !expanded
    Keys.onMenuPressed: if (manageable) menu.popup(moreButton, 0, moreButton.height)

    Rectangle {
        anchors.fill: parent
        anchors.leftMargin: Theme.spaceS
        anchors.rightMargin: Theme.spaceS
        radius: Theme.radiusM
        color: row.expanded ? Theme.surface : hover.hovered ? Theme.hover : "transparent"
        border.width: row.activeFocus ? 2 : 0
        border.color: Theme.focus
    }
    HoverHandler { id: hover }
    TapHandler { onTapped: { row.forceActiveFocus(); row.expanded = !row.expanded } }
    ToolTip.visible: hover.hovered && !row.expanded && !moreButton.hovered
    ToolTip.delay: 600
    ToolTip.text: qsTr("Fingerprint: %1").arg(row.fingerprint)

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: 52
            Layout.leftMargin: Theme.spaceL
            Layout.rightMargin: Theme.spaceXs
            spacing: Theme.spaceS
            Avatar {
                name: row.displayName
                key: row.identityId
                size: 34
                presence: row.me || row.presence === "active" ? "active"
                        : row.presence === "online" ? "online"
                        : row.presence === "idle" ? "idle"
                        : row.presence === "away" ? "offline" : ""
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 1
                Text {
                    objectName: "memberName"
                    Layout.fillWidth: true
                    textFormat: Text.StyledText
                    text: Format.escapeHtml(row.displayName)
                          + (row.me ? " <font color=\"" + Theme.textMuted + "\">" + qsTr("(you)") + "</font>" : "")
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                }
                Text {
                    objectName: "memberStatus"
                    Layout.fillWidth: true
                    text: Format.role(row.memberRole) + (row.presenceText !== "" ? " · " + row.presenceText : "")
                    color: row.memberRole === "manager" ? Theme.accent : Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideRight
                }
            }
            IconButton {
                id: moreButton
                objectName: "memberMenu_" + row.displayName
                visible: row.manageable
                iconName: "more"
                implicitWidth: 28
                tip: qsTr("Role or remove %1").arg(row.displayName)
                onTriggered: menu.popup(moreButton, 0, moreButton.height)
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceL + 34 + Theme.spaceS
            Layout.rightMargin: Theme.spaceL
            Layout.bottomMargin: Theme.spaceM
            visible: row.expanded
            spacing: Theme.spaceXs
            Text {
                text: qsTr("Fingerprint")
                color: Theme.textMuted
                font.pixelSize: Theme.fontCaption
                font.weight: Font.DemiBold
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spaceXs
                TextEdit {
                    objectName: "memberFingerprint"
                    Layout.fillWidth: true
                    text: row.fingerprint
                    readOnly: true
                    selectByMouse: true
                    wrapMode: TextEdit.Wrap
                    color: Theme.text
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontSmall
                    selectionColor: Theme.accent
                    selectedTextColor: Theme.accentText
                    Accessible.name: qsTr("Fingerprint of %1").arg(row.displayName)
                }
                IconButton {
                    iconName: "copy"
                    iconSize: 15
                    implicitWidth: 26
                    implicitHeight: 26
                    tip: qsTr("Copy fingerprint")
                    onTriggered: row.copyRequested(row.fingerprint)
                }
            }
            Text {
                Layout.fillWidth: true
                text: (row.me ? qsTr("Compare it with what others see for you.")
                              : qsTr("Compare it with %1 in person or on a call.").arg(row.displayName))
                      + " " + Format.count(row.deviceCount, qsTr("%1 device."), qsTr("%1 devices."))
                color: Theme.textMuted
                font.pixelSize: Theme.fontCaption
                wrapMode: Text.WordWrap
            }
        }
    }

    Menu {
        id: menu
        objectName: "memberActions"
        MenuItem {
            text: qsTr("Make manager")
            enabled: row.memberRole !== "manager"
            onTriggered: row.roleChangeRequested(row.identityId, row.displayName, "manager")
        }
        MenuItem {
            text: qsTr("Make participant")
            enabled: row.memberRole !== "participant"
            onTriggered: row.roleChangeRequested(row.identityId, row.displayName, "participant")
        }
        MenuItem {
            text: qsTr("Make guest (reads only)")
            enabled: row.memberRole !== "guest"
            onTriggered: row.roleChangeRequested(row.identityId, row.displayName, "guest")
        }
        MenuSeparator {}
        MenuItem {
            text: qsTr("Remove from space…")
            onTriggered: row.removeRequested(row.identityId, row.displayName)
        }
    }
}
