// GroveDialog: a modal dialog in Grove's style — title, optional subtitle, body, buttons —
// centred over the window; Escape closes it. Set `acceptText` (and optionally `rejectText`) for
// the standard buttons, laid out in the platform's order (Cancel first on GNOME and macOS, last
// on KDE and Windows) by a DialogButtonBox; or set your own `footer`.
import QtQuick
import QtQuick.Controls

Dialog {
    id: dialog
    property string subtitle
    // The standard buttons: shown when acceptText is set.
    property string acceptText
    property string rejectText: qsTr("Cancel")
    property string acceptVariant: "primary"  // primary | danger
    property string acceptUnavailableReason
    property bool busy: false
    // Whether the accept button closes the dialog; off when onAccepted starts work that may fail
    // (call close() yourself when it is done).
    property bool closeOnAccept: true
    readonly property Item acceptButton: acceptButtonItem
    readonly property Item rejectButton: rejectButtonItem
    signal acceptTriggered()

    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(460, (parent ? parent.width : 460) - 2 * Theme.spaceXl)
    padding: Theme.spaceXl
    topPadding: Theme.spaceM
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onOpened: if (acceptText !== "")
                  acceptButtonItem.forceActiveFocus()

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
            width: dialog.availableWidth
            text: dialog.title
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
            wrapMode: Text.Wrap
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

    // The box only orders the buttons: it sits inside an Item so that the Dialog does not wire
    // its accepted/rejected to itself (the accept button must stay inert while unavailable).
    footer: Item {
        visible: dialog.acceptText !== ""
        implicitWidth: standardButtons.implicitWidth
        implicitHeight: visible ? standardButtons.implicitHeight : 0
        DialogButtonBox {
            id: standardButtons
            anchors.fill: parent
            alignment: Qt.AlignRight
            spacing: Theme.spaceS
            padding: Theme.spaceXl
            topPadding: 0
            background: null
            GroveButton {
                id: rejectButtonItem
                objectName: "dialogRejectButton"
                text: dialog.rejectText
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
                onTriggered: dialog.reject()
            }
            GroveButton {
                id: acceptButtonItem
                objectName: "dialogAcceptButton"
                text: dialog.acceptText
                variant: dialog.acceptVariant
                busy: dialog.busy
                unavailableReason: dialog.acceptUnavailableReason
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
                onTriggered: {
                    dialog.acceptTriggered()
                    if (dialog.closeOnAccept)
                        dialog.accept()
                }
            }
        }
    }

    Overlay.modal: Rectangle {
        color: Theme.dark ? "#99000000" : "#59202a25"
    }
}
