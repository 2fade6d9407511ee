// SectionLabel: the small muted heading above a group of rows ("SPACES", "PROFILE").
import QtQuick

Text {
    color: Theme.textFaint
    font.pixelSize: Theme.fontCaption
    font.weight: Font.Bold
    font.letterSpacing: 0.8
    font.capitalization: Font.AllUppercase
    elide: Text.ElideRight
}
