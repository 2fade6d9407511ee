// RenameSpaceDialog: a manager renames the space in view; the new name reaches every member.
// Errors stay in the dialog; it closes once the rename is stored.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

GroveDialog {
    id: dialog
    required property QtObject space  // SpaceController: name, renameSpace, actionFinished
    property int maxLength: 64
    property string error
    property bool waiting: false
    readonly property alias nameField: nameField

    objectName: "renameSpaceDialog"
    title: qsTr("Rename “%1”").arg(space.name)
    subtitle: qsTr("Everyone in the space sees the new name.")

    onOpened: {
        error = ""
        waiting = false
        nameField.text = space.name
        nameField.selectAll()
        nameField.forceActiveFocus()
    }
    function submit() {
        if (nameField.text.trim() === "") {
            error = qsTr("Give the space a name.")
            return
        }
        if (nameField.text.trim() === space.name) return reject()
        error = ""
        waiting = true
        space.renameSpace(nameField.text)
    }

    Connections {
        target: dialog.space
        function onActionFinished(action, ok, message) {
            if (action !== "rename" || !dialog.waiting) return
            dialog.waiting = false
            if (ok) dialog.accept()
            else dialog.error = message
        }
    }

    contentItem: ColumnLayout {
        spacing: Theme.spaceS
        FieldLabel {
            Layout.fillWidth: true
            text: qsTr("Name")
            note: qsTr("%1 / %2").arg(nameField.text.length).arg(dialog.maxLength)
        }
        GroveTextField {
            id: nameField
            objectName: "renameSpaceField"
            Layout.fillWidth: true
            maximumLength: dialog.maxLength
            enabled: !dialog.waiting
            error: dialog.error !== ""
            Accessible.name: qsTr("New name of the space")
            onTextEdited: dialog.error = ""
            onAccepted: dialog.submit()
        }
        InlineMessage { Layout.fillWidth: true; text: dialog.error }
    }

    footer: RowLayout {
        spacing: Theme.spaceS
        Item { Layout.fillWidth: true }
        GroveButton { Layout.bottomMargin: Theme.spaceXl; text: qsTr("Cancel"); onTriggered: dialog.reject() }
        GroveButton {
            objectName: "confirmRenameSpace"
            Layout.bottomMargin: Theme.spaceXl
            Layout.rightMargin: Theme.spaceXl
            variant: "primary"
            text: qsTr("Rename")
            busy: dialog.waiting
            onTriggered: dialog.submit()
        }
    }
}
