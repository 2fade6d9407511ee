// Avatar: initials on a colour picked from a stable id — round for people, rounded square for
// spaces — with an optional presence dot.
import QtQuick

Rectangle {
    id: avatar

    property string name
    property string key: name
    property bool square: false
    property real size: 32
    property string presence  // "" (no dot) | active | online | idle | offline

    implicitWidth: size
    implicitHeight: size
    radius: square ? Math.round(size * 0.26) : size / 2
    color: Theme.avatarColor(key)
    Accessible.ignored: true

    Text {
        anchors.centerIn: parent
        text: Theme.initials(avatar.name)
        color: "#ffffff"
        font.pixelSize: Math.round(avatar.size * (text.length > 1 ? 0.36 : 0.44))
        font.weight: Font.DemiBold
    }

    Rectangle {
        visible: avatar.presence !== ""
        width: Math.max(8, Math.round(avatar.size * 0.3))
        height: width
        radius: width / 2
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: -1
        // "online" (connected, not known to be in this space) is a ring, the others are filled.
        border.width: 2
        border.color: avatar.presence === "online" ? Theme.presenceActive : Theme.background
        color: avatar.presence === "online" ? Theme.background
             : avatar.presence === "active" ? Theme.presenceActive
             : avatar.presence === "idle" ? Theme.presenceIdle : Theme.presenceOffline
    }
}
