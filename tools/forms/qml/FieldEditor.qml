import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// The schema editor for one field (managers): a new field's name and type, or an existing
// field's name, rules and options; retiring a field hides it and keeps its values.
GroveDialog {
    id: editor
    objectName: "fieldEditor"
    required property QtObject tool
    property var field: null  // null: a new field
    readonly property bool editing: field !== null
    readonly property var types: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    readonly property int chosenType: editing ? field.type : types[typeBox.currentIndex]

    title: editing ? qsTr("Edit field") : qsTr("New field")
    acceptText: editing ? qsTr("Save") : qsTr("Add field")
    acceptUnavailableReason: nameInput.text.trim() === "" ? qsTr("A field needs a name") : ""
    closeOnAccept: false
    width: Math.min(480, (parent ? parent.width : 480) - 2 * Theme.spaceL)
    onAcceptTriggered: save()

    function openNew() {
        field = null
        nameInput.text = ""
        typeBox.currentIndex = 0
        requiredBox.checked = false
        optionsInput.text = ""
        patternInput.text = ""
        failure.text = ""
        open()
    }
    function openField(f) {
        field = f
        nameInput.text = f.name
        requiredBox.checked = f.required
        optionsInput.text = f.options.join(", ")
        patternInput.text = f.pattern
        failure.text = ""
        open()
    }
    function save() {
        const attributes = { name: nameInput.text.trim(), required: requiredBox.checked }
        if (chosenType === 7 || chosenType === 8)
            attributes.options = optionsInput.text.split(",").map(s => s.trim()).filter(s => s !== "")
        if (chosenType === 1 || chosenType === 2) attributes.pattern = patternInput.text
        let ok
        if (editing) {
            ok = tool.updateField(field.id, attributes)
        } else {
            attributes.type = chosenType
            ok = tool.addField(attributes) !== ""
        }
        if (!ok) { failure.text = tool.lastError; return false }
        close()
        return true
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spaceM
        InlineMessage {
            id: failure
            Layout.fillWidth: true
            visible: text !== ""
        }
        FieldLabel { text: qsTr("Name") }
        GroveTextField {
            id: nameInput
            objectName: "fieldName"
            Layout.fillWidth: true
        }
        FieldLabel { text: qsTr("Type"); visible: !editor.editing }
        ComboBox {
            id: typeBox
            Layout.fillWidth: true
            visible: !editor.editing
            model: editor.types.map(t => editor.tool.typeName(t))
        }
        CheckBox {
            id: requiredBox
            text: qsTr("Required")
        }
        FieldLabel {
            text: qsTr("Options")
            note: qsTr("separated by commas")
            visible: editor.chosenType === 7 || editor.chosenType === 8
        }
        GroveTextField {
            id: optionsInput
            Layout.fillWidth: true
            visible: editor.chosenType === 7 || editor.chosenType === 8
        }
        FieldLabel {
            text: qsTr("Pattern")
            note: qsTr("the whole value must match (RE2)")
            visible: editor.chosenType === 1 || editor.chosenType === 2
        }
        GroveTextField {
            id: patternInput
            Layout.fillWidth: true
            visible: editor.chosenType === 1 || editor.chosenType === 2
        }
        GroveButton {
            visible: editor.editing
            text: qsTr("Retire this field")
            variant: "danger"
            tip: qsTr("Hidden from the table and the form; its values are kept")
            onTriggered: {
                if (editor.tool.retireField(editor.field.id, true)) editor.close()
                else failure.text = editor.tool.lastError
            }
        }
    }
}
