// IconButton: a square, flat button showing one icon, with a tooltip that names it (or says
// why it is unavailable). Use onTriggered, not onClicked.
import QtQuick
import QtQuick.Controls

GroveButton {
    id: control
    property real iconSize: 18
    property color iconColor: Theme.textMuted
    property bool active: false

    variant: "flat"
    implicitWidth: 32
    implicitHeight: 32
    text: ""
    Accessible.name: tip

    contentItem: Item {
        opacity: control.unavailableReason !== "" || !control.enabled ? 0.45 : 1
        Icon {
            anchors.centerIn: parent
            name: control.iconName
            size: control.iconSize
            color: control.active || (control.hovered && control.available) ? Theme.text : control.iconColor
        }
    }
    background: Rectangle {
        radius: Theme.radiusM
        color: control.active ? Theme.selected
             : (control.available && (control.hovered || control.down)) ? Theme.hover : "transparent"
        FocusRing { target: control; radius_: Theme.radiusM }
    }
}
