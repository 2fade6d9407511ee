import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// One row of the topic list: title (bold while unread) with a round unread badge, then who
// started it, how many replies and when.
ItemDelegate {
    id: row
    required property string postId
    required property string topicId
    required property string title
    required property string body
    required property string authorName
    required property date postedAt
    required property int replyCount
    required property int unreadCount
    required property bool deleted
    property bool selected: false
    property double nowMs: Date.now()
    signal activated()

    implicitHeight: column.implicitHeight + 2 * Theme.spaceS + 4
    leftPadding: Theme.spaceL
    rightPadding: Theme.spaceM
    highlighted: selected
    Accessible.name: label.text

    onClicked: activated()
    Keys.onReturnPressed: activated()

    background: Rectangle {
        color: row.selected ? Theme.selected : row.hovered ? Theme.hover : "transparent"
        Rectangle {  // the selected row's accent edge
            visible: row.selected
            width: 3
            height: parent.height
            color: Theme.accent
        }
        FocusRing { target: row; radius_: 0 }
    }

    contentItem: ColumnLayout {
        id: column
        spacing: 2
        RowLayout {
            spacing: Theme.spaceS
            Layout.fillWidth: true
            Text {
                id: label
                Layout.fillWidth: true
                text: row.deleted ? qsTr("(deleted)")
                                  : (row.title.length > 0 ? row.title : row.body)
                color: Theme.text
                font.pixelSize: Theme.fontBody
                font.weight: row.unreadCount > 0 ? Font.DemiBold : Font.Normal
                font.italic: row.deleted
                elide: Text.ElideRight
                maximumLineCount: 1
            }
            Badge {
                count: row.unreadCount
            }
        }
        Text {
            Layout.fillWidth: true
            text: [row.authorName,
                   row.replyCount === 1 ? qsTr("1 reply") : qsTr("%1 replies").arg(row.replyCount),
                   Format.relative(row.postedAt.getTime(), row.nowMs)].filter(s => s !== "").join(" · ")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            elide: Text.ElideRight
            maximumLineCount: 1
        }
    }
}
