// Format: how times and counts read in Grove ("5 min ago", "14:32", "Yesterday", "12 Mar",
// "3 members"), in the user's locale — never ISO dates in the UI. Pure functions, so the Quick
// tests can pin them down; times are milliseconds since the epoch (Date.now()).
pragma Singleton
import QtQuick

QtObject {
    // Updated every 30 s by the shell so relative times refresh; tests set it directly.
    property double now: Date.now()

    function sameDay(a, b) {
        return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth()
            && a.getDate() === b.getDate()
    }

    // The locale the words and month names come from; tests pin it ("en_GB").
    property var locale: Qt.locale()

    // "14:32" or "2:32 PM": the locale's short time, never with seconds.
    function time(ms) {
        const pattern = locale.timeFormat(Locale.ShortFormat).replace(/[:.]ss/, "").trim()
        return new Date(ms).toLocaleString(locale, pattern)
    }

    // The day and short month in the locale's order: "12 Mar" (en_GB), "Mar 12" (en_US).
    function monthDayPattern() {
        const f = locale.dateFormat(Locale.ShortFormat)
        return f.indexOf("M") < f.indexOf("d") ? "MMM d" : "d MMM"
    }

    // A calendar date without the time: "12 Mar", or "12 Mar 2023" in another year.
    function date(ms, nowMs) {
        if (!ms || ms <= 0)
            return ""
        const d = new Date(ms)
        const n = new Date(nowMs === undefined ? now : nowMs)
        const pattern = monthDayPattern()
        return d.toLocaleString(locale, d.getFullYear() === n.getFullYear() ? pattern : pattern + " yyyy")
    }

    // A point in time for a list or a post: "just now", "5 min ago", "14:32" (today),
    // "Yesterday, 14:32", "Mon, 14:32" (this week), "12 Mar, 14:32", "12 Mar 2023".
    function ago(ms, nowMs) {
        if (!ms || ms <= 0)
            return ""
        const current = nowMs === undefined ? now : nowMs
        const diff = current - ms
        if (diff < 60 * 1000 && diff > -60 * 1000)
            return qsTr("just now")
        if (diff > 0 && diff < 60 * 60 * 1000)
            return qsTr("%1 min ago").arg(Math.floor(diff / 60000))
        const d = new Date(ms)
        const n = new Date(current)
        if (sameDay(d, n))
            return time(ms)
        const yesterday = new Date(n.getFullYear(), n.getMonth(), n.getDate() - 1)
        if (sameDay(d, yesterday))
            return qsTr("Yesterday, %1").arg(time(ms))
        if (diff > 0 && diff < 6 * 24 * 60 * 60 * 1000)
            return qsTr("%1, %2").arg(d.toLocaleString(locale, "ddd")).arg(time(ms))
        if (d.getFullYear() === n.getFullYear())
            return qsTr("%1, %2").arg(date(ms, current)).arg(time(ms))
        return date(ms, current)
    }

    // Short form for lists: "now", "5 min", "14:32", "Yesterday", "Mon", "12 Mar", "12 Mar 2023".
    function relative(ms, nowMs) {
        if (!ms || ms <= 0)
            return ""
        const current = nowMs === undefined ? now : nowMs
        const d = new Date(ms)
        const n = new Date(current)
        const diff = current - ms
        if (diff < 60 * 1000)
            return qsTr("now")
        if (diff < 60 * 60 * 1000 && diff > 0)
            return qsTr("%1 min").arg(Math.floor(diff / 60000))
        if (sameDay(d, n))
            return time(ms)
        const yesterday = new Date(n.getFullYear(), n.getMonth(), n.getDate() - 1)
        if (sameDay(d, yesterday))
            return qsTr("Yesterday")
        if (diff > 0 && diff < 6 * 24 * 60 * 60 * 1000)
            return d.toLocaleString(locale, "ddd")
        return date(ms, current)
    }

    // Day separators in chat: "Today", "Yesterday", "Monday 12 March", "12 March 2023".
    function day(isoDay, nowMs) {
        if (!isoDay)
            return ""
        const parts = String(isoDay).split("-")
        const d = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]))
        const n = new Date(nowMs === undefined ? now : nowMs)
        if (sameDay(d, n))
            return qsTr("Today")
        const yesterday = new Date(n.getFullYear(), n.getMonth(), n.getDate() - 1)
        if (sameDay(d, yesterday))
            return qsTr("Yesterday")
        return d.toLocaleString(locale, d.getFullYear() === n.getFullYear()
                                   ? "dddd " + monthDayPattern().replace("MMM", "MMMM")
                                   : locale.dateFormat(Locale.LongFormat))
    }

    // For tooltips: the full date and time in the locale's long form.
    function full(ms) {
        if (!ms || ms <= 0)
            return ""
        const d = new Date(ms)
        return qsTr("%1, %2").arg(d.toLocaleString(locale, locale.dateFormat(Locale.LongFormat))).arg(time(ms))
    }

    function count(n, one, many) {
        return (n === 1 ? one : many).arg(n)
    }

    // Plain text made safe for a rich-text Text, line breaks kept.
    function escapeHtml(t) {
        return String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
                        .replace(/"/g, "&quot;").replace(/\n/g, "<br>")
    }

    function role(r) {
        switch (r) {
        case "manager": return qsTr("Manager")
        case "participant": return qsTr("Participant")
        case "guest": return qsTr("Guest")
        }
        return r
    }

    // Under the chat: "Sam is typing…", "Sam and Ada are typing…", "Sam, Ada and 2 others are
    // typing…"; "" for nobody.
    function typing(names) {
        const n = names ? names.length : 0
        if (n === 0)
            return ""
        if (n === 1)
            return qsTr("%1 is typing…").arg(names[0])
        if (n === 2)
            return qsTr("%1 and %2 are typing…").arg(names[0]).arg(names[1])
        if (n === 3)
            return qsTr("%1, %2 and %3 are typing…").arg(names[0]).arg(names[1]).arg(names[2])
        return qsTr("%1, %2 and %3 others are typing…").arg(names[0]).arg(names[1]).arg(n - 2)
    }

    // "last seen 5 min ago", "last seen at 14:32", "last seen on 12 Mar".
    function lastSeen(ms, nowMs) {
        if (!ms || ms <= 0)
            return ""
        const current = nowMs === undefined ? now : nowMs
        const diff = current - ms
        if (diff < 60 * 1000)
            return qsTr("last seen just now")
        if (diff < 60 * 60 * 1000 && diff > 0)
            return qsTr("last seen %1 min ago").arg(Math.floor(diff / 60000))
        const d = new Date(ms)
        if (sameDay(d, new Date(current)))
            return qsTr("last seen at %1").arg(time(ms))
        return qsTr("last seen on %1").arg(date(ms, current))
    }

    // A member's presence in words (MemberListModel's presence values).
    function presence(p, lastSeenMs, me, nowMs) {
        if (me)
            return qsTr("This device")
        switch (p) {
        case "active": return qsTr("Active here")
        case "idle": return qsTr("Idle")
        case "online": return qsTr("Online")
        case "away": return lastSeen(lastSeenMs, nowMs)
        case "unknown": return qsTr("Not seen from this device")
        }
        return ""
    }
}
