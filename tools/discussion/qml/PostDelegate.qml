import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One post of a thread: author, time, the safely rendered Markdown, and what I may do with it.
// Indented by its depth in the thread.
Item {
    id: post
    required property string postId
    required property string authorName
    required property string title
    required property string body
    required property string bodyHtml
    required property date postedAt
    required property bool edited
    required property bool deleted
    required property bool unread
    required property bool canEdit
    required property bool canDelete
    required property int depth
    property QtObject tool
    property bool editing: false
    signal replyRequested(string postId)

    implicitHeight: column.implicitHeight + 8

    Rectangle {
        anchors.fill: parent
        anchors.leftMargin: 8 + Math.min(post.depth, 8) * 20
        radius: 4
        color: post.unread ? Qt.rgba(0.95, 0.97, 1, 1) : "transparent"
        border.color: Qt.rgba(0, 0, 0, 0.1)

        ColumnLayout {
            id: column
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: 6
            spacing: 4

            Label {
                visible: post.depth === 0 && post.title.length > 0
                text: post.title
                font.bold: true
                font.pointSize: 12
                Layout.fillWidth: true
                wrapMode: Text.Wrap
            }
            Label {
                text: post.authorName + " · " + Qt.formatDateTime(post.postedAt, "yyyy-MM-dd hh:mm")
                      + (post.edited ? " · " + qsTr("edited") : "")
                opacity: 0.7
                font.pointSize: 8
            }
            Text {
                objectName: "postBody"
                visible: !post.editing
                Layout.fillWidth: true
                text: post.deleted ? qsTr("<i>This post was deleted.</i>") : post.bodyHtml
                textFormat: Text.RichText
                wrapMode: Text.Wrap
                // Only web and mail links leave the app; anything else is ignored.
                onLinkActivated: (link) => {
                    if (/^(https?:|mailto:)/i.test(link))
                        Qt.openUrlExternally(link)
                }
                HoverHandler { cursorShape: parent.hoveredLink ? Qt.PointingHandCursor : Qt.ArrowCursor }
            }
            TextArea {
                id: editor
                visible: post.editing
                Layout.fillWidth: true
                wrapMode: TextEdit.Wrap
            }
            RowLayout {
                visible: !post.deleted
                spacing: 4
                Button {
                    flat: true
                    visible: !post.editing && post.tool && post.tool.canWrite
                    text: qsTr("Reply")
                    onClicked: post.replyRequested(post.postId)
                }
                Button {
                    flat: true
                    visible: post.canEdit && !post.editing
                    text: qsTr("Edit")
                    onClicked: { editor.text = post.body; post.editing = true }
                }
                Button {
                    flat: true
                    visible: post.editing
                    text: qsTr("Save")
                    onClicked: { if (post.tool.edit(post.postId, editor.text)) post.editing = false }
                }
                Button {
                    flat: true
                    visible: post.editing
                    text: qsTr("Cancel")
                    onClicked: post.editing = false
                }
                Button {
                    flat: true
                    visible: post.canDelete && !post.editing
                    text: qsTr("Delete")
                    onClicked: post.tool.remove(post.postId)
                }
            }
        }
    }
}
