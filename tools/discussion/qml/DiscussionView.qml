import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// The Discussion tool's view: topics (or search results) on the left, the open thread on the
// right. `tool` is the instance's DiscussionModel, given by the host.
Pane {
    id: root
    objectName: "discussionView"
    required property QtObject tool
    padding: 0
    implicitWidth: 900
    implicitHeight: 600

    SplitView {
        anchors.fill: parent

        ColumnLayout {
            SplitView.preferredWidth: 300
            SplitView.minimumWidth: 200
            spacing: 4

            TextField {
                id: searchField
                objectName: "searchField"
                Layout.fillWidth: true
                Layout.margins: 8
                Layout.bottomMargin: 0
                placeholderText: qsTr("Search this discussion")
                onTextChanged: root.tool.searchQuery = text
            }

            ListView {
                id: topicList
                objectName: "topicList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: searchField.text.length > 0 ? root.tool.searchResults : root.tool.topics
                delegate: ItemDelegate {
                    id: topicDelegate
                    required property string postId
                    required property string topicId
                    required property string title
                    required property string body
                    required property string authorName
                    required property int replyCount
                    required property int unreadCount
                    required property bool deleted
                    width: ListView.view.width
                    highlighted: topicId === root.tool.currentTopicId
                    contentItem: ColumnLayout {
                        spacing: 2
                        RowLayout {
                            Label {
                                Layout.fillWidth: true
                                text: topicDelegate.deleted ? qsTr("(deleted)")
                                      : (topicDelegate.title.length > 0 ? topicDelegate.title : topicDelegate.body)
                                font.bold: topicDelegate.unreadCount > 0
                                font.italic: topicDelegate.deleted
                                elide: Text.ElideRight
                            }
                            Label {
                                visible: topicDelegate.unreadCount > 0
                                text: topicDelegate.unreadCount
                                color: palette.highlightedText
                                padding: 2
                                background: Rectangle { radius: 4; color: palette.highlight }
                            }
                        }
                        Label {
                            text: topicDelegate.replyCount === 1
                                  ? qsTr("%1 · 1 reply").arg(topicDelegate.authorName)
                                  : qsTr("%1 · %2 replies").arg(topicDelegate.authorName)
                                                           .arg(topicDelegate.replyCount)
                            opacity: 0.7
                            font.pointSize: 8
                        }
                    }
                    onClicked: {
                        root.tool.currentTopicId = topicDelegate.topicId
                        if (root.tool.canWrite)
                            root.tool.markTopicRead(topicDelegate.topicId)
                    }
                }
            }

            GroveButton {
                objectName: "newTopicButton"
                Layout.fillWidth: true
                Layout.margins: 8
                Layout.topMargin: 0
                variant: "primary"
                text: qsTr("New topic")
                enabled: root.tool.canWrite
                onTriggered: newTopic.open()
            }
        }

        ColumnLayout {
            SplitView.fillWidth: true
            spacing: 4

            Label {
                Layout.fillWidth: true
                Layout.margins: 8
                visible: root.tool.currentTopicId.length === 0
                text: qsTr("Choose a topic, or start one.")
                opacity: 0.7
            }

            ListView {
                id: threadList
                objectName: "threadList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 6
                model: root.tool.thread
                delegate: PostDelegate {
                    width: ListView.view.width
                    tool: root.tool
                    onReplyRequested: (postId) => { composer.parentId = postId; composer.forceActiveFocus() }
                }
            }

            Label {
                Layout.fillWidth: true
                visible: root.tool.lastError.length > 0
                text: root.tool.lastError
                color: "firebrick"
                wrapMode: Text.Wrap
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: 4
                visible: root.tool.currentTopicId.length > 0 && root.tool.canWrite
                TextArea {
                    id: composer
                    objectName: "replyComposer"
                    property string parentId: root.tool.currentTopicId
                    Layout.fillWidth: true
                    placeholderText: qsTr("Reply (Markdown)")
                    wrapMode: TextEdit.Wrap
                }
                Button {
                    text: qsTr("Reply")
                    enabled: composer.text.trim().length > 0
                    onClicked: {
                        if (root.tool.reply(composer.parentId || root.tool.currentTopicId, composer.text).length > 0) {
                            composer.text = ""
                            composer.parentId = Qt.binding(() => root.tool.currentTopicId)
                        }
                    }
                }
            }
        }
    }

    Dialog {
        id: newTopic
        objectName: "newTopicDialog"
        title: qsTr("New topic")
        anchors.centerIn: parent
        width: Math.min(root.width - 40, 520)
        modal: true
        standardButtons: Dialog.Ok | Dialog.Cancel
        ColumnLayout {
            anchors.fill: parent
            TextField { id: topicTitle; Layout.fillWidth: true; placeholderText: qsTr("Title") }
            TextArea {
                id: topicBody
                Layout.fillWidth: true
                Layout.preferredHeight: 160
                placeholderText: qsTr("What is it about? (Markdown)")
                wrapMode: TextEdit.Wrap
            }
        }
        onAccepted: {
            const id = root.tool.postTopic(topicTitle.text, topicBody.text)
            if (id.length > 0) {
                topicTitle.text = ""
                topicBody.text = ""
                root.tool.currentTopicId = id
            }
        }
    }
}
