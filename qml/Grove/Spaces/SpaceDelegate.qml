// SpaceDelegate: one space in the sidebar — its mark, name, the latest message, when that was,
// the unread count and how many other members are online (their names on hover); bold while
// something is unread.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

ItemDelegate {
    id: row
    required property int index
    required property string spaceId
    required property string name
    required property string preview
    required property string previewAuthor
    required property bool previewMine
    required property double lastActivityMs
    required property int unread
    required property string syncState
    required property int syncPending
    required property int onlineCount
    required property string onlineNames  // "Ann, Sam"
    property bool selected: false

    width: ListView.view ? ListView.view.width : 260
    implicitHeight: 58
    leftPadding: Theme.spaceL
    rightPadding: Theme.spaceL
    topPadding: 0
    bottomPadding: 0
    focusPolicy: Qt.NoFocus
    Accessible.role: Accessible.ListItem
    Accessible.name: name + (unread > 0 ? ", " + qsTr("%1 unread").arg(unread) : "")
                     + (onlineCount > 0 ? ", " + onlineText : "")
    readonly property string onlineText: onlineCount === 0 ? ""
        : Format.count(onlineCount, qsTr("%1 other member online: %2"), qsTr("%1 other members online: %2")).arg(onlineNames)
    Accessible.selected: selected

    readonly property string previewLine: preview === "" ? qsTr("No messages yet")
        : (previewMine ? qsTr("You: %1").arg(preview) : previewAuthor + ": " + preview)

    background: Rectangle {
        anchors.fill: parent
        anchors.leftMargin: Theme.spaceS
        anchors.rightMargin: Theme.spaceS
        radius: Theme.radiusM
        color: row.selected ? Theme.selected : row.hovered ? Theme.hover : "transparent"
        Rectangle {
            visible: row.selected
            anchors.left: parent.left
            anchors.verticalCenter: parent.verticalCenter
            width: 3
            height: parent.height - 20
            radius: 2
            color: Theme.accent
        }
    }

    contentItem: RowLayout {
        spacing: Theme.spaceM
        Avatar {
            name: row.name
            key: row.spaceId
            square: true
            size: 36
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spaceS
                Text {
                    Layout.fillWidth: true
                    text: row.name
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.weight: row.unread > 0 ? Font.Bold : Font.DemiBold
                    elide: Text.ElideRight
                }
                Item {
                    id: online
                    objectName: "onlineIndicator"
                    visible: row.onlineCount > 0
                    implicitWidth: onlineRow.implicitWidth
                    implicitHeight: onlineRow.implicitHeight
                    Row {
                        id: onlineRow
                        spacing: 3
                        Rectangle {
                            anchors.verticalCenter: parent.verticalCenter
                            width: 7
                            height: 7
                            radius: 3.5
                            color: Theme.presenceActive
                        }
                        Text {
                            text: String(row.onlineCount)
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontCaption
                        }
                    }
                    readonly property bool tipShown: onlineHover.hovered && row.onlineText !== ""
                    HoverHandler { id: onlineHover }
                    ToolTip.visible: tipShown
                    ToolTip.text: row.onlineText
                    ToolTip.delay: 300
                }
                Icon {
                    visible: row.syncState === "syncing" || row.syncState === "behind"
                    name: "sync"
                    size: 13
                    color: Theme.info
                }
                Text {
                    text: Format.relative(row.lastActivityMs, Format.now)
                    color: row.unread > 0 ? Theme.accent : Theme.textFaint
                    font.pixelSize: Theme.fontCaption
                    font.weight: row.unread > 0 ? Font.DemiBold : Font.Normal
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spaceS
                Text {
                    Layout.fillWidth: true
                    text: row.previewLine
                    color: row.unread > 0 ? Theme.text : Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    font.italic: row.preview === ""
                    elide: Text.ElideRight
                    maximumLineCount: 1
                }
                Badge { count: row.unread }
            }
        }
    }
}
