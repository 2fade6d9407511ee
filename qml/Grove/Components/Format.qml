// Format: how times and counts read in Grove ("just now", "14:32", "Yesterday", "3 members").
// Pure functions, so the Quick tests can pin them down.
pragma Singleton
import QtQuick

QtObject {
    // Updated every 30 s by the shell so relative times refresh; tests set it directly.
    property double now: Date.now()

    function sameDay(a, b) {
        return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth()
            && a.getDate() === b.getDate()
    }

    function time(ms) {
        return Qt.formatTime(new Date(ms), "hh:mm")
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
            return Qt.formatDate(d, "ddd")
        if (d.getFullYear() === n.getFullYear())
            return Qt.formatDate(d, "d MMM")
        return Qt.formatDate(d, "d MMM yyyy")
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
        if (d.getFullYear() === n.getFullYear())
            return Qt.formatDate(d, "dddd d MMMM")
        return Qt.formatDate(d, "d MMMM yyyy")
    }

    function full(ms) {
        return Qt.formatDateTime(new Date(ms), "dddd d MMMM yyyy, hh:mm")
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
        return qsTr("last seen on %1").arg(Qt.formatDate(d, d.getFullYear() === new Date(current).getFullYear()
                                                         ? "d MMM" : "d MMM yyyy"))
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
