import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The Checklist view. `tool` is the instance's ChecklistModel, given by the Grove host.
Pane {
    id: root
    required property QtObject tool
    implicitWidth: 400
    implicitHeight: 500

    ColumnLayout {
        anchors.fill: parent

        Label {
            text: qsTr("%1 of %2 done").arg(root.tool.doneCount).arg(root.tool.count)
            opacity: 0.7
        }

        ListView {
            objectName: "items"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.tool
            delegate: RowLayout {
                required property string itemId
                required property string text
                required property bool done
                width: ListView.view.width
                CheckBox {
                    checked: parent.done
                    onToggled: root.tool.setDone(parent.itemId, checked)
                }
                Label {
                    Layout.fillWidth: true
                    text: parent.text
                    font.strikeout: parent.done
                    elide: Text.ElideRight
                }
                ToolButton {
                    text: "✕"
                    onClicked: root.tool.remove(parent.itemId)
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: newItem
                Layout.fillWidth: true
                placeholderText: qsTr("Something to do")
                onAccepted: addButton.clicked()
            }
            Button {
                id: addButton
                text: qsTr("Add")
                enabled: newItem.text.trim().length > 0
                onClicked: if (root.tool.add(newItem.text)) newItem.text = ""
            }
        }
    }
}
