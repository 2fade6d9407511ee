import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// The month view: six weeks from the week holding the 1st, each day with as many of its events
// as fit and "+n more"; click an event to open it, a day's number to see its week.
Item {
    id: month
    required property QtObject tool
    property date anchor
    property date firstDay
    signal openOccurrence(var occurrence)
    signal openDay(date day)

    readonly property int dayMs: 86400000
    readonly property real cellWidth: width / 7
    readonly property real cellHeight: (height - 28) / 6
    readonly property int chipsPerDay: Math.max(1, Math.floor((cellHeight - 26) / 20))
    // Occurrences per day index (0…41); multi-day events on each of their days.
    readonly property var byDay: {
        tool.revision
        const days = []
        for (let i = 0; i < 42; ++i) days.push([])
        const first = firstDay
        const end = new Date(first.getFullYear(), first.getMonth(), first.getDate() + 42)
        const list = tool.occurrences(first.getTime(), end.getTime())
        for (const item of list) {
            for (let i = 0; i < 42; ++i) {
                const dayStart = new Date(first.getFullYear(), first.getMonth(), first.getDate() + i).getTime()
                const dayEnd = new Date(first.getFullYear(), first.getMonth(), first.getDate() + i + 1).getTime()
                if (item.start < dayEnd && (item.end > dayStart || (item.end === item.start && item.start >= dayStart)))
                    days[i].push(item)
            }
        }
        return days
    }

    Row {
        id: weekdays
        height: 28
        Repeater {
            model: 7
            delegate: Label {
                required property int index
                width: month.cellWidth
                height: weekdays.height
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                text: Qt.locale().dayName((month.tool.firstDayOfWeek + index) % 7, Locale.ShortFormat)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
    }

    Grid {
        anchors.top: weekdays.bottom
        columns: 7
        Repeater {
            model: 42
            delegate: Rectangle {
                id: cell
                required property int index
                readonly property date day: new Date(month.firstDay.getFullYear(), month.firstDay.getMonth(),
                                                     month.firstDay.getDate() + index)
                readonly property bool inMonth: day.getMonth() === month.anchor.getMonth()
                readonly property bool today: {
                    const t = new Date()
                    return day.getFullYear() === t.getFullYear() && day.getMonth() === t.getMonth()
                           && day.getDate() === t.getDate()
                }
                readonly property var items: month.byDay[index]
                width: month.cellWidth
                height: month.cellHeight
                color: inMonth ? Theme.background : Theme.surface
                border.color: Theme.border
                border.width: 0
                Rectangle { width: parent.width; height: 1; color: Theme.border }
                Rectangle { width: 1; height: parent.height; color: Theme.border }

                Rectangle {
                    x: 4; y: 3
                    width: 24; height: 20; radius: 10
                    color: cell.today ? Theme.accent : "transparent"
                    Label {
                        anchors.centerIn: parent
                        text: cell.day.getDate()
                        color: cell.today ? Theme.accentText : cell.inMonth ? Theme.text : Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        font.weight: cell.today ? Font.DemiBold : Font.Normal
                    }
                    MouseArea { anchors.fill: parent; onClicked: month.openDay(cell.day) }
                }
                Column {
                    x: 3; y: 25
                    width: parent.width - 6
                    spacing: 2
                    Repeater {
                        model: cell.items.length > month.chipsPerDay ? month.chipsPerDay - 1 : cell.items.length
                        delegate: Rectangle {
                            required property int index
                            readonly property var occurrence: cell.items[index]
                            objectName: "monthChip"
                            property string title: occurrence.title
                            width: parent.width
                            height: 18
                            radius: Theme.radiusS
                            color: occurrence.allDay ? (occurrence.color !== "" ? occurrence.color : Theme.accent)
                                                     : "transparent"
                            Row {
                                x: 4
                                height: parent.height
                                spacing: 4
                                Rectangle {
                                    visible: !occurrence.allDay
                                    anchors.verticalCenter: parent.verticalCenter
                                    width: 7; height: 7; radius: 4
                                    color: occurrence.color !== "" ? occurrence.color : Theme.accent
                                }
                                Label {
                                    anchors.verticalCenter: parent.verticalCenter
                                    width: cell.width - 24
                                    text: (occurrence.allDay ? "" : Format.time(occurrence.start) + " ")
                                          + occurrence.title
                                    color: occurrence.allDay ? "#ffffff" : Theme.text
                                    font.pixelSize: Theme.fontCaption
                                    elide: Text.ElideRight
                                }
                            }
                            MouseArea { anchors.fill: parent; onClicked: month.openOccurrence(occurrence) }
                        }
                    }
                    Label {
                        visible: cell.items.length > month.chipsPerDay
                        leftPadding: 4
                        text: qsTr("+%1 more").arg(cell.items.length - month.chipsPerDay + 1)
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontCaption
                        MouseArea { anchors.fill: parent; onClicked: month.openDay(cell.day) }
                    }
                }
            }
        }
    }
}
