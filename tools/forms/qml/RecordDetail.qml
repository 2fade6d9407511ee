import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// One record beside the table: its values (Markdown shown formatted), what it breaks in the
// current schema, edit and delete, and its history — who changed which fields, when, newest first.
Rectangle {
    id: detail
    objectName: "recordDetail"
    required property QtObject tool
    property string recordId: ""
    readonly property var record: { tool.revision; return recordId === "" ? ({}) : tool.record(recordId) }
    signal editRequested(string recordId)
    signal closeRequested()
    color: Theme.surface

    Rectangle {
        width: 1
        height: parent.height
        color: Theme.border
    }

    ScrollView {
        id: scroller
        anchors.fill: parent
        anchors.leftMargin: 1
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: scroller.availableWidth
            spacing: Theme.spaceM

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.spaceL
                Layout.bottomMargin: 0
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Record")
                    font.pixelSize: Theme.fontTitle
                    font.weight: Font.DemiBold
                    color: Theme.text
                }
                GroveButton {
                    objectName: "detailEdit"
                    text: qsTr("Edit")
                    iconName: "edit"
                    visible: detail.record.canEdit === true
                    onTriggered: detail.editRequested(detail.recordId)
                }
                IconButton {
                    iconName: "close"
                    tip: qsTr("Close")
                    onTriggered: detail.closeRequested()
                }
            }
            Label {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.spaceL
                Layout.rightMargin: Theme.spaceL
                text: qsTr("Created by %1 on %2").arg(detail.record.creator || "").arg(detail.record.created || "")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.Wrap
            }
            Repeater {
                model: detail.record.problems || []
                delegate: InlineMessage {
                    required property string modelData
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spaceL
                    Layout.rightMargin: Theme.spaceL
                    type: "warning"
                    text: modelData
                }
            }
            Repeater {
                model: detail.tool.fields
                delegate: ColumnLayout {
                    id: value
                    required property var modelData
                    readonly property string html: (detail.record.html || {})[modelData.id] || ""
                    readonly property string text: (detail.record.values || {})[modelData.id] || ""
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spaceL
                    Layout.rightMargin: Theme.spaceL
                    spacing: 2
                    Label {
                        text: value.modelData.name
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }
                    Label {
                        Layout.fillWidth: true
                        text: value.modelData.type === 2 ? value.html
                            : value.modelData.type === 9 && value.text !== "" ? detail.tool.displayName(value.text)
                            : value.text !== "" ? value.text : "—"
                        textFormat: value.modelData.type === 2 ? Text.RichText : Text.PlainText
                        color: value.text !== "" ? Theme.text : Theme.textFaint
                        font.pixelSize: Theme.fontBody
                        wrapMode: Text.Wrap
                        onLinkActivated: (link) => Qt.openUrlExternally(link)
                    }
                }
            }
            SectionLabel {
                Layout.leftMargin: Theme.spaceL
                Layout.topMargin: Theme.spaceS
                text: qsTr("HISTORY")
            }
            Repeater {
                model: detail.record.history || []
                delegate: ColumnLayout {
                    id: change
                    objectName: "historyEntry"
                    required property var modelData
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spaceL
                    Layout.rightMargin: Theme.spaceL
                    spacing: 2
                    Label {
                        Layout.fillWidth: true
                        text: change.modelData.author + " · " + (change.modelData.kind === "created" ? qsTr("created")
                              : change.modelData.kind === "deleted" ? qsTr("deleted") : qsTr("changed"))
                              + " · " + change.modelData.when
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: change.modelData.changes.map(c => c.field + ": " + (c.value === "" ? "—" : c.value.replace(/\s*\n+\s*/g, " "))).join("\n")
                        color: Theme.text
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.Wrap
                        maximumLineCount: 8
                        elide: Text.ElideRight
                    }
                }
            }
            Item { Layout.preferredHeight: Theme.spaceL }
        }
    }
}
