// Badge: an unread count pill ("3", "99+"); invisible at zero.
import QtQuick

Rectangle {
    id: badge
    property int count: 0
    property bool muted: false

    visible: count > 0
    implicitHeight: 20
    implicitWidth: Math.max(implicitHeight, label.implicitWidth + 12)
    radius: height / 2
    color: muted ? Theme.borderStrong : Theme.accent
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("%1 unread").arg(count)

    Text {
        id: label
        anchors.centerIn: parent
        text: badge.count > 99 ? "99+" : String(badge.count)
        color: badge.muted ? Theme.text : Theme.accentText
        font.pixelSize: Theme.fontCaption
        font.weight: Font.Bold
    }
}
