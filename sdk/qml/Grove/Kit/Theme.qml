// Theme: Grove's colours (light and dark), type scale, spacing and sizes — the one place the look
// is decided. The shell binds `colorScheme` to the user's choice ("system", "light", "dark").
pragma Singleton
import QtQuick

QtObject {
    id: theme

    property string colorScheme: "system"
    readonly property SystemPalette systemPalette: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool systemDark: {
        const c = systemPalette.window
        return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b < 0.5
    }
    readonly property bool dark: colorScheme === "dark" || (colorScheme === "system" && systemDark)

    // ---- colours ----
    readonly property color background: dark ? "#1a1e1c" : "#ffffff"
    readonly property color sidebar: dark ? "#141816" : "#f2f5f3"
    readonly property color surface: dark ? "#1f2421" : "#f8faf9"
    readonly property color raised: dark ? "#262c29" : "#ffffff"
    readonly property color hover: dark ? "#2a312d" : "#e8eee9"
    readonly property color selected: dark ? "#243b30" : "#d9ebe1"
    readonly property color border: dark ? "#2f3632" : "#e0e6e2"
    readonly property color borderStrong: dark ? "#434c47" : "#c5cec8"
    readonly property color text: dark ? "#e6ece8" : "#18221d"
    readonly property color textMuted: dark ? "#a2afa8" : "#56655d"
    // Placeholders and small print: still at least 4.5:1 on background, surface and raised.
    readonly property color textFaint: dark ? "#939f99" : "#626f68"
    readonly property color accent: dark ? "#5cc292" : "#2b7653"
    readonly property color accentHover: dark ? "#78d2a7" : "#236346"
    readonly property color accentText: dark ? "#0e1a13" : "#ffffff"
    readonly property color accentSoft: dark ? "#1e3a2c" : "#e2f1e9"
    readonly property color danger: dark ? "#f08a82" : "#b3261e"
    readonly property color dangerSoft: dark ? "#3b2321" : "#fcebe9"
    readonly property color warning: dark ? "#e7b95b" : "#855800"
    readonly property color warningSoft: dark ? "#3a301b" : "#fff3d9"
    readonly property color info: dark ? "#8db6ef" : "#2a5d9c"
    readonly property color infoSoft: dark ? "#1e2a3b" : "#e8f0fb"
    readonly property color focus: accent
    readonly property color shadow: dark ? "#80000000" : "#26000000"
    readonly property color presenceActive: "#2fa66a"
    readonly property color presenceIdle: "#d9a21b"
    readonly property color presenceOffline: textFaint

    // Avatar backgrounds, picked by a stable hash of an id (see avatarColor).
    readonly property var avatarColors: dark
        ? ["#3f7d62", "#4f6fa8", "#8a5aa3", "#a3613f", "#3f8a8f", "#8f7a32", "#a34d63", "#5d7a3a"]
        : ["#2b7653", "#3d5f99", "#7b4a96", "#a0522d", "#2f7f84", "#8a6d1d", "#a23b58", "#4f6f2c"]

    // ---- type ----
    readonly property string fontFamily: Qt.application.font.family
    readonly property string monoFamily: "DejaVu Sans Mono"
    readonly property int fontCaption: 11
    readonly property int fontSmall: 12
    readonly property int fontBody: 14
    readonly property int fontSubtitle: 15
    readonly property int fontTitle: 18
    readonly property int fontHeadline: 24
    readonly property int fontDisplay: 30

    // ---- spacing and sizes ----
    readonly property int spaceXs: 4
    readonly property int spaceS: 8
    readonly property int spaceM: 12
    readonly property int spaceL: 16
    readonly property int spaceXl: 24
    readonly property int spaceXxl: 32
    readonly property int radiusS: 4
    readonly property int radiusM: 8
    readonly property int radiusL: 12
    readonly property int controlHeight: 36
    readonly property int headerHeight: 56
    readonly property int sidebarWidth: 280
    readonly property int chatWidth: 380
    readonly property int membersWidth: 260
    readonly property int animationFast: 120
    readonly property int animationNormal: 200

    function avatarColor(key) {
        let h = 0
        const s = String(key)
        for (let i = 0; i < s.length; ++i)
            h = (h * 31 + s.charCodeAt(i)) % 1000003
        return avatarColors[h % avatarColors.length]
    }

    // WCAG relative luminance of a colour (0 black … 1 white): pick black or white text on a
    // member's colour with `luminance(c) > 0.18 ? "#000000" : "#ffffff"`.
    function luminance(c) {
        const col = Qt.color(c)
        function channel(v) { return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4) }
        return 0.2126 * channel(col.r) + 0.7152 * channel(col.g) + 0.0722 * channel(col.b)
    }

    function initials(name) {
        const words = String(name).trim().split(/\s+/).filter(w => w.length > 0)
        if (words.length === 0)
            return "?"
        if (words.length === 1)
            return words[0].charAt(0).toUpperCase()
        return (words[0].charAt(0) + words[words.length - 1].charAt(0)).toUpperCase()
    }
}
