// FocusRing: the keyboard-focus outline drawn around a control when it has visual focus.
import QtQuick

Rectangle {
    property Item target: parent
    property bool shown: target && target.visualFocus === true
    property real radius_: 6

    anchors.fill: parent
    anchors.margins: -3
    radius: radius_ + 3
    color: "transparent"
    border.width: 2
    border.color: Theme.focus
    visible: shown
}
