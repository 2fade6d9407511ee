import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// The Discussion tool's view: topics (or search results) beside the open thread, the reading
// pane. Narrower than `twoPaneWidth`, one pane at a time: the list, or the thread with a way
// back. `tool` is the instance's DiscussionModel, given by the host.
Rectangle {
    id: root
    objectName: "discussionView"
    required property QtObject tool
    readonly property int twoPaneWidth: 560
    readonly property bool twoPane: width >= twoPaneWidth
    // One pane: whether the thread (rather than the list) is on screen.
    property bool threadShown: false
    readonly property bool listVisible: twoPane || !threadShown
    readonly property bool threadVisible: twoPane || threadShown
    readonly property bool searching: searchField.text.length > 0

    color: Theme.background
    implicitWidth: 900
    implicitHeight: 600

    function openTopic(topicId) {
        root.tool.currentTopicId = topicId
        if (root.tool.canWrite)
            root.tool.markTopicRead(topicId)
        root.threadShown = true
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        // ---- topics ----
        ColumnLayout {
            id: topicPane
            objectName: "topicPane"
            visible: root.listVisible
            Layout.fillHeight: true
            Layout.fillWidth: !root.twoPane
            Layout.preferredWidth: root.twoPane ? Math.max(240, Math.min(380, root.width * 0.34))
                                                : root.width
            spacing: 0

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.spaceM
                spacing: Theme.spaceS
                GroveTextField {
                    id: searchField
                    objectName: "searchField"
                    Layout.fillWidth: true
                    Layout.minimumWidth: 80
                    placeholderText: qsTr("Search")
                    Accessible.name: qsTr("Search this discussion")
                    onTextChanged: root.tool.searchQuery = text
                }
                GroveButton {
                    objectName: "newTopicButton"
                    variant: "primary"
                    iconName: "plus"
                    text: topicPane.width >= 300 ? qsTr("New topic") : ""
                    tip: qsTr("New topic")
                    Accessible.name: qsTr("New topic")
                    unavailableReason: root.tool.canWrite ? "" : qsTr("Guests can read but not post")
                    onTriggered: newTopic.open()
                }
            }

            ListView {
                id: topicList
                objectName: "topicList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.searching ? root.tool.searchResults : root.tool.topics
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}
                // Rows stay where they are while the pointer is over them.
                HoverHandler {
                    id: topicHover
                    onHoveredChanged: root.tool.holdTopicOrder = hovered
                }
                delegate: TopicDelegate {
                    width: ListView.view.width
                    selected: topicId === root.tool.currentTopicId
                    nowMs: Format.now
                    onActivated: root.openTopic(topicId)
                }

                EmptyState {
                    anchors.fill: parent
                    visible: topicList.count === 0
                    compact: true
                    iconName: root.searching ? "search" : "chat"
                    title: root.searching ? qsTr("Nothing found") : qsTr("No topics yet")
                    text: root.searching ? qsTr("No post matches “%1”.").arg(searchField.text)
                                         : qsTr("Start one to get the conversation going.")
                }
            }
        }

        Separator {
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            visible: root.twoPane
        }

        // ---- the reading pane ----
        ColumnLayout {
            id: readingPane
            objectName: "readingPane"
            visible: root.threadVisible
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            RowLayout {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.spaceM
                Layout.rightMargin: Theme.spaceL
                Layout.topMargin: Theme.spaceM
                Layout.bottomMargin: Theme.spaceS
                visible: root.tool.currentTopicId.length > 0 || !root.twoPane
                spacing: Theme.spaceS
                IconButton {
                    objectName: "backButton"
                    visible: !root.twoPane
                    iconName: "arrow-left"
                    tip: qsTr("All topics")
                    onTriggered: root.threadShown = false
                }
                Text {
                    objectName: "threadTitle"
                    Layout.fillWidth: true
                    text: threadList.count > 0 ? threadList.topicTitle : ""
                    color: Theme.text
                    font.pixelSize: Theme.fontTitle
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                    maximumLineCount: 2
                    wrapMode: Text.Wrap
                }
            }

            ListView {
                id: threadList
                objectName: "threadList"
                // The topic's title, from its first row.
                property string topicTitle
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: Theme.spaceXs
                bottomMargin: Theme.spaceM
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}
                model: root.tool.thread
                delegate: PostDelegate {
                    width: ListView.view.width
                    tool: root.tool
                    nowMs: Format.now
                    onReplyRequested: (postId, author) => {
                        composer.parentId = postId
                        composer.parentAuthor = author
                        composer.forceActiveFocus()
                    }
                    onDeleteRequested: (postId, preview) => {
                        deleteDialog.postId = postId
                        deleteDialog.preview = preview
                        deleteDialog.open()
                    }
                    Component.onCompleted: if (index === 0) threadList.topicTitle = title
                    onTitleChanged: if (index === 0) threadList.topicTitle = title
                }

                EmptyState {
                    anchors.fill: parent
                    visible: root.tool.currentTopicId.length === 0
                    iconName: "chat"
                    title: qsTr("Choose a topic")
                    text: qsTr("Pick one on the left to read it here, or start a new one.")
                }
            }

            InlineMessage {
                objectName: "discussionError"
                Layout.fillWidth: true
                Layout.leftMargin: Theme.spaceM
                Layout.rightMargin: Theme.spaceM
                text: root.tool.lastError
            }

            // ---- the reply box ----
            ColumnLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.spaceM
                spacing: Theme.spaceXs
                visible: root.tool.currentTopicId.length > 0 && root.tool.canWrite

                RowLayout {
                    visible: composer.parentId !== "" && composer.parentId !== root.tool.currentTopicId
                    spacing: Theme.spaceXs
                    Layout.fillWidth: true
                    Text {
                        Layout.fillWidth: true
                        text: qsTr("Replying to %1").arg(composer.parentAuthor)
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                    }
                    IconButton {
                        iconName: "close"
                        iconSize: 14
                        implicitWidth: 24
                        implicitHeight: 24
                        tip: qsTr("Reply to the topic instead")
                        onTriggered: composer.resetParent()
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spaceS
                    ScrollView {
                        Layout.fillWidth: true
                        Layout.preferredHeight: Math.min(composer.implicitHeight, 160)
                        GroveTextArea {
                            id: composer
                            objectName: "replyComposer"
                            property string parentId: root.tool.currentTopicId
                            property string parentAuthor
                            placeholderText: qsTr("Reply (Markdown)")
                            function resetParent() {
                                parentId = Qt.binding(() => root.tool.currentTopicId)
                                parentAuthor = ""
                            }
                            function send() {
                                if (text.trim().length === 0)
                                    return
                                if (root.tool.reply(parentId || root.tool.currentTopicId, text).length > 0) {
                                    text = ""
                                    resetParent()
                                }
                            }
                            Keys.onPressed: event => {
                                if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                                        && (event.modifiers & Qt.ControlModifier)) {
                                    send()
                                    event.accepted = true
                                }
                            }
                        }
                    }
                    GroveButton {
                        objectName: "replyButton"
                        Layout.alignment: Qt.AlignBottom
                        variant: "primary"
                        text: qsTr("Reply")
                        tip: qsTr("Send (Ctrl+Enter)")
                        unavailableReason: composer.text.trim().length > 0 ? "" : qsTr("Write something first")
                        onTriggered: composer.send()
                    }
                }
            }
        }
    }

    GroveDialog {
        id: newTopic
        objectName: "newTopicDialog"
        parent: Overlay.overlay
        title: qsTr("New topic")
        width: Math.min(560, root.width - 2 * Theme.spaceXl)
        acceptText: qsTr("Post")
        acceptUnavailableReason: topicTitle.text.trim().length > 0 || topicBody.text.trim().length > 0
                                 ? "" : qsTr("Give it a title or some text")
        onOpened: topicTitle.forceActiveFocus()
        contentItem: ColumnLayout {
            spacing: Theme.spaceS
            FieldLabel { text: qsTr("Title") }
            GroveTextField {
                id: topicTitle
                objectName: "newTopicTitle"
                Layout.fillWidth: true
                placeholderText: qsTr("What is it about?")
            }
            FieldLabel { text: qsTr("Text") }
            GroveTextArea {
                id: topicBody
                objectName: "newTopicBody"
                Layout.fillWidth: true
                Layout.preferredHeight: 160
                placeholderText: qsTr("Markdown: **bold**, *italic*, [links](https://…)")
            }
        }
        onAccepted: {
            const id = root.tool.postTopic(topicTitle.text, topicBody.text)
            if (id.length > 0) {
                topicTitle.text = ""
                topicBody.text = ""
                root.openTopic(id)
            }
        }
    }

    GroveDialog {
        id: deleteDialog
        objectName: "deleteDialog"
        property string postId
        property string preview
        parent: Overlay.overlay
        title: qsTr("Delete this post?")
        subtitle: qsTr("It disappears for everyone in the space. This can't be undone.")
        acceptText: qsTr("Delete")
        acceptVariant: "danger"
        contentItem: Text {
            text: deleteDialog.preview
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
            font.italic: true
            wrapMode: Text.Wrap
            maximumLineCount: 4
            elide: Text.ElideRight
        }
        onAccepted: root.tool.remove(postId)
    }
}
