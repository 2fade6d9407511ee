// Format, Theme and Passphrase helpers: relative times, day labels, initials, avatar colours
// and the passphrase strength scale.
import QtQuick
import QtTest
import Grove.Kit
import Grove.Components

TestCase {
    name: "Helpers"

    // Words and month names are the locale's; pin one so the expectations hold everywhere.
    function initTestCase() {
        Format.locale = Qt.locale("en_GB")
    }

    function test_relative() {
        const now = new Date(2024, 2, 12, 15, 0).getTime()
        compare(Format.relative(0, now), "")
        compare(Format.relative(now - 20 * 1000, now), "now")
        compare(Format.relative(now - 5 * 60 * 1000, now), "5 min")
        compare(Format.relative(new Date(2024, 2, 12, 9, 5).getTime(), now), "09:05")
        compare(Format.relative(new Date(2024, 2, 11, 22, 0).getTime(), now), "Yesterday")
        compare(Format.relative(new Date(2024, 0, 3).getTime(), now), "3 Jan")
        compare(Format.relative(new Date(2022, 0, 3).getTime(), now), "3 Jan 2022")
    }

    function test_ago() {
        const now = new Date(2024, 2, 12, 15, 0).getTime()  // Tuesday 12 March 2024
        compare(Format.ago(0, now), "")
        compare(Format.ago(now - 20 * 1000, now), "just now")
        compare(Format.ago(now - 5 * 60 * 1000, now), "5 min ago")
        compare(Format.ago(new Date(2024, 2, 12, 9, 5).getTime(), now), "09:05")
        compare(Format.ago(new Date(2024, 2, 11, 22, 0).getTime(), now), "Yesterday, 22:00")
        compare(Format.ago(new Date(2024, 2, 9, 8, 30).getTime(), now), "Sat, 08:30")
        compare(Format.ago(new Date(2024, 0, 3, 8, 30).getTime(), now), "3 Jan, 08:30")
        compare(Format.ago(new Date(2022, 0, 3, 8, 30).getTime(), now), "3 Jan 2022")
        // Never an ISO date.
        verify(!/\d{4}-\d{2}-\d{2}/.test(Format.full(new Date(2022, 0, 3, 8, 30).getTime())))
        compare(Format.full(new Date(2022, 0, 3, 8, 30).getTime()), "Monday, 3 January 2022, 08:30")
    }

    function test_dates_follow_the_locale() {
        const now = new Date(2024, 2, 12, 15, 0).getTime()
        Format.locale = Qt.locale("en_US")
        compare(Format.date(new Date(2024, 0, 3).getTime(), now), "Jan 3")
        compare(Format.time(new Date(2024, 2, 12, 14, 5).getTime()), "2:05 PM")
        Format.locale = Qt.locale("de_DE")
        compare(Format.date(new Date(2024, 0, 3).getTime(), now), "3 Jan.")
        Format.locale = Qt.locale("en_GB")
    }

    function test_day() {
        const now = new Date(2024, 2, 12, 15, 0).getTime()
        compare(Format.day("2024-03-12", now), "Today")
        compare(Format.day("2024-03-11", now), "Yesterday")
        compare(Format.day("2024-03-08", now), "Friday 8 March")
        compare(Format.day("2023-03-11", now), "Saturday, 11 March 2023")
        compare(Format.day("", now), "")
    }

    function test_counts_and_roles() {
        compare(Format.count(1, "%1 message", "%1 messages"), "1 message")
        compare(Format.count(3, "%1 message", "%1 messages"), "3 messages")
        compare(Format.role("manager"), "Manager")
        compare(Format.role("guest"), "Guest")
    }

    function test_escape_html() {
        compare(Format.escapeHtml("<b>hi</b> & \"you\"\nnext"), "&lt;b&gt;hi&lt;/b&gt; &amp; &quot;you&quot;<br>next")
    }

    function test_initials_and_colours() {
        compare(Theme.initials("Robin Ashdown"), "RA")
        compare(Theme.initials("  garden   club  of friends "), "GF")
        compare(Theme.initials("x"), "X")
        compare(Theme.initials(""), "?")
        compare(Theme.avatarColor("abc"), Theme.avatarColor("abc"))
        verify(Theme.avatarColors.indexOf(Theme.avatarColor("some id")) >= 0)
    }

    function test_passphrase_strength() {
        compare(Passphrase.score(""), 0)
        compare(Passphrase.score("abc"), 1)
        compare(Passphrase.score("aaaaaaaa"), 2)
        compare(Passphrase.score("abcdefgh"), 2)
        verify(Passphrase.score("correct horse battery staple") >= 4)
        verify(Passphrase.score("Tr0ub4dor&3x") >= 3)
        verify(Passphrase.bits("abcdefgh") < Passphrase.bits("qzmxnvlw"))
        for (let s = 0; s <= 5; ++s)
            verify(Passphrase.hint(s).length > 0)
        compare(Passphrase.label(1), "Too short")
    }

    function test_theme_schemes() {
        const before = Theme.colorScheme
        Theme.colorScheme = "dark"
        verify(Theme.dark)
        const darkBg = String(Theme.background)
        Theme.colorScheme = "light"
        verify(!Theme.dark)
        verify(!Qt.colorEqual(Theme.background, darkBg))
        verify(!Qt.colorEqual(Theme.text, Theme.background))
        Theme.colorScheme = before
    }

    function test_typing() {
        compare(Format.typing([]), "")
        compare(Format.typing(["Sam"]), "Sam is typing…")
        compare(Format.typing(["Sam", "Ada"]), "Sam and Ada are typing…")
        compare(Format.typing(["Sam", "Ada", "Bo"]), "Sam, Ada and Bo are typing…")
        compare(Format.typing(["Sam", "Ada", "Bo", "Cy"]), "Sam, Ada and 2 others are typing…")
    }

    function test_presence_and_last_seen() {
        const now = new Date(2024, 2, 12, 15, 0).getTime()
        compare(Format.presence("active", 0, true, now), "This device")
        compare(Format.presence("active", 0, false, now), "Active here")
        compare(Format.presence("idle", 0, false, now), "Idle")
        compare(Format.presence("online", now, false, now), "Online")
        compare(Format.presence("unknown", 0, false, now), "Not seen from this device")
        compare(Format.presence("away", now - 30000, false, now), "last seen just now")
        compare(Format.presence("away", now - 7 * 60000, false, now), "last seen 7 min ago")
        compare(Format.presence("away", new Date(2024, 2, 12, 9, 5).getTime(), false, now), "last seen at 09:05")
        compare(Format.presence("away", new Date(2024, 2, 2, 9, 5).getTime(), false, now), "last seen on 2 Mar")
        compare(Format.presence("away", new Date(2023, 2, 2, 9, 5).getTime(), false, now), "last seen on 2 Mar 2023")
    }
}
