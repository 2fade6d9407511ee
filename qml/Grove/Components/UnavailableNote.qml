// UnavailableNote: an honest placeholder for a feature this build cannot offer yet — what it
// will do, marked clearly "Not available yet", never with made-up content.
import QtQuick
import Grove.Kit
import QtQuick.Layouts

Rectangle {
    id: note
    property string title
    property string text
    property string iconName: "info"

    implicitHeight: layout.implicitHeight + 2 * Theme.spaceL
    radius: Theme.radiusM
    color: "transparent"
    border.width: 1
    border.color: Theme.border
    Accessible.role: Accessible.StaticText
    Accessible.name: title + ". " + qsTr("Not available yet") + ". " + text

    RowLayout {
        id: layout
        anchors.fill: parent
        anchors.margins: Theme.spaceL
        spacing: Theme.spaceM
        Icon {
            Layout.alignment: Qt.AlignTop
            name: note.iconName
            size: 20
            color: Theme.textFaint
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spaceXs
            RowLayout {
                spacing: Theme.spaceS
                Text {
                    text: note.title
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.weight: Font.DemiBold
                }
                Chip { text: qsTr("Not available yet"); tone: "warning" }
            }
            Text {
                Layout.fillWidth: true
                text: note.text
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall + 1
                wrapMode: Text.WordWrap
            }
        }
    }
}
