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
        const end = new Date(from.getFullYear(), from.getMonth(), from.getDate() + 60)
        const list = tool.occurrences(from.getTime(), end.getTime())
        // Day headings between the occurrences.
        const rows = []
        let last = ""
        for (const item of list) {
            const day = new Date(Math.max(item.start, from.getTime()))
            const key = day.toDateString()
            if (key !== last) {
                rows.push({ heading: true, text: day.toLocaleDateString(Qt.locale(), "dddd d MMMM") })
                last = key
            }
            item.heading = false
            rows.push(item)
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
                    text: modelData.allDay ? qsTr("All day")
                          : Format.time(modelData.start) + " – "
                            + Format.time(modelData.end)
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
