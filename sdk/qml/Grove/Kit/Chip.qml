// Chip: a small rounded label for roles and states ("Manager", "Not synced").
import QtQuick

Rectangle {
    id: chip
    property string text
    property string iconName
    property string tone: "neutral"  // neutral | accent | warning | danger | info

    implicitHeight: 22
    implicitWidth: row.implicitWidth + 16
    radius: height / 2
    color: tone === "accent" ? Theme.accentSoft : tone === "warning" ? Theme.warningSoft
         : tone === "danger" ? Theme.dangerSoft : tone === "info" ? Theme.infoSoft : Theme.hover
    readonly property color foreground: tone === "accent" ? Theme.accent
         : tone === "warning" ? Theme.warning : tone === "danger" ? Theme.danger
         : tone === "info" ? Theme.info : Theme.textMuted

    Row {
        id: row
        anchors.centerIn: parent
        spacing: 4
        Icon {
            visible: chip.iconName !== ""
            name: chip.iconName
            size: 14
            strokeWidth: 2
            color: chip.foreground
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            text: chip.text
            color: chip.foreground
            font.pixelSize: Theme.fontCaption
            font.weight: Font.DemiBold
            anchors.verticalCenter: parent.verticalCenter
        }
    }
}
