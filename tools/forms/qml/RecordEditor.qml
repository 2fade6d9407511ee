import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// The form: one record's fields, created or edited, each input chosen by the field's type
// (text, Markdown, number, date, a choice list, options to tick, a member, a checkbox), with the
// schema's rules checked as you type and their messages under the field they concern.
GroveDialog {
    id: editor
    objectName: "recordEditor"
    required property QtObject tool
    property string recordId: ""  // empty: a new record
    readonly property bool editing: recordId !== ""
    property var values: ({})      // field id → text (or bool, or a list of options)
    property var changed: ({})     // field ids edited since opening
    property var messages: ({})    // field id → what is wrong

    title: editing ? qsTr("Edit record") : qsTr("New record")
    acceptText: editing ? qsTr("Save") : qsTr("Add")
    acceptUnavailableReason: Object.keys(messages).length > 0 ? qsTr("Some fields need attention") : ""
    closeOnAccept: false
    width: Math.min(560, (parent ? parent.width : 560) - 2 * Theme.spaceL)
    onAcceptTriggered: save()

    function openNew() {
        recordId = ""
        const start = {}
        for (const field of tool.fields)
            if (field.defaultText !== "") start[field.id] = field.type === 10 ? true : field.defaultText
        values = start
        changed = ({})
        messages = ({})
        open()
    }
    function openRecord(id) {
        const record = tool.record(id)
        if (!record.id) return
        recordId = id
        const start = {}
        for (const field of tool.fields) {
            const text = record.values[field.id] || ""
            start[field.id] = field.type === 10 ? text === "yes"
                            : field.type === 8 ? (text === "" ? [] : text.split("; ")) : text
        }
        values = start
        changed = ({})
        messages = ({})
        open()
    }
    function setValue(fieldId, value) {
        const next = Object.assign({}, values)
        next[fieldId] = value
        values = next
        const touched = Object.assign({}, changed)
        touched[fieldId] = true
        changed = touched
        validate()
    }
    function submitted() {
        if (!editing) {
            const out = {}
            for (const id in values)
                if (values[id] !== "" && !(Array.isArray(values[id]) && values[id].length === 0))
                    out[id] = values[id]
            return out
        }
        const out = {}
        for (const id in changed) out[id] = values[id]
        return out
    }
    function validate() {
        messages = tool.validate(submitted(), !editing)
    }
    // Returns whether the record was saved; on failure the messages say why.
    function save() {
        validate()
        if (Object.keys(messages).length > 0) return false
        const ok = editing ? tool.updateRecord(recordId, submitted())
                           : tool.createRecord(submitted()) !== ""
        if (!ok) {
            failure.text = tool.lastError
            return false
        }
        failure.text = ""
        close()
        return true
    }

    ScrollView {
        id: scroller
        anchors.fill: parent
        implicitHeight: Math.min(form.implicitHeight, 520)
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            id: form
            width: scroller.availableWidth
            spacing: Theme.spaceM

            InlineMessage {
                id: failure
                Layout.fillWidth: true
                visible: text !== ""
                type: "error"
            }

            Repeater {
                model: editor.tool.fields
                delegate: ColumnLayout {
                    id: entry
                    required property var modelData
                    readonly property string fieldId: modelData.id
                    readonly property int type: modelData.type
                    readonly property var value: editor.values[fieldId]
                    readonly property string message: editor.messages[fieldId] || ""
                    Layout.fillWidth: true
                    spacing: Theme.spaceXs

                    FieldLabel {
                        Layout.fillWidth: true
                        text: entry.modelData.name + (entry.modelData.required ? " *" : "")
                        note: entry.type === 4 ? entry.modelData.currency
                            : entry.type === 5 ? "YYYY-MM-DD"
                            : entry.type === 6 ? qsTr("YYYY-MM-DDTHH:MM:SSZ (UTC)")
                            : entry.modelData.typeName
                    }
                    GroveTextField {
                        objectName: "formInput_" + entry.modelData.name
                        Layout.fillWidth: true
                        visible: [1, 3, 4, 5, 6, 11, 12].indexOf(entry.type) >= 0
                        text: typeof entry.value === "string" ? entry.value : ""
                        error: entry.message !== ""
                        placeholderText: entry.modelData.description
                        inputMethodHints: entry.type === 3 || entry.type === 4 ? Qt.ImhFormattedNumbersOnly : Qt.ImhNone
                        onTextEdited: editor.setValue(entry.fieldId, text)
                    }
                    GroveTextArea {
                        objectName: "formInput_" + entry.modelData.name
                        Layout.fillWidth: true
                        Layout.preferredHeight: 96
                        visible: entry.type === 2
                        text: typeof entry.value === "string" ? entry.value : ""
                        error: entry.message !== ""
                        placeholderText: qsTr("Markdown")
                        onTextChanged: if (activeFocus) editor.setValue(entry.fieldId, text)
                    }
                    ComboBox {
                        objectName: "formInput_" + entry.modelData.name
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.controlHeight
                        visible: entry.type === 7 || entry.type === 9
                        readonly property var choices: entry.type === 7
                            ? [""].concat(entry.modelData.options)
                            : [{ id: "", name: "" }].concat(editor.tool.members)
                        model: entry.type === 7 ? choices : choices.map(m => m.name)
                        currentIndex: {
                            const current = entry.value || ""
                            if (entry.type === 7) return Math.max(0, choices.indexOf(current))
                            return Math.max(0, choices.findIndex(m => m.id === current))
                        }
                        onActivated: (index) => editor.setValue(entry.fieldId,
                            entry.type === 7 ? choices[index] : choices[index].id)
                    }
                    Flow {
                        Layout.fillWidth: true
                        visible: entry.type === 8
                        spacing: Theme.spaceS
                        Repeater {
                            model: entry.type === 8 ? entry.modelData.options : []
                            delegate: CheckBox {
                                required property string modelData
                                text: modelData
                                checked: Array.isArray(entry.value) && entry.value.indexOf(modelData) >= 0
                                onToggled: {
                                    const current = Array.isArray(entry.value) ? entry.value.slice() : []
                                    const at = current.indexOf(modelData)
                                    if (checked && at < 0) current.push(modelData)
                                    if (!checked && at >= 0) current.splice(at, 1)
                                    editor.setValue(entry.fieldId, current)
                                }
                            }
                        }
                    }
                    CheckBox {
                        objectName: "formInput_" + entry.modelData.name
                        visible: entry.type === 10
                        text: entry.modelData.description || entry.modelData.name
                        checked: entry.value === true
                        onToggled: editor.setValue(entry.fieldId, checked)
                    }
                    Text {
                        objectName: "formMessage"
                        Layout.fillWidth: true
                        visible: entry.message !== ""
                        text: entry.message
                        color: Theme.danger
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }
}
