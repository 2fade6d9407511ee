import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// The board: a column per option of a choice field (and one for records without a value), each
// record a card; dragging a card to another column sets the field to that option. A click selects
// the record, a double click opens it in the form.
Item {
    id: board
    objectName: "kanbanView"
    required property QtObject tool
    property string fieldId: ""
    property string filter: ""
    property string selected: ""
    readonly property var columns: { tool.revision; return tool.board(fieldId, filter) }
    signal selectRequested(string recordId)
    signal editRequested(string recordId)

    // Sets the record's field to `option` ("" clears it); false with tool.lastError when refused.
    function moveCard(recordId, option) {
        const values = {}
        values[fieldId] = option
        return tool.updateRecord(recordId, values)
    }

    Flickable {
        anchors.fill: parent
        anchors.margins: Theme.spaceL
        contentWidth: lanes.width
        contentHeight: height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.horizontal: ScrollBar {}

        Row {
            id: lanes
            height: parent.height
            spacing: Theme.spaceM

            Repeater {
                model: board.columns
                delegate: Rectangle {
                    id: lane
                    objectName: "kanbanColumn"
                    required property var modelData
                    readonly property string option: modelData.option
                    width: 260
                    height: lanes.height
                    radius: Theme.radiusM
                    color: drop.containsDrag ? Theme.selected : Theme.surface
                    border.color: Theme.border

                    DropArea {
                        id: drop
                        anchors.fill: parent
                        keys: ["grove-forms-record"]
                        onDropped: (event) => {
                            if (event.source && event.source.option !== lane.option)
                                board.moveCard(event.source.recordId, lane.option)
                        }
                    }

                    ColumnLayout {
                        anchors.fill: parent
                        anchors.margins: Theme.spaceS
                        spacing: Theme.spaceS
                        RowLayout {
                            Layout.fillWidth: true
                            Layout.margins: Theme.spaceXs
                            Label {
                                Layout.fillWidth: true
                                text: lane.option !== "" ? lane.option : qsTr("No value")
                                font.weight: Font.DemiBold
                                color: lane.option !== "" ? Theme.text : Theme.textMuted
                                elide: Text.ElideRight
                            }
                            Chip { text: String(lane.modelData.cards.length) }
                        }
                        ScrollView {
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            contentWidth: availableWidth
                            Column {
                                width: parent.width
                                spacing: Theme.spaceS
                                Repeater {
                                    model: lane.modelData.cards
                                    delegate: Rectangle {
                                        id: card
                                        objectName: "kanbanCard"
                                        required property var modelData
                                        readonly property string recordId: modelData.id
                                        readonly property string title: modelData.title
                                        readonly property string option: lane.option
                                        width: parent ? parent.width : 240
                                        height: cardText.implicitHeight + 2 * Theme.spaceM
                                        radius: Theme.radiusS
                                        color: board.selected === recordId ? Theme.selected : Theme.raised
                                        border.color: dragArea.drag.active ? Theme.accent : Theme.border
                                        Drag.active: dragArea.drag.active
                                        Drag.source: card
                                        Drag.keys: ["grove-forms-record"]
                                        Drag.hotSpot.x: width / 2
                                        Drag.hotSpot.y: height / 2
                                        z: dragArea.drag.active ? 10 : 0

                                        ColumnLayout {
                                            id: cardText
                                            x: Theme.spaceM
                                            y: Theme.spaceM
                                            width: card.width - 2 * Theme.spaceM
                                            spacing: 2
                                            Label {
                                                Layout.fillWidth: true
                                                text: card.modelData.title !== "" ? card.modelData.title : qsTr("Untitled")
                                                color: Theme.text
                                                wrapMode: Text.Wrap
                                                maximumLineCount: 3
                                                elide: Text.ElideRight
                                            }
                                            Label {
                                                Layout.fillWidth: true
                                                visible: text !== ""
                                                text: card.modelData.detail
                                                color: Theme.textMuted
                                                font.pixelSize: Theme.fontSmall
                                                elide: Text.ElideRight
                                            }
                                        }
                                        MouseArea {
                                            id: dragArea
                                            anchors.fill: parent
                                            drag.target: card.modelData.canEdit ? card : null
                                            onClicked: board.selectRequested(card.recordId)
                                            onDoubleClicked: if (card.modelData.canEdit) board.editRequested(card.recordId)
                                            onReleased: {
                                                if (drag.active) card.Drag.drop()
                                                card.x = 0  // back in its column; the model moves it
                                                card.parent.forceLayout()
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
