import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// The event editor: title, day and times (or all day) in the event's zone, repeat, where,
// description (Markdown), colour, invited members, a reminder; for an occurrence of a series,
// whether the change is for this event, this and following or all; the local member's answer
// when invited; delete.
GroveDialog {
    id: editor
    required property QtObject tool
    property var occurrence: null  // null: a new event
    readonly property bool editing: occurrence !== null
    readonly property bool recurring: editing && occurrence.recurring
    property string lastError
    property var invited: []

    title: editing ? qsTr("Edit event") : qsTr("New event")
    acceptText: editing ? qsTr("Save") : qsTr("Add")
    closeOnAccept: false
    width: Math.min(520, (parent ? parent.width : 520) - 2 * Theme.spaceL)
    onAcceptTriggered: save()

    readonly property var colors: ["", "#3b7dd8", "#2e9e6a", "#8e5bd8", "#d8733b", "#c24d6b", "#8a6d1d"]
    readonly property var repeats: [
        { label: qsTr("Does not repeat"), rule: "" },
        { label: qsTr("Every day"), rule: "FREQ=DAILY" },
        { label: qsTr("Every weekday"), rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" },
        { label: qsTr("Every week"), rule: "FREQ=WEEKLY" },
        { label: qsTr("Every month"), rule: "FREQ=MONTHLY" },
        { label: qsTr("Every year"), rule: "FREQ=YEARLY" }
    ]
    readonly property var reminderChoices: [0, 5, 10, 15, 30, 60, 1440]
    property string chosenColor: ""
    property string customRule: ""

    function pad(n) { return (n < 10 ? "0" : "") + n }
    function dateText(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) }
    function timeText(d) { return pad(d.getHours()) + ":" + pad(d.getMinutes()) }
    function parseDate(text) {
        const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim())
        return m ? { y: +m[1], m: +m[2], d: +m[3] } : null
    }
    function parseTime(text) {
        const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim())
        return m && +m[1] < 24 && +m[2] < 60 ? { h: +m[1], m: +m[2] } : null
    }

    function openNew(ms) {
        occurrence = null
        const start = new Date(ms)
        titleField.text = ""
        allDaySwitch.checked = false
        dateField.text = dateText(start)
        startField.text = timeText(start)
        endField.text = timeText(new Date(ms + 3600000))
        zoneField.text = tool.timeZone
        locationField.text = ""
        descriptionField.text = ""
        repeatBox.currentIndex = 0
        customRule = ""
        reminderBox.currentIndex = 0
        chosenColor = ""
        invited = []
        scopeBox.currentIndex = 0
        lastError = ""
        open()
        titleField.forceActiveFocus()
    }
    function openExisting(item) {
        occurrence = item
        const start = new Date(item.start), end = new Date(item.end)
        titleField.text = item.title
        allDaySwitch.checked = item.allDay
        dateField.text = dateText(start)
        startField.text = timeText(start)
        endField.text = item.allDay ? dateText(new Date(item.end - 86400000)) : timeText(end)
        zoneField.text = item.timeZone !== "" ? item.timeZone : tool.timeZone
        locationField.text = item.location
        descriptionField.text = item.description
        let index = repeats.findIndex(r => r.rule === item.rrule)
        customRule = index < 0 ? item.rrule : ""
        repeatBox.currentIndex = index < 0 ? 0 : index
        reminderBox.currentIndex = Math.max(0, reminderChoices.indexOf(item.reminders.length ? item.reminders[0] : 0))
        chosenColor = item.color
        invited = item.attendees.map(a => a.id)
        scopeBox.currentIndex = 0
        lastError = ""
        open()
    }

    // The fields as the model takes them; null (with lastError) when a field is not valid.
    function fields() {
        const day = parseDate(dateField.text)
        if (!day) { lastError = qsTr("The date is YYYY-MM-DD."); return null }
        const result = {
            title: titleField.text,
            location: locationField.text,
            description: descriptionField.text,
            color: chosenColor,
            attendees: invited,
            reminders: reminderBox.currentIndex > 0 ? [reminderChoices[reminderBox.currentIndex]] : [],
            allDay: allDaySwitch.checked
        }
        if (allDaySwitch.checked) {
            const last = parseDate(endField.text) || day
            result.start = new Date(day.y, day.m - 1, day.d).getTime()
            result.end = new Date(last.y, last.m - 1, last.d + 1).getTime()
        } else {
            const from = parseTime(startField.text), to = parseTime(endField.text)
            if (!from || !to) { lastError = qsTr("Times are HH:MM."); return null }
            result.start = new Date(day.y, day.m - 1, day.d, from.h, from.m).getTime()
            result.end = new Date(day.y, day.m - 1, day.d, to.h, to.m).getTime()
            if (result.end < result.start) result.end += 86400000  // ends after midnight
            result.timeZone = zoneField.text.trim()
        }
        if (!recurring || scopeBox.currentIndex !== 1)
            result.rrule = customRule !== "" && repeatBox.currentIndex === 0 ? customRule
                                                                            : repeats[repeatBox.currentIndex].rule
        return result
    }
    // Saves and closes; false (with lastError) when the model refused.
    function save() {
        const values = fields()
        if (!values) return false
        let done
        if (!editing) {
            done = tool.createEvent(values) !== ""
        } else {
            // One occurrence keeps its series' timing fields out of "this event" unless changed.
            const scope = recurring ? [1, 2, 0][scopeBox.currentIndex] : 0
            done = tool.updateEvent(occurrence.eventId, occurrence.recurrenceId, scope, values) !== ""
        }
        if (!done) { lastError = tool.lastError; return false }
        close()
        return true
    }
    function remove() {
        const scope = recurring ? [1, 2, 0][scopeBox.currentIndex] : 0
        if (!tool.deleteEvent(occurrence.eventId, occurrence.recurrenceId, scope)) {
            lastError = tool.lastError
            return false
        }
        close()
        return true
    }

    ScrollView {
        id: scroll
        width: editor.availableWidth
        implicitHeight: Math.min(form.implicitHeight, (editor.parent ? editor.parent.height : 700) - 220)
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            id: form
            width: scroll.availableWidth
            spacing: Theme.spaceS

            GroveTextField {
                id: titleField
                objectName: "editorTitle"
                Layout.fillWidth: true
                placeholderText: qsTr("Title")
                font.pixelSize: Theme.fontSubtitle
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spaceS
                GroveTextField { id: dateField; objectName: "editorDate"; Layout.preferredWidth: 120; placeholderText: "YYYY-MM-DD" }
                GroveTextField { id: startField; objectName: "editorStart"; visible: !allDaySwitch.checked; Layout.preferredWidth: 70; placeholderText: "09:00" }
                Label { text: "–"; color: Theme.textMuted }
                GroveTextField {
                    id: endField
                    objectName: "editorEnd"
                    Layout.preferredWidth: allDaySwitch.checked ? 120 : 70
                    placeholderText: allDaySwitch.checked ? qsTr("last day") : "10:00"
                }
                Item { Layout.fillWidth: true }
                Label { text: qsTr("All day"); color: Theme.textMuted }
                GroveSwitch { id: allDaySwitch; Accessible.name: qsTr("All day") }
            }
            RowLayout {
                Layout.fillWidth: true
                visible: !allDaySwitch.checked
                Label { text: qsTr("Time zone"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
                GroveTextField { id: zoneField; Layout.fillWidth: true; placeholderText: "Europe/Paris" }
            }
            RowLayout {
                Layout.fillWidth: true
                GroveComboBox {
                    id: repeatBox
                    Layout.fillWidth: true
                    enabled: !editor.recurring || scopeBox.currentIndex !== 0
                    model: editor.repeats.map(r => r.label)
                    displayText: editor.customRule !== "" && currentIndex === 0 ? editor.customRule : currentText
                }
                GroveComboBox {
                    id: reminderBox
                    Layout.fillWidth: true
                    model: editor.reminderChoices.map(m => m === 0 ? qsTr("No reminder")
                                                       : m < 60 ? qsTr("%1 min before").arg(m)
                                                       : m < 1440 ? qsTr("1 hour before") : qsTr("1 day before"))
                }
            }
            GroveTextField { id: locationField; Layout.fillWidth: true; placeholderText: qsTr("Where") }
            GroveTextArea {
                id: descriptionField
                Layout.fillWidth: true
                Layout.preferredHeight: 80
                placeholderText: qsTr("Description (Markdown)")
            }
            // The description as others see it: the Markdown rendered (safely) as Discussion does.
            Label {
                objectName: "descriptionPreview"
                Layout.fillWidth: true
                visible: descriptionField.text.trim() !== ""
                text: visible ? editor.tool.renderMarkdown(descriptionField.text) : ""
                textFormat: Text.RichText
                wrapMode: Text.Wrap
                color: Theme.text
                onLinkActivated: (link) => Qt.openUrlExternally(link)
            }
            Row {
                spacing: Theme.spaceS
                Repeater {
                    model: editor.colors
                    delegate: Rectangle {
                        required property string modelData
                        width: 22; height: 22; radius: 11
                        color: modelData !== "" ? modelData : Theme.accent
                        border.width: editor.chosenColor === modelData ? 3 : 0
                        border.color: Theme.text
                        MouseArea { anchors.fill: parent; onClicked: editor.chosenColor = modelData }
                    }
                }
            }
            SectionLabel { text: qsTr("Invited"); visible: editor.tool.members.length > 0 }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.spaceXs
                Repeater {
                    model: editor.tool.members
                    delegate: CheckBox {
                        required property var modelData
                        text: modelData.name
                        checked: editor.invited.indexOf(modelData.id) >= 0
                        onToggled: {
                            const next = editor.invited.filter(id => id !== modelData.id)
                            if (checked) next.push(modelData.id)
                            editor.invited = next
                        }
                    }
                }
            }
            RowLayout {
                objectName: "rsvpRow"
                visible: editor.editing && editor.occurrence.invited
                spacing: Theme.spaceS
                Label { text: qsTr("Going?"); color: Theme.textMuted }
                Repeater {
                    model: [{ label: qsTr("Yes"), value: 1 }, { label: qsTr("Maybe"), value: 3 }, { label: qsTr("No"), value: 2 }]
                    delegate: GroveButton {
                        required property var modelData
                        text: modelData.label
                        variant: editor.editing && editor.occurrence.myResponse === modelData.value ? "primary" : "secondary"
                        onTriggered: {
                            if (editor.tool.respond(editor.occurrence.eventId, modelData.value)) {
                                const copy = Object.assign({}, editor.occurrence)
                                copy.myResponse = modelData.value
                                editor.occurrence = copy
                            } else {
                                editor.lastError = editor.tool.lastError
                            }
                        }
                    }
                }
            }
            Label {
                visible: editor.editing && editor.occurrence.attendees.length > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                text: editor.editing ? editor.occurrence.attendees.map(a => a.name + " — "
                        + [qsTr("no answer"), qsTr("going"), qsTr("not going"), qsTr("maybe")][a.response]).join(", ") : ""
            }
            RowLayout {
                visible: editor.recurring
                Label { text: qsTr("Apply to"); color: Theme.textMuted }
                GroveComboBox {
                    id: scopeBox
                    objectName: "editorScope"
                    Layout.fillWidth: true
                    model: [qsTr("This event"), qsTr("This and following events"), qsTr("All events")]
                }
            }
            InlineMessage {
                Layout.fillWidth: true
                visible: editor.lastError !== ""
                text: editor.lastError
            }
            GroveButton {
                visible: editor.editing
                text: qsTr("Delete")
                variant: "danger"
                iconName: "trash"
                onTriggered: editor.remove()
            }
        }
    }
}
