import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// The Forms tool's view: a header (the instance's name, how many records, search, group by,
// new record, add field) over the table of records — sorted by a click on a column's title,
// grouped under headings — with the selected record's detail and history at the side, the form
// to create or edit a record, and the field editor. `tool` is the instance's FormsModel.
Rectangle {
    id: root
    objectName: "formsView"
    required property QtObject tool
    color: Theme.background
    implicitWidth: 960
    implicitHeight: 640

    property string filter: ""
    property string sortField: ""
    property bool descending: false
    property string groupField: ""
    property string selected: ""
    property string layout: "table"  // table | board
    readonly property var choiceFields: fields.filter(f => f.type === 7)
    property string boardField: ""
    readonly property string boardFieldId: boardField !== "" ? boardField
                                         : choiceFields.length > 0 ? choiceFields[0].id : ""
    function showTable() { layout = "table" }
    function showBoard() { if (boardFieldId !== "") layout = "board" }
    readonly property var fields: tool.fields
    // The table's rows: the tool orders the matching records and builds a row's cells only when
    // the list shows that row.
    readonly property QtObject rows: tool.table
    Binding { target: root.rows; property: "filter"; value: root.filter }
    Binding { target: root.rows; property: "sortField"; value: root.sortField }
    Binding { target: root.rows; property: "descending"; value: root.descending }
    Binding { target: root.rows; property: "groupField"; value: root.groupField }
    readonly property bool sideBySide: width >= 900

    function columnWidth(type) {
        return type === 2 ? 260 : type === 1 ? 220 : type === 3 || type === 4 ? 120
             : type === 10 ? 80 : type === 5 ? 120 : type === 6 ? 180 : 160
    }
    readonly property real tableWidth: {
        let total = 0
        for (const f of fields) total += columnWidth(f.type)
        return total
    }
    // Opens the form for a new record; returns it.
    function newRecord() { recordEditor.openNew(); return recordEditor }
    function editRecord(id) { recordEditor.openRecord(id); return recordEditor }
    function select(id) { selected = id }
    function sortBy(fieldId) {
        if (sortField === fieldId) descending = !descending
        else { sortField = fieldId; descending = false }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.headerHeight
            Layout.leftMargin: Theme.spaceL
            Layout.rightMargin: Theme.spaceL
            spacing: Theme.spaceS
            Label {
                text: root.tool.name
                font.pixelSize: Theme.fontTitle
                font.weight: Font.DemiBold
                color: Theme.text
                elide: Text.ElideRight
                Layout.maximumWidth: root.width / 4
            }
            Chip {
                text: root.tool.recordCount === 1 ? qsTr("1 record") : qsTr("%1 records").arg(root.tool.recordCount)
            }
            Item { Layout.fillWidth: true }
            GroveButton {
                objectName: "tableButton"
                text: qsTr("Table")
                variant: root.layout === "table" ? "secondary" : "flat"
                visible: root.choiceFields.length > 0
                onTriggered: root.showTable()
            }
            GroveButton {
                objectName: "boardButton"
                text: qsTr("Board")
                variant: root.layout === "board" ? "secondary" : "flat"
                visible: root.choiceFields.length > 0
                tip: qsTr("Cards in a column per option of a choice field")
                onTriggered: root.showBoard()
            }
            GroveTextField {
                id: search
                objectName: "formsSearch"
                Layout.preferredWidth: Math.min(240, root.width / 5)
                placeholderText: qsTr("Search")
                onTextChanged: root.filter = text
            }
            ComboBox {
                id: groupBox
                visible: root.layout === "table"
                objectName: "formsGroupBy"
                Layout.preferredWidth: 170
                Layout.preferredHeight: Theme.controlHeight
                readonly property var choices: [{ id: "", name: qsTr("No grouping") }].concat(
                    root.fields.filter(f => [7, 9, 10].indexOf(f.type) >= 0)
                        .map(f => ({ id: f.id, name: qsTr("Group by %1").arg(f.name) })))
                model: choices.map(c => c.name)
                onActivated: (index) => root.groupField = choices[index].id
            }
            ComboBox {
                objectName: "formsBoardBy"
                visible: root.layout === "board" && root.choiceFields.length > 1
                Layout.preferredWidth: 170
                Layout.preferredHeight: Theme.controlHeight
                model: root.choiceFields.map(f => qsTr("Columns by %1").arg(f.name))
                onActivated: (index) => root.boardField = root.choiceFields[index].id
            }
            GroveButton {
                text: qsTr("Add field")
                iconName: "settings"
                visible: root.tool.canEditSchema
                onTriggered: fieldEditor.openNew()
            }
            GroveButton {
                objectName: "newRecordButton"
                text: qsTr("New record")
                iconName: "plus"
                variant: "primary"
                unavailableReason: !root.tool.canWrite ? qsTr("Guests cannot add records")
                                 : root.fields.length === 0 ? qsTr("The form has no fields yet") : ""
                onTriggered: root.newRecord()
            }
        }
        Separator { Layout.fillWidth: true }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            Item {
                Layout.fillWidth: true
                Layout.fillHeight: true

                EmptyState {
                    anchors.centerIn: parent
                    width: Math.min(parent.width - 2 * Theme.spaceXl, 420)
                    visible: root.fields.length === 0 || (root.layout === "table" && root.rows.count === 0)
                    iconName: "document"
                    title: root.fields.length === 0 ? qsTr("No fields yet")
                         : root.filter !== "" ? qsTr("No record matches") : qsTr("No records yet")
                    text: root.fields.length === 0
                          ? (root.tool.canEditSchema ? qsTr("Add the fields your records need: text, numbers, dates, choices, members…")
                                                     : qsTr("A manager of this space sets up the form's fields."))
                          : root.filter !== "" ? qsTr("Nothing contains “%1”.").arg(root.filter)
                          : qsTr("Records added here, or by a connected system, appear in this table.")
                }

                KanbanView {
                    anchors.fill: parent
                    visible: root.layout === "board" && root.fields.length > 0
                    tool: root.tool
                    fieldId: root.boardFieldId
                    filter: root.filter
                    selected: root.selected
                    onSelectRequested: (id) => root.select(id)
                    onEditRequested: (id) => root.editRecord(id)
                }

                ListView {
                    id: table
                    objectName: "formsTable"
                    anchors.fill: parent
                    visible: root.layout === "table" && root.rows.count > 0
                    clip: true
                    model: root.rows
                    contentWidth: Math.max(width, root.tableWidth + 2 * Theme.spaceL)
                    flickableDirection: Flickable.AutoFlickIfNeeded
                    boundsBehavior: Flickable.StopAtBounds
                    headerPositioning: ListView.OverlayHeader
                    ScrollBar.vertical: ScrollBar {}
                    ScrollBar.horizontal: ScrollBar {}
                    section.property: root.groupField !== "" ? "group" : ""
                    section.criteria: ViewSection.FullString
                    section.delegate: Rectangle {
                        required property string section
                        width: table.contentWidth
                        height: 32
                        color: Theme.surface
                        Label {
                            anchors.verticalCenter: parent.verticalCenter
                            x: Theme.spaceL
                            text: parent.section
                            font.weight: Font.DemiBold
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                    }

                    header: Rectangle {
                        z: 2
                        width: table.contentWidth
                        height: 36
                        color: Theme.background
                        Row {
                            x: Theme.spaceL
                            height: parent.height
                            Repeater {
                                model: root.fields
                                delegate: ItemDelegate {
                                    id: heading
                                    objectName: "columnHeader"
                                    required property var modelData
                                    width: root.columnWidth(modelData.type)
                                    height: 36
                                    leftPadding: 0
                                    rightPadding: Theme.spaceM
                                    onClicked: root.sortBy(modelData.id)
                                    onDoubleClicked: if (root.tool.canEditSchema) fieldEditor.openField(modelData)
                                    contentItem: Label {
                                        text: heading.modelData.name
                                              + (root.sortField === heading.modelData.id ? (root.descending ? "  ↓" : "  ↑") : "")
                                        font.pixelSize: Theme.fontSmall
                                        font.weight: Font.DemiBold
                                        color: Theme.textMuted
                                        elide: Text.ElideRight
                                        horizontalAlignment: [3, 4].indexOf(heading.modelData.type) >= 0 ? Text.AlignRight : Text.AlignLeft
                                    }
                                    background: Rectangle { color: heading.hovered ? Theme.hover : "transparent" }
                                    ToolTip.visible: hovered
                                    ToolTip.text: qsTr("%1 · click to sort").arg(heading.modelData.typeName)
                                    ToolTip.delay: 600
                                }
                            }
                        }
                        Rectangle {
                            anchors.bottom: parent.bottom
                            width: parent.width
                            height: 1
                            color: Theme.border
                        }
                    }

                    delegate: ItemDelegate {
                        id: row
                        objectName: "recordRow"
                        required property int index
                        required property string recordId
                        required property var cells
                        required property var problems
                        required property bool canEdit
                        readonly property string title: cells.length > 0 ? cells[0] : ""
                        width: table.contentWidth
                        height: 40
                        leftPadding: Theme.spaceL
                        rightPadding: 0
                        topPadding: 0
                        bottomPadding: 0
                        highlighted: root.selected === recordId
                        onClicked: root.select(recordId)
                        onDoubleClicked: if (canEdit) root.editRecord(recordId)
                        background: Rectangle {
                            color: row.highlighted ? Theme.selected : row.hovered ? Theme.hover : "transparent"
                            Rectangle {
                                anchors.bottom: parent.bottom
                                width: parent.width
                                height: 1
                                color: Theme.border
                            }
                        }
                        contentItem: Row {
                            Repeater {
                                model: row.cells
                                delegate: Label {
                                    required property string modelData
                                    required property int index
                                    readonly property var field: root.fields[index]
                                    width: root.columnWidth(field ? field.type : 1)
                                    height: 40
                                    rightPadding: Theme.spaceM
                                    verticalAlignment: Text.AlignVCenter
                                    horizontalAlignment: field && [3, 4].indexOf(field.type) >= 0 ? Text.AlignRight : Text.AlignLeft
                                    text: modelData.replace(/\n/g, " ")
                                    elide: Text.ElideRight
                                    color: Theme.text
                                    font.pixelSize: Theme.fontBody
                                }
                            }
                            Icon {
                                visible: row.problems.length > 0
                                name: "alert"
                                color: Theme.warning
                                size: 16
                                anchors.verticalCenter: parent ? parent.verticalCenter : undefined
                                ToolTip.visible: problemArea.containsMouse
                                ToolTip.text: row.problems.join("\n")
                                MouseArea {
                                    id: problemArea
                                    anchors.fill: parent
                                    hoverEnabled: true
                                }
                            }
                        }
                    }
                }
            }

            RecordDetail {
                Layout.preferredWidth: root.sideBySide ? Math.min(380, root.width * 0.34) : root.width
                Layout.fillHeight: true
                visible: root.selected !== ""
                tool: root.tool
                recordId: root.selected
                onEditRequested: (id) => root.editRecord(id)
                onCloseRequested: root.selected = ""
            }
        }
    }

    RecordEditor {
        id: recordEditor
        tool: root.tool
    }
    FieldEditor {
        id: fieldEditor
        tool: root.tool
    }
}
