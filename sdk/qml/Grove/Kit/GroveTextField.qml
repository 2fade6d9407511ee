// GroveTextField: a single-line input in Grove's style, with an error state (red outline) and a
// clear focus outline.
import QtQuick
import QtQuick.Controls

TextField {
    id: field
    property bool error: false

    implicitHeight: Theme.controlHeight + 4
    leftPadding: Theme.spaceM
    rightPadding: Theme.spaceM
    font.pixelSize: Theme.fontBody
    color: Theme.text
    placeholderTextColor: Theme.textFaint
    selectionColor: Theme.accent
    selectedTextColor: Theme.accentText
    selectByMouse: true
    Accessible.description: placeholderText

    background: Rectangle {
        radius: Theme.radiusM
        color: field.enabled ? Theme.background : Theme.surface
        border.width: field.activeFocus || field.error ? 2 : 1
        border.color: field.error ? Theme.danger : field.activeFocus ? Theme.focus
                    : field.hovered ? Theme.textFaint : Theme.borderStrong
    }
}
