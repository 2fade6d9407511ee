// EmptyState: what a screen shows when there is nothing yet — an icon, a title, one or two
// helpful sentences, and the actions that get the user going (children go in the action row).
import QtQuick
import QtQuick.Layouts

Item {
    id: empty
    property string iconName: "leaf"
    property string title
    property string text
    property bool compact: false
    default property alias actions: actionRow.data

    implicitWidth: column.implicitWidth
    implicitHeight: column.implicitHeight

    ColumnLayout {
        id: column
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.spaceXl, empty.compact ? 300 : 420)
        spacing: empty.compact ? Theme.spaceS : Theme.spaceM

        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            Layout.bottomMargin: Theme.spaceS
            implicitWidth: empty.compact ? 48 : 72
            implicitHeight: implicitWidth
            radius: width / 2
            color: Theme.accentSoft
            Icon {
                anchors.centerIn: parent
                name: empty.iconName
                size: empty.compact ? 24 : 34
                color: Theme.accent
                strokeWidth: 1.6
            }
        }
        Text {
            Layout.fillWidth: true
            text: empty.title
            visible: text !== ""
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: Theme.text
            font.pixelSize: empty.compact ? Theme.fontSubtitle : Theme.fontTitle
            font.weight: Font.DemiBold
        }
        Text {
            Layout.fillWidth: true
            text: empty.text
            visible: text !== ""
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: Theme.textMuted
            font.pixelSize: empty.compact ? Theme.fontSmall : Theme.fontBody
            lineHeight: 1.25
        }
        Row {
            id: actionRow
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: Theme.spaceS
            spacing: Theme.spaceS
            visible: children.length > 0
        }
    }
}
