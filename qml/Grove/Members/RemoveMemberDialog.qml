// RemoveMemberDialog: asks before a manager removes someone, saying what follows — they lose
// access, and everyone else gets a new key — and shows the reason if it fails.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

GroveDialog {
    id: dialog
    required property QtObject space  // SpaceController (removeMember, acting, actionFinished)
    property string identityId
    property string name
    property string error
    property bool waiting: false

    objectName: "removeMemberDialog"
    title: qsTr("Remove %1 from “%2”?").arg(name).arg(space.name)
    subtitle: qsTr("%1 will lose access; a new key is made for everyone else, so nothing written from now on reaches their devices. What they already have stays with them.").arg(name)
    width: Math.min(500, (parent ? parent.width : 500) - 2 * Theme.spaceXl)

    function ask(id, memberName) {
        identityId = id
        name = memberName
        open()
    }
    function confirm() {
        error = ""
        waiting = true
        space.removeMember(identityId)
    }
    onOpened: { error = ""; waiting = false; confirmButton.forceActiveFocus() }

    Connections {
        target: dialog.space
        function onActionFinished(action, ok, message) {
            if (action !== "remove" || !dialog.waiting) return
            dialog.waiting = false
            if (ok) dialog.accept()
            else dialog.error = message
        }
    }

    contentHeight: errorColumn.implicitHeight  // no gap while there is no error
    contentItem: ColumnLayout {
        id: errorColumn
        spacing: 0
        InlineMessage { Layout.fillWidth: true; text: dialog.error }
    }
    footer: RowLayout {
        spacing: Theme.spaceS
        Item { Layout.fillWidth: true }
        GroveButton { Layout.bottomMargin: Theme.spaceXl; text: qsTr("Cancel"); onTriggered: dialog.reject() }
        GroveButton {
            id: confirmButton
            objectName: "confirmRemoveMember"
            Layout.bottomMargin: Theme.spaceXl
            Layout.rightMargin: Theme.spaceXl
            variant: "danger"
            text: qsTr("Remove %1").arg(dialog.name)
            busy: dialog.waiting
            onTriggered: dialog.confirm()
        }
    }
}
