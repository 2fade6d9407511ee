import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import Grove.Kit

// The Calendar tool's view: a header (today, previous/next, the period, month/week/day/agenda,
// new event, import/export) over the chosen view, and the event editor. `tool` is the instance's
// CalendarModel, given by the host. Keys: ←/→ previous/next, T today, M/W/D/A the views, N new.
Rectangle {
    id: root
    objectName: "calendarView"
    required property QtObject tool
    color: Theme.background
    implicitWidth: 960
    implicitHeight: 640
    focus: true

    property string mode: width < 560 ? "agenda" : "week"
    readonly property bool narrow: width < 760
    property date anchor: new Date()
    readonly property int dayMs: 86400000

    function showWeek() { mode = "week"; forceActiveFocus() }
    function showDay() { mode = "day"; forceActiveFocus() }
    function showMonth() { mode = "month"; forceActiveFocus() }
    function showAgenda() { mode = "agenda"; forceActiveFocus() }
    function today() { anchor = new Date() }
    function midnight(d) { return new Date(d.getFullYear(), d.getMonth(), d.getDate()) }
    function addDays(d, n) { return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n) }
    function startOfWeek(d) {
        const day = midnight(d)
        const back = (day.getDay() - root.tool.firstDayOfWeek + 7) % 7
        return addDays(day, -back)
    }
    function step(direction) {
        if (mode === "month")
            anchor = new Date(anchor.getFullYear(), anchor.getMonth() + direction, 1)
        else if (mode === "week")
            anchor = addDays(anchor, 7 * direction)
        else if (mode === "day")
            anchor = addDays(anchor, direction)
        else
            anchor = addDays(anchor, 30 * direction)
    }
    // Opens the editor for a new event at `ms` (an hour long); returns the editor.
    function newEventAt(ms) {
        editor.openNew(Number(ms))
        return editor
    }
    function openOccurrence(occurrence) { editor.openExisting(occurrence) }

    readonly property string periodTitle: {
        const locale = Qt.locale()
        if (mode === "month")
            return locale.standaloneMonthName(anchor.getMonth(), Locale.LongFormat) + " " + anchor.getFullYear()
        if (mode === "week") {
            const first = startOfWeek(anchor), last = addDays(first, 6)
            const sameMonth = first.getMonth() === last.getMonth()
            return first.getDate() + (sameMonth ? "" : " " + locale.monthName(first.getMonth(), Locale.ShortFormat))
                 + " – " + last.getDate() + " " + locale.monthName(last.getMonth(), Locale.ShortFormat)
                 + " " + last.getFullYear()
        }
        if (mode === "day")
            return midnight(anchor).toLocaleDateString(locale, root.width >= 1100 ? Locale.LongFormat : Locale.ShortFormat)
        return qsTr("From %1").arg(midnight(anchor).toLocaleDateString(locale, Locale.ShortFormat))
    }

    Keys.onPressed: (event) => {
        if (editor.opened) return
        if (event.key === Qt.Key_Left) step(-1)
        else if (event.key === Qt.Key_Right) step(1)
        else if (event.key === Qt.Key_T) today()
        else if (event.key === Qt.Key_M) showMonth()
        else if (event.key === Qt.Key_W) showWeek()
        else if (event.key === Qt.Key_D) showDay()
        else if (event.key === Qt.Key_A) showAgenda()
        else if (event.key === Qt.Key_N && root.tool.canWrite) {
            const now = new Date()
            newEventAt(new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours() + 1).getTime())
        } else return
        event.accepted = true
    }

    component ModeButton: GroveButton {
        required property string name
        variant: root.mode === name ? "secondary" : "flat"
        onTriggered: root.mode = name
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.spaceM
            spacing: Theme.spaceS

            GroveButton { text: qsTr("Today"); onTriggered: root.today() }
            IconButton {
                objectName: "previousButton"
                iconName: "arrow-left"
                tip: qsTr("Previous (←)")
                onClicked: root.step(-1)
            }
            IconButton {
                objectName: "nextButton"
                iconName: "chevron-right"
                tip: qsTr("Next (→)")
                onClicked: root.step(1)
            }
            Label {
                objectName: "periodTitle"
                text: root.width >= 520 ? root.periodTitle : ""
                color: Theme.text
                font.pixelSize: Theme.fontTitle
                font.weight: Font.DemiBold
                elide: Text.ElideRight
                Layout.fillWidth: true
                Layout.minimumWidth: 0
                Layout.leftMargin: Theme.spaceS
            }
            ModeButton { visible: !root.narrow; name: "month"; text: qsTr("Month") }
            ModeButton { visible: !root.narrow; name: "week"; text: qsTr("Week") }
            ModeButton { visible: !root.narrow; name: "day"; text: qsTr("Day") }
            ModeButton { visible: !root.narrow; name: "agenda"; text: qsTr("Agenda") }
            GroveComboBox {
                objectName: "modeBox"
                visible: root.narrow
                Layout.preferredWidth: 112
                model: [qsTr("Month"), qsTr("Week"), qsTr("Day"), qsTr("Agenda")]
                currentIndex: ["month", "week", "day", "agenda"].indexOf(root.mode)
                onActivated: (index) => root.mode = ["month", "week", "day", "agenda"][index]
            }
            IconButton {
                iconName: "more"
                tip: qsTr("Import, export, feed")
                onClicked: moreMenu.popup()
                Menu {
                    id: moreMenu
                    MenuItem { text: qsTr("Import .ics…"); enabled: root.tool.canWrite; onTriggered: importDialog.open() }
                    MenuItem { text: qsTr("Export .ics…"); onTriggered: exportDialog.open() }
                    MenuItem {
                        text: root.tool.feedPath === "" ? qsTr("Keep a feed file…") : qsTr("Stop the feed file")
                        onTriggered: root.tool.feedPath === "" ? feedDialog.open() : root.tool.setFeedPath("")
                    }
                }
            }
            GroveButton {
                objectName: "newEventButton"
                text: root.narrow ? "" : qsTr("New event")
                tip: root.narrow ? qsTr("New event (N)") : ""
                variant: "primary"
                iconName: "plus"
                unavailableReason: root.tool.canWrite ? "" : qsTr("Guests cannot add events")
                onTriggered: {
                    const now = new Date()
                    root.newEventAt(new Date(now.getFullYear(), now.getMonth(), now.getDate(),
                                             now.getHours() + 1).getTime())
                }
            }
        }

        // Below 520 px the period goes under the buttons (sized, not hidden: layouts keep their
        // children's places only while they are visible).
        Label {
            text: root.width < 520 ? root.periodTitle : ""
            Layout.preferredHeight: root.width < 520 ? implicitHeight : 0
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceM
            Layout.bottomMargin: root.width < 520 ? Theme.spaceS : 0
            color: Theme.text
            font.pixelSize: Theme.fontSubtitle
            font.weight: Font.DemiBold
            elide: Text.ElideRight
        }
        InlineMessage {
            id: message
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spaceM
            Layout.rightMargin: Theme.spaceM
            visible: text !== ""
            text: ""
            type: "info"
            closable: true
            onClosed: text = ""
        }

        Separator { Layout.fillWidth: true }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: ["month", "week", "day", "agenda"].indexOf(root.mode)

            MonthView {
                tool: root.tool
                anchor: root.anchor
                firstDay: root.startOfWeek(new Date(root.anchor.getFullYear(), root.anchor.getMonth(), 1))
                onOpenOccurrence: (occurrence) => root.openOccurrence(occurrence)
                onOpenDay: (day) => { root.anchor = day; root.mode = "day" }
            }
            WeekView {
                tool: root.tool
                firstDay: root.startOfWeek(root.anchor)
                days: 7
                onOpenOccurrence: (occurrence) => root.openOccurrence(occurrence)
                onCreateAt: (ms) => { if (root.tool.canWrite) root.newEventAt(ms) }
                onFailed: (text) => message.text = text
            }
            WeekView {
                objectName: "dayView"
                tool: root.tool
                firstDay: root.midnight(root.anchor)
                days: 1
                onOpenOccurrence: (occurrence) => root.openOccurrence(occurrence)
                onCreateAt: (ms) => { if (root.tool.canWrite) root.newEventAt(ms) }
                onFailed: (text) => message.text = text
            }
            AgendaView {
                tool: root.tool
                from: root.midnight(root.anchor)
                onOpenOccurrence: (occurrence) => root.openOccurrence(occurrence)
            }
        }
    }

    EventEditor {
        id: editor
        tool: root.tool
        onClosed: root.forceActiveFocus()
    }

    FileDialog {
        id: importDialog
        title: qsTr("Import an iCalendar file")
        nameFilters: [qsTr("iCalendar (*.ics)"), qsTr("All files (*)")]
        onAccepted: {
            const summary = root.tool.importFile(selectedFile.toString())
            message.text = summary !== "" ? qsTr("Imported: %1").arg(summary) : root.tool.lastError
        }
    }
    FileDialog {
        id: exportDialog
        title: qsTr("Export the calendar")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "ics"
        nameFilters: [qsTr("iCalendar (*.ics)")]
        onAccepted: message.text = root.tool.exportFile(selectedFile.toString(), "")
                    ? qsTr("Exported.") : root.tool.lastError
    }
    FileDialog {
        id: feedDialog
        title: qsTr("Where to keep the feed file")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "ics"
        nameFilters: [qsTr("iCalendar (*.ics)")]
        onAccepted: message.text = root.tool.setFeedPath(selectedFile.toString())
                    ? qsTr("Other calendar apps can subscribe to %1").arg(root.tool.feedPath)
                    : root.tool.lastError
    }
}
