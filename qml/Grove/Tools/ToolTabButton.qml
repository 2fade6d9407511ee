// ToolTabButton: one tool instance's tab — its name, and a warning mark when it cannot be shown.
import QtQuick
import QtQuick.Controls
import Grove.Kit

TabButton {
    id: tab
    property string status: "ready"

    width: implicitWidth
    implicitHeight: 40
    leftPadding: Theme.spaceL
    rightPadding: Theme.spaceL
    font.pixelSize: Theme.fontBody
    font.weight: checked ? Font.DemiBold : Font.Normal

    contentItem: Row {
        spacing: 6
        Icon {
            visible: tab.status !== "ready"
            name: "alert"
            size: 15
            color: tab.status === "failed" ? Theme.danger : Theme.warning
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            text: tab.text
            font: tab.font
            color: tab.checked ? Theme.text : Theme.textMuted
            anchors.verticalCenter: parent.verticalCenter
        }
    }
    background: Item {
        Rectangle {
            anchors.fill: parent
            anchors.margins: 4
            radius: Theme.radiusM
            color: tab.hovered && !tab.checked ? Theme.hover : "transparent"
        }
        Rectangle {
            anchors.bottom: parent.bottom
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.leftMargin: Theme.spaceS
            anchors.rightMargin: Theme.spaceS
            height: 2
            radius: 1
            color: Theme.accent
            visible: tab.checked
        }
        FocusRing { target: tab; radius_: Theme.radiusM }
    }
}
