// SchemeChoice: one colour-scheme option (System, Light, Dark) drawn as a small window preview.
import QtQuick
import QtQuick.Controls
import Grove.Kit

AbstractButton {
    id: choice
    property string scheme
    property bool selected: false
    property bool previewDark: false

    implicitWidth: 150
    implicitHeight: 130
    focusPolicy: Qt.StrongFocus
    Accessible.role: Accessible.RadioButton
    Accessible.checked: selected

    contentItem: Column {
        spacing: Theme.spaceS
        Rectangle {
            width: choice.width
            height: 92
            radius: Theme.radiusM
            color: choice.previewDark ? "#1a1e1c" : "#ffffff"
            border.width: choice.selected ? 2 : 1
            border.color: choice.selected ? Theme.accent : Theme.borderStrong
            Rectangle {
                x: 2; y: 2
                width: 40; height: parent.height - 4
                radius: Theme.radiusM - 2
                color: choice.previewDark ? "#141816" : "#f2f5f3"
            }
            Column {
                x: 52; y: 14
                spacing: 8
                Repeater {
                    model: [70, 50, 80]
                    Rectangle {
                        required property int modelData
                        width: modelData; height: 8; radius: 4
                        color: choice.previewDark ? "#3a423e" : "#dfe5e1"
                    }
                }
                Rectangle { width: 40; height: 14; radius: 4; color: choice.previewDark ? "#5cc292" : "#2b7653" }
            }
        }
        Text {
            text: choice.text
            color: Theme.text
            font.pixelSize: Theme.fontBody
            font.weight: choice.selected ? Font.DemiBold : Font.Normal
        }
    }
    background: FocusRing { target: choice; radius_: Theme.radiusM }
}
