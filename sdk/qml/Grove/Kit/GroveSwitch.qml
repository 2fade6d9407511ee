// GroveSwitch: an on/off switch in Grove's colours (a pill with a knob), keyboard-focusable
// with the focus ring; use onToggled.
import QtQuick
import QtQuick.Controls

Switch {
    id: control
    padding: 2
    implicitWidth: indicator.implicitWidth + leftPadding + rightPadding
    implicitHeight: indicator.implicitHeight + topPadding + bottomPadding
    focusPolicy: Qt.StrongFocus
    indicator: Rectangle {
        implicitWidth: 40
        implicitHeight: 22
        x: control.leftPadding
        y: control.topPadding + (control.availableHeight - height) / 2
        radius: height / 2
        color: control.checked ? Theme.accent : Theme.borderStrong
        opacity: control.enabled ? 1 : 0.45
        border.width: control.visualFocus ? 2 : 0
        border.color: Theme.text
        Rectangle {
            width: 18
            height: 18
            radius: 9
            y: 2
            x: control.checked ? parent.width - width - 2 : 2
            color: "#ffffff"
            Behavior on x { NumberAnimation { duration: Theme.animationFast } }
        }
    }
    contentItem: Item {}
}
