// GroveDialog: a modal dialog in Grove's style — title, body, buttons at the bottom right —
// centred over the window; Escape closes it.
import QtQuick
import QtQuick.Controls

Dialog {
    id: dialog
    property string subtitle

    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(460, (parent ? parent.width : 460) - 2 * Theme.spaceXl)
    padding: Theme.spaceXl
    topPadding: Theme.spaceM
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    enter: Transition {
        NumberAnimation { property: "opacity"; from: 0; to: 1; duration: Theme.animationFast }
        NumberAnimation { property: "scale"; from: 0.97; to: 1; duration: Theme.animationFast }
    }
    exit: Transition {
        NumberAnimation { property: "opacity"; from: 1; to: 0; duration: Theme.animationFast }
    }

    background: Rectangle {
        color: Theme.raised
        radius: Theme.radiusL
        border.width: 1
        border.color: Theme.border
        Rectangle {  // a soft shadow
            z: -1
            anchors.fill: parent
            anchors.margins: -1
            anchors.topMargin: 2
            anchors.bottomMargin: -6
            radius: parent.radius + 2
            color: Theme.shadow
            opacity: 0.5
        }
    }

    header: Column {
        padding: Theme.spaceXl
        bottomPadding: 0
        spacing: Theme.spaceXs
        Text {
            text: dialog.title
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
        }
        Text {
            visible: dialog.subtitle !== ""
            width: dialog.availableWidth
            text: dialog.subtitle
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall + 1
            wrapMode: Text.WordWrap
        }
    }

    Overlay.modal: Rectangle {
        color: Theme.dark ? "#99000000" : "#59202a25"
    }
}
