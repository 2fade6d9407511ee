// FieldLabel: the label above a form field, with an optional muted note at its right.
import QtQuick
import QtQuick.Layouts

RowLayout {
    property alias text: label.text
    property alias note: noteText.text
    spacing: Theme.spaceS
    Text {
        id: label
        color: Theme.text
        font.pixelSize: Theme.fontSmall + 1
        font.weight: Font.DemiBold
    }
    Item { Layout.fillWidth: true }
    Text {
        id: noteText
        visible: text !== ""
        color: Theme.textFaint
        font.pixelSize: Theme.fontSmall
    }
}
