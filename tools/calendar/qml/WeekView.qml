import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

// The week (or day) view: a column per day with an hour grid, all-day events in a band on top,
// overlapping events side by side. Drag an event to move it, its bottom edge to change its end
// (15-minute steps; one occurrence of a series); double-click the grid to add one there.
Item {
    id: week
    required property QtObject tool
    property date firstDay
    property int days: 7
    signal openOccurrence(var occurrence)
    signal createAt(double ms)
    signal failed(string text)

    readonly property real gutter: 56
    readonly property real hourHeight: 48
    readonly property real columnWidth: Math.max(40, (width - gutter - 8) / days)
    readonly property var layout: {
        tool.revision  // re-read after every change
        return tool.layoutDays(firstDay.getTime(), days)
    }
    readonly property int allDayRows: layout.allDayRows
    property double now: Date.now()
    Timer { interval: 60000; running: true; repeat: true; onTriggered: week.now = Date.now() }

    function colorOf(item) { return item.color !== "" ? item.color : Theme.accent }
    function isToday(ms) {
        const d = new Date(ms), t = new Date(week.now)
        return d.getFullYear() === t.getFullYear() && d.getMonth() === t.getMonth() && d.getDate() === t.getDate()
    }

    // Day headers.
    Row {
        id: header
        x: week.gutter
        height: 44
        Repeater {
            model: week.layout.days
            delegate: Item {
                required property var modelData
                width: week.columnWidth
                height: header.height
                Column {
                    anchors.centerIn: parent
                    Label {
                        anchors.horizontalCenter: parent.horizontalCenter
                        text: new Date(modelData).toLocaleDateString(Qt.locale(), "ddd")
                        color: week.isToday(modelData) ? Theme.accent : Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }
                    Rectangle {
                        anchors.horizontalCenter: parent.horizontalCenter
                        width: 28; height: 24; radius: 12
                        color: week.isToday(modelData) ? Theme.accent : "transparent"
                        Label {
                            anchors.centerIn: parent
                            text: new Date(modelData).getDate()
                            color: week.isToday(modelData) ? Theme.accentText : Theme.text
                            font.pixelSize: Theme.fontSubtitle
                            font.weight: Font.DemiBold
                        }
                    }
                }
            }
        }
    }

    // All-day band.
    Rectangle {
        id: allDayBand
        anchors.top: header.bottom
        width: parent.width
        height: Math.max(1, week.allDayRows) * 24 + 6
        color: Theme.surface
        Label {
            width: week.gutter - 6
            y: 6
            horizontalAlignment: Text.AlignRight
            text: qsTr("all day")
            color: Theme.textMuted
            font.pixelSize: Theme.fontCaption
        }
        Repeater {
            model: week.layout.allDay
            delegate: Rectangle {
                required property var modelData
                objectName: "eventBlock"
                property string title: modelData.title
                x: week.gutter + modelData.day * week.columnWidth + 2
                y: 3 + modelData.row * 24
                width: modelData.span * week.columnWidth - 4
                height: 21
                radius: Theme.radiusS
                color: week.colorOf(modelData)
                Label {
                    anchors.fill: parent
                    anchors.leftMargin: 6
                    verticalAlignment: Text.AlignVCenter
                    text: modelData.title
                    color: "#ffffff"
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                }
                MouseArea { anchors.fill: parent; onClicked: week.openOccurrence(modelData) }
            }
        }
    }
    Separator { anchors.top: allDayBand.bottom; width: parent.width }

    Flickable {
        id: grid
        objectName: "weekGrid"
        anchors.top: allDayBand.bottom
        anchors.topMargin: 1
        anchors.bottom: parent.bottom
        width: parent.width
        contentHeight: 24 * week.hourHeight + 8
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}
        Component.onCompleted: contentY = 8 * week.hourHeight - 4

        // Hours and lines.
        Repeater {
            model: 24
            delegate: Item {
                required property int index
                y: index * week.hourHeight
                width: grid.width
                height: week.hourHeight
                Label {
                    visible: index > 0
                    width: week.gutter - 8
                    y: -height / 2
                    horizontalAlignment: Text.AlignRight
                    text: Format.time(new Date(2000, 0, 1, index).getTime())
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontCaption
                }
                Rectangle { x: week.gutter; width: parent.width - week.gutter; height: 1; color: Theme.border }
            }
        }
        Repeater {
            model: week.days
            delegate: Rectangle {
                required property int index
                x: week.gutter + index * week.columnWidth
                width: 1
                height: 24 * week.hourHeight
                color: Theme.border
            }
        }
        // Double-click an empty slot: a new event there.
        MouseArea {
            x: week.gutter
            width: week.days * week.columnWidth
            height: 24 * week.hourHeight
            onDoubleClicked: (mouse) => {
                const day = Math.floor(mouse.x / week.columnWidth)
                const minutes = Math.floor(mouse.y / week.hourHeight * 4) * 15
                const midnight = week.layout.days[day]
                const d = new Date(midnight)
                week.createAt(new Date(d.getFullYear(), d.getMonth(), d.getDate(), 0, minutes).getTime())
            }
        }
        // The time now.
        Rectangle {
            readonly property int todayIndex: {
                for (let i = 0; i < week.layout.days.length; ++i)
                    if (week.isToday(week.layout.days[i])) return i
                return -1
            }
            visible: todayIndex >= 0
            x: week.gutter + todayIndex * week.columnWidth
            y: (week.now - week.layout.days[Math.max(0, todayIndex)]) / 3600000 * week.hourHeight
            width: week.columnWidth
            height: 2
            color: Theme.danger
        }

        Repeater {
            model: week.layout.timed
            delegate: Rectangle {
                id: block
                required property var modelData
                objectName: "eventBlock"
                property string title: modelData.title
                readonly property real laneWidth: (week.columnWidth - 4) / modelData.lanes
                readonly property real baseX: week.gutter + modelData.day * week.columnWidth + 2 + modelData.lane * laneWidth
                readonly property real baseY: modelData.startMinute / 60 * week.hourHeight
                readonly property real baseHeight: Math.max(20, (modelData.endMinute - modelData.startMinute) / 60 * week.hourHeight - 2)
                x: baseX
                y: baseY
                width: laneWidth - 2
                height: baseHeight
                radius: Theme.radiusS
                color: Qt.rgba(Qt.color(week.colorOf(modelData)).r, Qt.color(week.colorOf(modelData)).g,
                               Qt.color(week.colorOf(modelData)).b, Theme.dark ? 0.35 : 0.18)
                border.color: week.colorOf(modelData)
                border.width: mover.drag.active || resizer.pressed ? 2 : 0
                clip: true
                Rectangle { width: 3; height: parent.height; radius: 1; color: week.colorOf(modelData) }
                Column {
                    x: 7; y: 2
                    width: parent.width - 9
                    Label {
                        width: parent.width
                        text: modelData.title
                        color: Theme.text
                        font.pixelSize: Theme.fontSmall
                        font.weight: Font.DemiBold
                        elide: Text.ElideRight
                    }
                    Label {
                        width: parent.width
                        visible: block.height > 34
                        text: Format.time(modelData.start)
                              + (modelData.location !== "" ? " · " + modelData.location : "")
                        color: Theme.text
                        font.pixelSize: Theme.fontCaption
                        elide: Text.ElideRight
                    }
                }
                MouseArea {
                    id: mover
                    anchors.fill: parent
                    anchors.bottomMargin: 6
                    cursorShape: drag.active ? Qt.ClosedHandCursor : Qt.PointingHandCursor
                    drag.target: week.tool.canWrite ? block : null
                    drag.threshold: 6
                    onClicked: week.openOccurrence(modelData)
                    onReleased: {
                        if (!drag.active && block.x === block.baseX && block.y === block.baseY) return
                        const day = Math.max(0, Math.min(week.days - 1,
                                             Math.round((block.x - week.gutter - 2) / week.columnWidth - modelData.lane / modelData.lanes)))
                        const minutes = Math.max(0, Math.round(block.y / week.hourHeight * 4) * 15)
                        const midnight = new Date(week.layout.days[day])
                        const start = new Date(midnight.getFullYear(), midnight.getMonth(), midnight.getDate(), 0, minutes).getTime()
                        const length = modelData.end - modelData.start
                        if (!week.tool.moveEvent(modelData.eventId, modelData.recurrenceId,
                                                 modelData.recurring ? 1 : 0, start, start + length))
                            week.failed(week.tool.lastError)
                        block.x = Qt.binding(() => block.baseX)
                        block.y = Qt.binding(() => block.baseY)
                    }
                }
                MouseArea {
                    id: resizer
                    anchors.bottom: parent.bottom
                    width: parent.width
                    height: 6
                    enabled: week.tool.canWrite
                    cursorShape: Qt.SizeVerCursor
                    property real pressY: 0
                    onPressed: (mouse) => pressY = mouse.y
                    onPositionChanged: (mouse) => block.height = Math.max(20, block.height + mouse.y - pressY)
                    onReleased: {
                        const minutes = Math.max(15, Math.round(block.height / week.hourHeight * 4) * 15)
                        if (!week.tool.moveEvent(modelData.eventId, modelData.recurrenceId,
                                                 modelData.recurring ? 1 : 0, modelData.start,
                                                 modelData.start + minutes * 60000))
                            week.failed(week.tool.lastError)
                        block.height = Qt.binding(() => block.baseHeight)
                    }
                }
            }
        }
    }
}
