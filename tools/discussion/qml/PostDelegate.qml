import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// One post of a thread: avatar, author, when (with the full date in a tooltip), the safely
// rendered Markdown, and what I may do with it. Indented by its depth in the thread, less when
// the pane is narrow; the actions wrap rather than run off the edge.
Item {
    id: post
    required property int index
    required property string postId
    required property string authorId
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
    property double nowMs: Date.now()
    property bool editing: false
    signal replyRequested(string postId, string author)
    signal deleteRequested(string postId, string preview)

    readonly property int indentStep: width < 520 ? 12 : 24
    readonly property int indent: Math.min(depth, width < 520 ? 3 : 6) * indentStep

    implicitHeight: card.implicitHeight + Theme.spaceXs

    Rectangle {
        id: card
        objectName: "postCard"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.leftMargin: Theme.spaceM + post.indent
        anchors.rightMargin: Theme.spaceM
        implicitHeight: column.implicitHeight + 2 * Theme.spaceM
        radius: Theme.radiusM
        color: post.unread ? Theme.accentSoft : Theme.surface
        border.width: 1
        border.color: Theme.border

        ColumnLayout {
            id: column
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: Theme.spaceM
            spacing: Theme.spaceS

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spaceS
                Avatar {
                    name: post.authorName
                    key: post.authorId
                    size: 28
                }
                Text {
                    Layout.fillWidth: true
                    Layout.minimumWidth: 40
                    text: post.authorName
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                }
                Chip {
                    visible: post.edited && !post.deleted
                    text: qsTr("edited")
                }
                Text {
                    objectName: "postTime"
                    text: Format.ago(post.postedAt.getTime(), post.nowMs)
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    HoverHandler { id: timeHover }
                    ToolTip.visible: timeHover.hovered
                    ToolTip.text: Format.full(post.postedAt.getTime())
                    ToolTip.delay: 350
                }
            }
            Text {
                visible: post.depth === 0 && post.title.length > 0 && post.index !== 0
                Layout.fillWidth: true
                text: post.title
                color: Theme.text
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                wrapMode: Text.Wrap
            }
            Text {
                objectName: "postBody"
                visible: !post.editing
                Layout.fillWidth: true
                text: post.deleted ? qsTr("<i>This post was deleted.</i>") : post.bodyHtml
                textFormat: Text.RichText
                wrapMode: Text.Wrap
                color: post.deleted ? Theme.textMuted : Theme.text
                linkColor: Theme.accent
                font.pixelSize: Theme.fontBody
                // Only web and mail links leave the app; anything else is ignored.
                onLinkActivated: (link) => {
                    if (/^(https?:|mailto:)/i.test(link))
                        Qt.openUrlExternally(link)
                }
                HoverHandler { cursorShape: parent.hoveredLink ? Qt.PointingHandCursor : Qt.ArrowCursor }
            }
            GroveTextArea {
                id: editor
                objectName: "postEditor"
                visible: post.editing
                Layout.fillWidth: true
            }
            Flow {
                Layout.fillWidth: true
                visible: !post.deleted
                spacing: Theme.spaceXs
                GroveButton {
                    variant: "flat"
                    implicitHeight: 30
                    visible: !post.editing && post.tool !== null && post.tool.canWrite
                    text: qsTr("Reply")
                    onTriggered: post.replyRequested(post.postId, post.authorName)
                }
                GroveButton {
                    variant: "flat"
                    implicitHeight: 30
                    visible: post.canEdit && !post.editing
                    text: qsTr("Edit")
                    onTriggered: {
                        editor.text = post.body
                        post.editing = true
                        editor.forceActiveFocus()
                    }
                }
                GroveButton {
                    objectName: "deletePostButton"
                    variant: "flat"
                    implicitHeight: 30
                    visible: post.canDelete && !post.editing
                    text: qsTr("Delete")
                    onTriggered: post.deleteRequested(post.postId, post.body)
                }
                GroveButton {
                    variant: "primary"
                    implicitHeight: 30
                    visible: post.editing
                    text: qsTr("Save")
                    onTriggered: if (post.tool.edit(post.postId, editor.text)) post.editing = false
                }
                GroveButton {
                    implicitHeight: 30
                    visible: post.editing
                    text: qsTr("Cancel")
                    onTriggered: post.editing = false
                }
            }
        }
    }
}
