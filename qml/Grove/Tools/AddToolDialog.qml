// AddToolDialog: lists the tools installed on this device (name, description, version,
// publisher; those that failed to load say why) and adds an instance of the chosen one under a
// name. `installedTools` is an InstalledToolModel (or a test double).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

GroveDialog {
    id: dialog
    required property QtObject installedTools
    property string selectedToolId
    property string selectedToolName
    property string error
    property bool busy: false
    signal addRequested(string toolId, string name)

    title: qsTr("Add a tool")
    subtitle: qsTr("Everyone in the space gets the tool as a new tab.")
    width: Math.min(560, (parent ? parent.width : 560) - 2 * Theme.spaceXl)

    onOpened: {
        error = ""
        nameField.text = ""
        selectedToolId = ""
        toolList.forceActiveFocus()
    }

    contentItem: ColumnLayout {
        spacing: Theme.spaceS
        ListView {
            id: toolList
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, 280)
            clip: true
            spacing: Theme.spaceS
            model: dialog.installedTools
            keyNavigationEnabled: true
            ScrollBar.vertical: ScrollBar {}
            delegate: Rectangle {
                id: card
                required property int index
                required property string toolId
                required property string name
                required property string description
                required property string version
                required property string publisher
                required property string errorText
                readonly property bool usable: errorText === ""
                readonly property bool chosen: dialog.selectedToolId === toolId
                width: ListView.view.width
                implicitHeight: cardLayout.implicitHeight + 2 * Theme.spaceM
                radius: Theme.radiusM
                color: chosen ? Theme.selected : cardHover.hovered && usable ? Theme.hover : Theme.background
                border.width: chosen ? 2 : 1
                border.color: chosen ? Theme.accent : Theme.border
                opacity: usable ? 1 : 0.75
                HoverHandler { id: cardHover }
                TapHandler {
                    enabled: card.usable
                    onTapped: dialog.choose(card.toolId, card.name)
                }
                RowLayout {
                    id: cardLayout
                    anchors.fill: parent
                    anchors.margins: Theme.spaceM
                    spacing: Theme.spaceM
                    Avatar { Layout.alignment: Qt.AlignTop; name: card.name; key: card.toolId; square: true; size: 36 }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        RowLayout {
                            spacing: Theme.spaceS
                            Text { text: card.name; color: Theme.text; font.pixelSize: Theme.fontBody; font.weight: Font.DemiBold }
                            Text { text: card.version; color: Theme.textFaint; font.pixelSize: Theme.fontSmall }
                        }
                        Text {
                            Layout.fillWidth: true
                            text: card.description
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall + 1
                            wrapMode: Text.WordWrap
                        }
                        Text {
                            text: qsTr("by %1").arg(card.publisher)
                            visible: card.publisher !== ""
                            color: Theme.textFaint
                            font.pixelSize: Theme.fontCaption
                        }
                        Text {
                            Layout.fillWidth: true
                            visible: !card.usable
                            text: qsTr("Can't be used: %1").arg(card.errorText)
                            color: Theme.danger
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.WordWrap
                        }
                    }
                }
            }
            Keys.onReturnPressed: {
                const item = itemAtIndex(currentIndex)
                if (item && item.usable) dialog.choose(item.toolId, item.name)
            }
        }
        Text {
            visible: dialog.installedTools.count === 0
            Layout.fillWidth: true
            text: qsTr("No tools are installed on this device. Tools go in ~/.local/share/grove/tools (or a folder named in GROVE_TOOL_PATH); Grove finds them when it starts.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
            wrapMode: Text.WordWrap
        }
        FieldLabel { Layout.fillWidth: true; Layout.topMargin: Theme.spaceS; text: qsTr("Name of the tab") }
        GroveTextField {
            id: nameField
            Layout.fillWidth: true
            placeholderText: dialog.selectedToolName !== "" ? dialog.selectedToolName : qsTr("Choose a tool first")
            enabled: dialog.selectedToolId !== ""
            maximumLength: 64
            onAccepted: dialog.submit()
        }
        InlineMessage { Layout.fillWidth: true; text: dialog.error }
    }

    function choose(id, name) {
        selectedToolId = id
        selectedToolName = name
        nameField.forceActiveFocus()
    }
    function submit() {
        if (selectedToolId === "" || busy) return
        const n = nameField.text.trim() !== "" ? nameField.text.trim() : selectedToolName
        addRequested(selectedToolId, n)
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
            text: qsTr("Add tool")
            busy: dialog.busy
            unavailableReason: dialog.selectedToolId === "" ? qsTr("Choose a tool first.") : ""
            onTriggered: dialog.submit()
        }
    }
}
