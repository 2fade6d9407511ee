// CreateSpaceDialog: names a new space and creates it (the user becomes its manager); errors
// appear in the dialog, and it closes itself once the space exists.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

GroveDialog {
    id: dialog
    required property QtObject app  // AppController: createSpace, creatingSpace, maxSpaceNameLength
    property string error
    property bool attempted: false
    readonly property alias nameField: nameField

    title: qsTr("Create a space")
    subtitle: qsTr("A space is where a group works together. You'll be its manager.")

    onOpened: {
        nameField.text = ""
        error = ""
        attempted = false
        nameField.forceActiveFocus()
    }
    function submit() {
        attempted = true
        if (nameField.text.trim() === "") {
            error = qsTr("Give the space a name.")
            return
        }
        error = ""
        app.createSpace(nameField.text)
    }

    Connections {
        target: dialog.app
        function onSpaceCreated(id) { if (dialog.visible) dialog.accept() }
        function onCreateSpaceFailed(message) { dialog.error = message }
    }

    contentItem: ColumnLayout {
        spacing: Theme.spaceS
        FieldLabel {
            Layout.fillWidth: true
            text: qsTr("Name")
            note: qsTr("%1 / %2").arg(nameField.text.length).arg(dialog.app.maxSpaceNameLength)
        }
        GroveTextField {
            id: nameField
            objectName: "spaceNameField"
            Layout.fillWidth: true
            placeholderText: qsTr("e.g. Design team, Garden club")
            maximumLength: dialog.app.maxSpaceNameLength
            enabled: !dialog.app.creatingSpace
            error: dialog.error !== ""
            Accessible.name: qsTr("Space name")
            onTextEdited: dialog.error = ""
            onAccepted: dialog.submit()
        }
        InlineMessage {
            Layout.fillWidth: true
            text: dialog.error
        }
    }

    footer: RowLayout {
        spacing: Theme.spaceS
        Item { Layout.fillWidth: true }
        GroveButton {
            Layout.bottomMargin: Theme.spaceXl
            text: qsTr("Cancel")
            onTriggered: dialog.reject()
        }
        GroveButton {
            Layout.bottomMargin: Theme.spaceXl
            Layout.rightMargin: Theme.spaceXl
            variant: "primary"
            text: qsTr("Create space")
            busy: dialog.app.creatingSpace
            onTriggered: dialog.submit()
        }
    }
}
