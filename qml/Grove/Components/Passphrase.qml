// Passphrase: a rough strength estimate for the "create account" hint — length and variety,
// with penalties for repeats and sequences. Advice, not a gate (only the minimum length is).
pragma Singleton
import QtQuick
import Grove.Kit

QtObject {
    readonly property int minimumLength: 8

    // Estimated bits of entropy (deliberately conservative).
    function bits(text) {
        const s = String(text)
        if (s.length === 0)
            return 0
        let pool = 0
        if (/[a-z]/.test(s)) pool += 26
        if (/[A-Z]/.test(s)) pool += 26
        if (/[0-9]/.test(s)) pool += 10
        if (/[^A-Za-z0-9]/.test(s)) pool += 33
        // Characters that repeat the previous one or continue a run (abc, 123) add little.
        let effective = 0
        for (let i = 0; i < s.length; ++i) {
            const c = s.charCodeAt(i)
            const p = i > 0 ? s.charCodeAt(i - 1) : -10
            effective += (c === p || c === p + 1 || c === p - 1) ? 0.25 : 1
        }
        const unique = new Set(s.split("")).size
        effective = Math.min(effective, unique * 2)
        return Math.round(effective * Math.log2(Math.max(pool, 2)))
    }

    // 0 empty · 1 too short · 2 weak · 3 fair · 4 strong · 5 very strong
    function score(text) {
        const s = String(text)
        if (s.length === 0) return 0
        if (s.length < minimumLength) return 1
        const b = bits(s)
        if (b < 40) return 2
        if (b < 60) return 3
        if (b < 80) return 4
        return 5
    }

    function label(sc) {
        return ["", qsTr("Too short"), qsTr("Weak"), qsTr("Fair"), qsTr("Strong"),
                qsTr("Very strong")][sc]
    }

    function hint(sc) {
        switch (sc) {
        case 0: return qsTr("At least %1 characters. A few unrelated words are easy to remember and hard to guess.").arg(minimumLength)
        case 1: return qsTr("Keep going: at least %1 characters.").arg(minimumLength)
        case 2: return qsTr("Easy to guess. Add a few more words.")
        case 3: return qsTr("Good. One or two more words make it strong.")
        case 4: return qsTr("Strong passphrase.")
        case 5: return qsTr("Excellent passphrase.")
        }
        return ""
    }
}
