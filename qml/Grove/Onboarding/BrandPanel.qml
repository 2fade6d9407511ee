// BrandPanel: the left half of the first-run and unlock screens — Grove's mark, what it is,
// and three true sentences about where the user's data lives.
import QtQuick
import QtQuick.Layouts
import Grove.Kit

Rectangle {
    id: panel
    color: Theme.dark ? "#13241b" : "#1f5c41"

    // A few soft leaves in the background.
    Repeater {
        model: [{x: 0.78, y: 0.08, s: 180, r: 20}, {x: -0.12, y: 0.62, s: 260, r: -35},
                {x: 0.62, y: 0.80, s: 140, r: 70}]
        Icon {
            required property var modelData
            x: panel.width * modelData.x
            y: panel.height * modelData.y
            size: modelData.s
            rotation: modelData.r
            name: "leaf"
            strokeWidth: 1
            color: "#ffffff"
            opacity: 0.07
        }
    }

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.spaceXxl + Theme.spaceS
        spacing: Theme.spaceL

        RowLayout {
            spacing: Theme.spaceM
            Rectangle {
                implicitWidth: 48
                implicitHeight: 48
                radius: 14
                color: "#ffffff"
                Icon { anchors.centerIn: parent; name: "leaf"; size: 30; color: "#1f5c41"; strokeWidth: 2 }
            }
            Text {
                text: "Grove"
                color: "#ffffff"
                font.pixelSize: Theme.fontDisplay
                font.weight: Font.Bold
            }
        }
        Text {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spaceS
            text: qsTr("Shared workspaces that live on your own devices.")
            color: "#ffffff"
            font.pixelSize: Theme.fontTitle + 2
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Repeater {
            model: [
                {icon: "key", text: qsTr("Your identity is a key pair made on this device. There is no account server.")},
                {icon: "shield", text: qsTr("Everything you write is encrypted with the space's key before it is stored.")},
                {icon: "lock", text: qsTr("Your passphrase unlocks your keys. It never leaves this device.")}
            ]
            RowLayout {
                required property var modelData
                Layout.fillWidth: true
                Layout.topMargin: Theme.spaceXs
                spacing: Theme.spaceM
                Rectangle {
                    Layout.alignment: Qt.AlignTop
                    implicitWidth: 32
                    implicitHeight: 32
                    radius: 16
                    color: "#26ffffff"
                    Icon { anchors.centerIn: parent; name: modelData.icon; size: 18; color: "#ffffff" }
                }
                Text {
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignVCenter
                    text: modelData.text
                    color: "#e6f2ec"
                    font.pixelSize: Theme.fontBody
                    wrapMode: Text.WordWrap
                    lineHeight: 1.2
                }
            }
        }
    }
}
