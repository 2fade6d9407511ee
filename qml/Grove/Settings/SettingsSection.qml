// SettingsSection: one page of the settings — a title, a sentence about it, then its content —
// and how the settings navigation lists it (key, icon, a shorter title).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

Flickable {
    id: section
    property string title
    property string description
    property string key       // for SettingsPage.showSection()
    property string icon      // the Icon name in the navigation
    property string navTitle: title
    default property alias content: body.data

    contentHeight: column.implicitHeight + 2 * Theme.spaceXxl
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    ColumnLayout {
        id: column
        x: Theme.spaceXxl
        y: Theme.spaceXl
        width: Math.min(640, section.width - 2 * Theme.spaceXxl)
        spacing: Theme.spaceS
        Text {
            text: section.title
            color: Theme.text
            font.pixelSize: Theme.fontHeadline
            font.weight: Font.Bold
            Accessible.role: Accessible.Heading
        }
        Text {
            Layout.fillWidth: true
            Layout.bottomMargin: Theme.spaceL
            visible: text !== ""
            text: section.description
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
            wrapMode: Text.WordWrap
        }
        ColumnLayout {
            id: body
            Layout.fillWidth: true
            spacing: Theme.spaceL
        }
    }
}
