// LeaveSpaceDialog: asks before the user leaves the space in view, saying what it means; the
// core's refusal (e.g. the only manager) is shown in the dialog in words.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

GroveDialog {
    id: dialog
    required property QtObject space  // SpaceController: name, memberCount, leave, actionFinished
    property string error
    property bool waiting: false

    objectName: "leaveSpaceDialog"
    title: qsTr("Leave “%1”?").arg(space.name)
    subtitle: space.memberCount > 1
              ? qsTr("You lose access: the others get a new key, and the space's messages and tools are removed from this device. To come back, someone has to invite you again.")
              : qsTr("You are the only member: the space and everything in it is deleted from this device, and nobody else has a copy.")
    width: Math.min(500, (parent ? parent.width : 500) - 2 * Theme.spaceXl)

    onOpened: { error = ""; waiting = false; cancelButton.forceActiveFocus() }
    function confirm() {
        error = ""
        waiting = true
        space.leave()
    }

    Connections {
        target: dialog.space
        function onActionFinished(action, ok, message) {
            if (action !== "leave" || !dialog.waiting) return
            dialog.waiting = false
            if (ok) dialog.accept()
            else dialog.error = message
        }
    }

    contentHeight: errorColumn.implicitHeight  // no gap while there is no error
    contentItem: ColumnLayout {
        id: errorColumn
        spacing: 0
        InlineMessage { Layout.fillWidth: true; objectName: "leaveError"; text: dialog.error }
    }
    footer: RowLayout {
        spacing: Theme.spaceS
        Item { Layout.fillWidth: true }
        GroveButton {
            id: cancelButton
            Layout.bottomMargin: Theme.spaceXl
            text: qsTr("Stay")
            onTriggered: dialog.reject()
        }
        GroveButton {
            objectName: "confirmLeaveSpace"
            Layout.bottomMargin: Theme.spaceXl
            Layout.rightMargin: Theme.spaceXl
            variant: "danger"
            text: dialog.space.memberCount > 1 ? qsTr("Leave space") : qsTr("Leave and delete")
            busy: dialog.waiting
            onTriggered: dialog.confirm()
        }
    }
}
