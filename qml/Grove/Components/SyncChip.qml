// SyncChip: a space's sync state in a word — this device only, offline, catching up, connected —
// with a tooltip that says what it means for the user's changes.
import QtQuick
import Grove.Kit
import QtQuick.Controls

Chip {
    id: chip
    property string state_: "local"  // local | alone | offline | syncing | connected | behind
    property int pending: 0
    property string note  // behind: what is missing and what it waits for, in words
    property int links: 0
    property string localReason
    property string offlineWhy  // offline: why, and what fixes it (NetworkStatus.offlineExplanation)

    text: state_ === "behind" ? qsTr("Missing older history")
        : state_ === "connected" ? qsTr("Connected")
        : state_ === "syncing" ? qsTr("Catching up · %1").arg(pending)
        : state_ === "offline" ? qsTr("Offline")
        : state_ === "alone" ? qsTr("Only you") : qsTr("This device only")
    iconName: state_ === "behind" ? "sync" : state_ === "connected" ? "check" : state_ === "syncing" ? "sync"
            : state_ === "alone" ? "person" : "cloud-off"
    tone: state_ === "behind" ? "warning" : state_ === "connected" ? "accent" : state_ === "syncing" ? "info"
        : state_ === "offline" ? "warning" : "neutral"
    readonly property string explanation: state_ === "behind"
        ? (note !== "" ? note : qsTr("Some older changes expired on the relay before this device received them. Waiting for a member to come online to re-send them."))
        : state_ === "connected"
        ? Format.count(links, qsTr("Linked to %1 other device: changes go out as you make them."), qsTr("Linked to %1 other devices: changes go out as you make them."))
        : state_ === "syncing"
          ? Format.count(pending, qsTr("%1 change arrived before what it builds on; it applies as soon as that arrives."), qsTr("%1 changes arrived before what they build on; they apply as soon as that arrives."))
          : state_ === "offline"
            ? (offlineWhy !== "" ? qsTr("Your changes are saved here and sent when a device connects. %1").arg(offlineWhy)
               : qsTr("No other device is connected right now. Your changes are saved here and sent when one connects."))
            : localReason
    Accessible.role: Accessible.StaticText
    Accessible.name: text + ". " + explanation

    HoverHandler { id: hover }
    ToolTip.visible: hover.hovered && explanation !== ""
    ToolTip.text: explanation
    ToolTip.delay: 300
}
