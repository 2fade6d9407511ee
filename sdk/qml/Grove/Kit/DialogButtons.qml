// DialogButtons: a dialog's footer that puts its buttons in the platform's order. Give each
// button a role — DialogButtonBox.buttonRole: AcceptRole for the action, RejectRole for Cancel —
// and let it act through its own onTriggered: the Dialog is not wired to accept or reject by
// itself, so a button that is busy or unavailable stays inert.
import QtQuick
import QtQuick.Controls

Item {
    id: footer
    default property alias buttons: box.contentData
    readonly property alias box: box

    implicitWidth: box.implicitWidth
    implicitHeight: box.implicitHeight

    DialogButtonBox {
        id: box
        anchors.fill: parent
        alignment: Qt.AlignRight
        spacing: Theme.spaceS
        padding: Theme.spaceXl
        topPadding: 0
        background: null
    }
}
