// CopyableValue: a labelled value (fingerprint, id, path) in monospace with a copy button.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

ColumnLayout {
    id: value
    property string label
    property string text
    property bool large: false
    property bool copied: false
    signal copyRequested(string text)

    spacing: Theme.spaceXs
    FieldLabel { Layout.fillWidth: true; text: value.label; note: value.copied ? qsTr("Copied") : "" }
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: Math.max(40, valueText.implicitHeight + 2 * Theme.spaceM)
        radius: Theme.radiusM
        color: Theme.surface
        border.width: 1
        border.color: Theme.border
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.spaceM
            anchors.rightMargin: 4
            spacing: Theme.spaceS
            TextEdit {
                id: valueText
                Layout.fillWidth: true
                text: value.text
                readOnly: true
                selectByMouse: true
                wrapMode: TextEdit.WrapAnywhere
                color: Theme.text
                font.family: Theme.monoFamily
                font.pixelSize: value.large ? Theme.fontSubtitle : Theme.fontSmall
                font.letterSpacing: value.large ? 1 : 0
                selectionColor: Theme.accent
                selectedTextColor: Theme.accentText
                Accessible.name: value.label
            }
            IconButton {
                iconName: value.copied ? "check" : "copy"
                tip: qsTr("Copy %1").arg(value.label.toLowerCase())
                onTriggered: {
                    value.copyRequested(value.text)
                    value.copied = true
                    resetTimer.restart()
                }
            }
        }
    }
    Timer { id: resetTimer; interval: 2000; onTriggered: value.copied = false }
}
