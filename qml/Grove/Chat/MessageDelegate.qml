// MessageDelegate: one chat message — avatar and name at the start of a run by one author,
// the text (selectable), "edited" and "deleted" marks, and for the user's own messages the
// edit and delete actions on hover, with inline editing (Enter saves, Escape cancels).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

Item {
    id: row

    required property int index
    required property string messageId
    required property string authorName
    required property string authorId
    required property string text
    required property double postedMs
    required property double editedMs
    required property bool deleted
    required property bool mine
    required property bool groupStart

    property bool editing: false
    property bool actionsEnabled: true
    signal editRequested(string messageId)
    signal editSubmitted(string messageId, string text)
    signal editCancelled()
    signal deleteRequested(string messageId, string text)

    readonly property bool hovered: hover.hovered
    readonly property bool showActions: mine && !deleted && !editing && actionsEnabled
                                        && (hovered || actionsFocus)
    property bool actionsFocus: editButton.activeFocus || deleteButton.activeFocus

    width: ListView.view ? ListView.view.width : 320
    implicitHeight: Math.max(content.implicitHeight + 4, 26) + (groupStart ? Theme.spaceM : 0)

    Accessible.role: Accessible.ListItem
    Accessible.name: authorName + ", " + Format.time(postedMs) + ": "
                     + (deleted ? qsTr("message deleted") : text)

    HoverHandler { id: hover }

    Rectangle {
        anchors.fill: parent
        anchors.topMargin: row.groupStart ? Theme.spaceS : 0
        color: row.editing ? Theme.accentSoft : row.hovered ? Theme.hover : "transparent"
        opacity: row.editing ? 0.6 : 0.7
    }

    RowLayout {
        id: content
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.leftMargin: Theme.spaceL
        anchors.rightMargin: Theme.spaceL
        anchors.bottomMargin: 2
        spacing: Theme.spaceM

        Item {
            Layout.alignment: Qt.AlignTop
            Layout.preferredWidth: 34
            Layout.preferredHeight: row.groupStart ? 34 : timeHint.implicitHeight
            Avatar {
                visible: row.groupStart
                name: row.authorName
                key: row.authorId
                size: 34
            }
            Text {
                id: timeHint
                visible: !row.groupStart && row.hovered
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.topMargin: 3
                text: Format.time(row.postedMs)
                color: Theme.textFaint
                font.pixelSize: Theme.fontCaption - 1
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            RowLayout {
                visible: row.groupStart
                spacing: Theme.spaceS
                Text {
                    text: row.authorName
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.weight: Font.DemiBold
                }
                Text {
                    text: Format.time(row.postedMs)
                    color: Theme.textFaint
                    font.pixelSize: Theme.fontCaption
                    ToolTip.visible: timeHover.hovered
                    ToolTip.text: Format.full(row.postedMs)
                    ToolTip.delay: 500
                    HoverHandler { id: timeHover }
                }
            }

            TextEdit {
                id: body
                Layout.fillWidth: true
                visible: !row.editing
                readOnly: true
                selectByMouse: true
                wrapMode: TextEdit.Wrap
                // Rich text only to put the "edited" mark inline; the message itself is escaped.
                textFormat: TextEdit.RichText
                text: row.deleted ? qsTr("This message was deleted.")
                      : "<span style=\"white-space:pre-wrap\">" + Format.escapeHtml(row.text) + "</span>" + (row.editedMs > 0
                        ? "<span style=\"color:" + Theme.textFaint + "; font-size:" + Theme.fontCaption + "px\">&nbsp;&nbsp;" + qsTr("(edited)") + "</span>"
                        : "")
                color: row.deleted ? Theme.textFaint : Theme.text
                font.pixelSize: Theme.fontBody
                font.italic: row.deleted
                selectionColor: Theme.accent
                selectedTextColor: Theme.accentText
                activeFocusOnPress: false
                HoverHandler { id: bodyHover }
                ToolTip.visible: bodyHover.hovered && row.editedMs > 0 && !row.deleted
                ToolTip.text: qsTr("Edited %1").arg(Format.full(row.editedMs))
                ToolTip.delay: 800
            }

            ColumnLayout {
                visible: row.editing
                Layout.fillWidth: true
                Layout.topMargin: 2
                Layout.bottomMargin: Theme.spaceS
                spacing: Theme.spaceXs
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: Math.min(editArea.implicitHeight, 160) + 2
                    radius: Theme.radiusM
                    color: Theme.background
                    border.width: 2
                    border.color: Theme.focus
                    ScrollView {
                        anchors.fill: parent
                        anchors.margins: 1
                        TextArea {
                            id: editArea
                            objectName: "editArea"
                            wrapMode: TextEdit.Wrap
                            font.pixelSize: Theme.fontBody
                            color: Theme.text
                            selectByMouse: true
                            background: null
                            Accessible.name: qsTr("Edit message")
                            Keys.onPressed: event => {
                                if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                                        && !(event.modifiers & Qt.ShiftModifier)) {
                                    event.accepted = true
                                    row.submitEdit()
                                } else if (event.key === Qt.Key_Escape) {
                                    event.accepted = true
                                    row.editCancelled()
                                }
                            }
                        }
                    }
                }
                Text {
                    text: qsTr("Enter to save · Shift+Enter for a new line · Escape to cancel")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontCaption
                }
            }
        }
    }

    function submitEdit() {
        const t = editArea.text.trim()
        if (t.length === 0)
            return
        if (t === row.text)
            row.editCancelled()
        else
            row.editSubmitted(row.messageId, t)
    }

    onEditingChanged: {
        if (editing) {
            editArea.text = row.text
            editArea.cursorPosition = editArea.length
            editArea.forceActiveFocus()
        }
    }

    Rectangle {
        id: actions
        visible: row.showActions
        anchors.right: parent.right
        anchors.rightMargin: Theme.spaceM
        anchors.top: parent.top
        anchors.topMargin: row.groupStart ? Theme.spaceS + 2 : -2
        z: 2
        width: actionRow.implicitWidth + 6
        height: actionRow.implicitHeight + 6
        radius: Theme.radiusM
        color: Theme.raised
        border.width: 1
        border.color: Theme.border
        Row {
            id: actionRow
            anchors.centerIn: parent
            IconButton {
                id: editButton
                iconName: "edit"
                iconSize: 15
                implicitWidth: 26
                implicitHeight: 26
                tip: qsTr("Edit")
                onTriggered: row.editRequested(row.messageId)
            }
            IconButton {
                id: deleteButton
                iconName: "trash"
                iconSize: 15
                implicitWidth: 26
                implicitHeight: 26
                tip: qsTr("Delete")
                iconColor: Theme.danger
                onTriggered: row.deleteRequested(row.messageId, row.text)
            }
        }
    }
}
