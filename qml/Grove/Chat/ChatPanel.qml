// ChatPanel: the chat beside every space — messages grouped by author and day, who is typing,
// the composer, errors right above it, and confirmation before a message is deleted. `space` is
// the SpaceController (or a test double) with chat, typingNames, canPost, sending, chatError,
// post/edit/remove and noteTyping.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

Rectangle {
    id: panel

    required property QtObject space
    property string editingId
    readonly property alias list: list
    readonly property alias composer: composer

    color: Theme.surface

    function focusComposer() { composer.focusInput() }
    function startEdit(id) {
        if (!id) return
        editingId = id
        const i = space.chat.indexOf(id)
        if (i >= 0) list.positionViewAtIndex(i, ListView.Contain)
    }
    function scrollToEnd() { list.positionViewAtEnd() }

    Connections {
        target: panel.space
        function onPostFailed(text, message) { composer.restore(text) }
        function onEditFailed(messageId, text, message) { panel.editingId = messageId }
        function onSpaceChanged() {
            panel.editingId = ""
            composer.text = ""
            Qt.callLater(panel.scrollToEnd)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // ---- header ----
        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.headerHeight
            Layout.leftMargin: Theme.spaceL
            Layout.rightMargin: Theme.spaceM
            spacing: Theme.spaceS
            Icon { name: "chat"; size: 18; color: Theme.textMuted }
            Text {
                text: qsTr("Chat")
                color: Theme.text
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
            }
            Item { Layout.fillWidth: true }
            Text {
                text: panel.space.chat.count > 0
                      ? Format.count(panel.space.chat.count, qsTr("%1 message"), qsTr("%1 messages")) : ""

                color: Theme.textFaint
                font.pixelSize: Theme.fontSmall
            }
        }
        Separator { Layout.fillWidth: true }

        // ---- messages ----
        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true

            ListView {
                id: list
                objectName: "chatList"
                anchors.fill: parent
                topMargin: Theme.spaceS
                bottomMargin: Theme.spaceM
                // Few messages sit at the bottom, next to the composer, as in any chat. Set
                // imperatively: as a binding it loops through the ListView's own layout.
                function updateTopMargin() {
                    topMargin = Math.max(Theme.spaceS, height - contentHeight - bottomMargin)
                }
                onHeightChanged: Qt.callLater(updateTopMargin)
                model: panel.space.chat
                boundsBehavior: Flickable.StopAtBounds
                reuseItems: true
                keyNavigationEnabled: true
                activeFocusOnTab: true
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Messages")
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

                property bool stickToEnd: true
                onMovementEnded: stickToEnd = atYEnd
                onCountChanged: if (stickToEnd) Qt.callLater(positionViewAtEnd)
                onContentHeightChanged: {
                    Qt.callLater(updateTopMargin)
                    if (stickToEnd && !moving) Qt.callLater(positionViewAtEnd)
                }
                Component.onCompleted: positionViewAtEnd()

                section.property: "day"
                section.delegate: Item {
                    required property string section
                    width: ListView.view.width
                    height: 36
                    Rectangle {
                        anchors.verticalCenter: parent.verticalCenter
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.leftMargin: Theme.spaceL
                        anchors.rightMargin: Theme.spaceL
                        height: 1
                        color: Theme.border
                    }
                    Rectangle {
                        anchors.centerIn: parent
                        width: dayLabel.implicitWidth + 20
                        height: 22
                        radius: 11
                        color: panel.color
                        border.width: 1
                        border.color: Theme.border
                        Text {
                            id: dayLabel
                            anchors.centerIn: parent
                            text: Format.day(section)
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontCaption
                            font.weight: Font.DemiBold
                        }
                    }
                }

                delegate: MessageDelegate {
                    editing: panel.editingId === messageId
                    actionsEnabled: panel.space.canPost
                    onEditRequested: id => panel.startEdit(id)
                    onEditCancelled: {
                        panel.editingId = ""
                        panel.focusComposer()
                    }
                    onEditSubmitted: (id, text) => {
                        panel.editingId = ""
                        panel.space.edit(id, text)
                        panel.focusComposer()
                    }
                    onDeleteRequested: (id, text) => {
                        deleteDialog.messageId = id
                        deleteDialog.preview = text
                        deleteDialog.open()
                    }
                }
            }

            EmptyState {
                objectName: "chatEmptyState"
                anchors.fill: parent
                visible: panel.space.chat.count === 0 && panel.space.loadError === ""
                compact: true
                iconName: "chat"
                title: qsTr("No messages yet")
                text: panel.space.canPost
                      ? qsTr("Say hello: everyone in %1 will see it.").arg(panel.space.name)
                      : qsTr("Nobody has written here yet.")
            }
        }

        // ---- who is typing, errors, composer ----
        Text {
            id: typingLine
            objectName: "typingIndicator"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceL
            Layout.rightMargin: Theme.spaceL
            Layout.bottomMargin: 2
            // Keeps its height when empty so the composer doesn't jump as people start typing.
            Layout.preferredHeight: Math.ceil(fontMetrics.height)
            text: Format.typing(panel.space.typingNames)
            color: Theme.textMuted
            font.pixelSize: Theme.fontCaption
            font.italic: true
            elide: Text.ElideRight
            Accessible.role: Accessible.StaticText
            Accessible.name: text
            FontMetrics { id: fontMetrics; font: typingLine.font }
        }
        InlineMessage {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceM
            Layout.rightMargin: Theme.spaceM
            Layout.bottomMargin: Theme.spaceS
            text: panel.space.chatError
            closable: true
            onClosed: panel.space.clearChatError()
        }
        Composer {
            id: composer
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceM
            Layout.rightMargin: Theme.spaceM
            spaceName: panel.space.name
            canPost: panel.space.canPost
            sending: panel.space.sending
            onSend: text => {
                list.stickToEnd = true
                panel.space.post(text)
            }
            onEditLastRequested: panel.startEdit(panel.space.chat.lastOwnMessageId())
            onTyped: panel.space.noteTyping()
        }
        Text {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceL
            Layout.rightMargin: Theme.spaceL
            Layout.topMargin: 4
            Layout.bottomMargin: Theme.spaceS
            text: qsTr("Enter to send · Shift+Enter for a new line · ↑ to edit your last message")
            color: Theme.textFaint
            font.pixelSize: Theme.fontCaption
            elide: Text.ElideRight
        }
    }

    GroveDialog {
        id: deleteDialog
        property string messageId
        property string preview
        parent: Overlay.overlay
        title: qsTr("Delete this message?")
        subtitle: qsTr("It disappears for everyone in the space. This can't be undone.")
        contentItem: Text {
            text: deleteDialog.preview
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
            font.italic: true
            wrapMode: Text.Wrap
            maximumLineCount: 4
            elide: Text.ElideRight
        }
        footer: RowLayout {
            spacing: Theme.spaceS
            Item { Layout.fillWidth: true }
            GroveButton {
                Layout.bottomMargin: Theme.spaceXl
                text: qsTr("Cancel")
                onTriggered: deleteDialog.reject()
            }
            GroveButton {
                id: confirmDelete
                Layout.bottomMargin: Theme.spaceXl
                Layout.rightMargin: Theme.spaceXl
                text: qsTr("Delete")
                variant: "danger"
                onTriggered: {
                    panel.space.remove(deleteDialog.messageId)
                    deleteDialog.accept()
                }
            }
        }
        onOpened: confirmDelete.forceActiveFocus()
        onClosed: panel.focusComposer()
    }
}
