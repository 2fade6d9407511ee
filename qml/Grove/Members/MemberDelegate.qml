// MemberDelegate: one member of a space — avatar with presence, name ("you" for the user),
// role, and presence in words.
import QtQuick
import QtQuick.Layouts
import Grove.Components

Item {
    id: row
    required property string identityId
    required property string displayName
    required property string memberRole
    required property string presence
    required property bool me

    width: ListView.view ? ListView.view.width : 240
    implicitHeight: 52
    Accessible.role: Accessible.ListItem
    Accessible.name: displayName + (me ? qsTr(" (you)") : "") + ", " + Format.role(memberRole)

    readonly property string presenceText: {
        switch (presence) {
        case "active": return me ? qsTr("You · active here") : qsTr("Active in this space")
        case "online": return qsTr("Online elsewhere")
        case "idle": return qsTr("Idle")
        case "offline": return qsTr("Offline")
        }
        return ""
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.spaceL
        anchors.rightMargin: Theme.spaceL
        spacing: Theme.spaceM
        Avatar {
            name: row.displayName
            key: row.identityId
            size: 34
            presence: row.presence === "unknown" ? "" : row.presence
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 1
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spaceXs
                Text {
                    Layout.fillWidth: true
                    Layout.maximumWidth: implicitWidth
                    text: row.displayName
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                }
                Item { Layout.fillWidth: true }
            }
            Text {
                visible: text !== ""
                text: row.presenceText
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
        Chip {
            text: Format.role(row.memberRole)
            tone: row.memberRole === "manager" ? "accent" : "neutral"
        }
    }
}
