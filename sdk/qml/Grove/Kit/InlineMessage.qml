// InlineMessage: an error, warning, note or success shown right where it matters, in plain
// words, with an optional action ("Try again") and a close button.
import QtQuick
import QtQuick.Layouts

Rectangle {
    id: message
    property string type: "error"  // error | warning | info | success
    property string text
    property string actionText
    property bool closable: false
    signal actionTriggered()
    signal closed()

    visible: text !== ""
    implicitHeight: row.implicitHeight + 2 * Theme.spaceS + 4
    implicitWidth: row.implicitWidth + 2 * Theme.spaceM
    radius: Theme.radiusM
    color: type === "error" ? Theme.dangerSoft : type === "warning" ? Theme.warningSoft
         : type === "success" ? Theme.accentSoft : Theme.infoSoft
    border.width: 1
    border.color: Qt.rgba(foreground.r, foreground.g, foreground.b, 0.25)
    readonly property color foreground: type === "error" ? Theme.danger
         : type === "warning" ? Theme.warning : type === "success" ? Theme.accent : Theme.info
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.spaceM
        anchors.rightMargin: Theme.spaceS
        anchors.topMargin: Theme.spaceS
        anchors.bottomMargin: Theme.spaceS
        spacing: Theme.spaceS
        Icon {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: 1
            name: message.type === "success" ? "check" : message.type === "info" ? "info" : "alert"
            size: 18
            color: message.foreground
        }
        Text {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            text: message.text
            wrapMode: Text.Wrap
            color: Theme.text
            font.pixelSize: Theme.fontSmall + 1
            lineHeight: 1.2
        }
        GroveButton {
            visible: message.actionText !== ""
            text: message.actionText
            variant: "flat"
            implicitHeight: 28
            onTriggered: message.actionTriggered()
        }
        IconButton {
            visible: message.closable
            iconName: "close"
            iconSize: 14
            implicitWidth: 24
            implicitHeight: 24
            tip: qsTr("Dismiss")
            onTriggered: message.closed()
        }
    }
}
