// Separator: a one-pixel rule in the border colour, horizontal unless `vertical`.
import QtQuick

Rectangle {
    property bool vertical: false
    implicitWidth: vertical ? 1 : 1
    implicitHeight: vertical ? 1 : 1
    color: Theme.border
}
