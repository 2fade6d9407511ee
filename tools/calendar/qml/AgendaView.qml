import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// The agenda: the next 60 days' occurrences as a list under day headings, with where, the
// series mark and the local member's answer.
Item {
    id: agenda
    required property QtObject tool
    property date from
    signal openOccurrence(var occurrence)

    readonly property var items: {
        tool.revision
        const first = new Date(from.getFullYear(), from.getMonth(), from.getDate())
        const end = new Date(from.getFullYear(), from.getMonth(), from.getDate() + 60)
        const list = tool.occurrences(first.getTime(), end.getTime())
        // Every day an occurrence covers gets a row for it (a three-day offsite, a night shift),
        // under that day's heading; the rows of a day keep the occurrences' order by start.
        const days = []
        for (const item of list) {
            const last = Math.max(item.start, item.end - 1)
            let day = new Date(Math.max(item.start, first.getTime()))
            day = new Date(day.getFullYear(), day.getMonth(), day.getDate())
            while (day.getTime() <= last && day < end) {
                const next = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)
                const offset = Math.round((day.getTime() - first.getTime()) / 86400000)
                const row = Object.assign({}, item)
                row.heading = false
                row.startsBefore = item.start < day.getTime()
                row.endsAfter = item.end > next.getTime()
                if (!days[offset]) days[offset] = { date: day, rows: [] }
                days[offset].rows.push(row)
                day = next
            }
        }
        const rows = []
        for (const entry of days) {
            if (!entry) continue
            rows.push({ heading: true, text: entry.date.toLocaleDateString(Qt.locale(), "dddd d MMMM") })
            for (const row of entry.rows) rows.push(row)
        }
        return rows
    }

    EmptyState {
        anchors.centerIn: parent
        visible: agenda.items.length === 0
        iconName: "bell"
        title: qsTr("Nothing planned")
        text: qsTr("Events of the next 60 days show here.")
    }

    ListView {
        id: list
        anchors.fill: parent
        anchors.margins: Theme.spaceM
        clip: true
        model: agenda.items
        spacing: 2
        ScrollBar.vertical: ScrollBar {}
        delegate: Loader {
            required property var modelData
            width: ListView.view.width
            sourceComponent: modelData.heading ? headingRow : eventRow
            property var rowData: modelData
        }
    }

    Component {
        id: headingRow
        Label {
            topPadding: Theme.spaceM
            bottomPadding: Theme.spaceXs
            text: parent ? parent.rowData.text : ""
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
        }
    }

    Component {
        id: eventRow
        ItemDelegate {
            id: row
            readonly property var modelData: parent ? parent.rowData : ({})
            objectName: "agendaRow"
            property string title: modelData.title || ""
            width: parent ? parent.width : 0
            height: 44
            background: Rectangle { color: row.hovered ? Theme.hover : "transparent"; radius: Theme.radiusS }
            onClicked: agenda.openOccurrence(modelData)
            contentItem: RowLayout {
                spacing: Theme.spaceM
                Label {
                    Layout.preferredWidth: agenda.width < 560 ? 96 : 120
                    // A day in the middle of a longer occurrence is "All day"; its first
                    // and last days say when it starts and ends.
                    text: modelData.allDay || (modelData.startsBefore && modelData.endsAfter)
                          ? qsTr("All day")
                          : modelData.startsBefore ? qsTr("until %1").arg(Format.time(modelData.end))
                          : modelData.endsAfter ? qsTr("from %1").arg(Format.time(modelData.start))
                          : Format.time(modelData.start) + " – " + Format.time(modelData.end)
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
                Rectangle {
                    width: 10; height: 10; radius: 5
                    color: modelData.color !== "" ? modelData.color : Theme.accent
                }
                Label {
                    Layout.fillWidth: true
                    Layout.minimumWidth: 0
                    text: modelData.title + (modelData.location !== "" ? "  ·  " + modelData.location : "")
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Icon {
                    visible: modelData.recurring
                    name: "sync"
                    color: Theme.textMuted
                    size: 14
                }
                Chip {
                    visible: modelData.invited
                    text: modelData.myResponse === 1 ? qsTr("Going") : modelData.myResponse === 2 ? qsTr("Declined")
                          : modelData.myResponse === 3 ? qsTr("Maybe") : qsTr("Invited")
                    tone: modelData.myResponse === 1 ? "accent" : modelData.myResponse === 2 ? "danger" : "info"
                }
            }
        }
    }
}
