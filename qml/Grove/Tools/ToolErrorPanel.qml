// ToolErrorPanel: what a tab shows instead of a tool's view when the tool is missing or failed:
// which tool, what went wrong in its own words, and that the data is safe.
import QtQuick
import QtQuick.Layouts
import Grove.Kit

Rectangle {
    id: panel
    property string instanceName
    property string toolName
    property string toolId
    property string status: "missing"  // missing | failed
    property string errorText

    color: Theme.background

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(480, parent.width - 2 * Theme.spaceXl)
        spacing: Theme.spaceM

        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            implicitWidth: 64
            implicitHeight: 64
            radius: 32
            color: panel.status === "failed" ? Theme.dangerSoft : Theme.warningSoft
            Icon {
                anchors.centerIn: parent
                name: panel.status === "failed" ? "alert" : "puzzle"
                size: 30
                color: panel.status === "failed" ? Theme.danger : Theme.warning
            }
        }
        Text {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: panel.status === "failed"
                  ? qsTr("“%1” couldn't be opened").arg(panel.instanceName)
                  : qsTr("“%1” needs a tool that isn't installed").arg(panel.instanceName)
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
        }
        Text {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: panel.status === "failed"
                  ? qsTr("%1 ran into a problem. The chat and the other tools keep working.")
                        .arg(panel.toolName !== "" ? panel.toolName : panel.toolId)
                  : qsTr("Its content is kept and keeps syncing; it opens as soon as %1 is installed on this device.")
                        .arg(panel.toolName !== "" ? panel.toolName : panel.toolId)
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spaceS
            visible: panel.errorText !== ""
            implicitHeight: detail.implicitHeight + 2 * Theme.spaceM
            radius: Theme.radiusM
            color: Theme.surface
            border.width: 1
            border.color: Theme.border
            Text {
                id: detail
                anchors.fill: parent
                anchors.margins: Theme.spaceM
                text: panel.errorText
                color: Theme.textMuted
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.Wrap
                textFormat: Text.PlainText
            }
        }
    }
}
