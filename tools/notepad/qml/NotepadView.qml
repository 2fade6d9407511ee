import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import Grove.Kit

// The Notepad tool's view: documents on the left; the open document's editor with others' cursors
// and its Markdown preview on the right. `tool` is the instance's NotepadModel, given by the host.
Rectangle {
    id: root
    objectName: "notepadView"
    required property QtObject tool
    color: Theme.background
    implicitWidth: 960
    implicitHeight: 600

    readonly property bool hasDocument: root.tool.currentDocumentId.length > 0

    component Handle: Rectangle {
        implicitWidth: 1
        color: SplitHandle.pressed || SplitHandle.hovered ? Theme.accent : Theme.border
        containmentMask: Item { x: -3; width: 7; height: parent ? parent.height : 0 }
    }

    SplitView {
        anchors.fill: parent
        handle: Handle {}

        ColumnLayout {
            SplitView.preferredWidth: Math.max(200, Math.min(280, root.width * 0.22))
            SplitView.minimumWidth: 180
            spacing: 4

            ListView {
                id: documentList
                objectName: "documentList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.topMargin: 4
                clip: true
                model: root.tool.documents
                delegate: ItemDelegate {
                    id: documentDelegate
                    required property string documentId
                    required property string title
                    required property string lastEditor
                    required property date lastChange
                    required property int length
                    width: ListView.view.width
                    leftPadding: Theme.spaceL
                    rightPadding: Theme.spaceM
                    highlighted: documentId === root.tool.currentDocumentId
                    background: Rectangle {
                        color: documentDelegate.highlighted ? Theme.selected
                             : documentDelegate.hovered ? Theme.hover : "transparent"
                        Rectangle {
                            visible: documentDelegate.highlighted
                            width: 3
                            height: parent.height
                            color: Theme.accent
                        }
                        FocusRing { target: documentDelegate; radius_: 0 }
                    }
                    contentItem: ColumnLayout {
                        spacing: 2
                        Text {
                            Layout.fillWidth: true
                            text: documentDelegate.title.length > 0 ? documentDelegate.title : qsTr("Untitled")
                            color: Theme.text
                            font.pixelSize: Theme.fontBody
                            font.weight: documentDelegate.highlighted ? Font.DemiBold : Font.Normal
                            elide: Text.ElideRight
                        }
                        Text {
                            Layout.fillWidth: true
                            text: [documentDelegate.lastEditor,
                                   Format.relative(documentDelegate.lastChange.getTime(), Format.now)]
                                  .filter(s => s !== "").join(" · ")
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            elide: Text.ElideRight
                        }
                    }
                    onClicked: root.tool.currentDocumentId = documentId
                }
                EmptyState {
                    anchors.fill: parent
                    visible: documentList.count === 0
                    compact: true
                    iconName: "document"
                    title: qsTr("No documents yet")
                }
            }

            GroveButton {
                objectName: "newDocumentButton"
                Layout.fillWidth: true
                Layout.margins: Theme.spaceM
                Layout.topMargin: 0
                variant: "primary"
                iconName: "plus"
                text: qsTr("New document")
                unavailableReason: root.tool.canWrite ? "" : qsTr("Guests can read but not write")
                onTriggered: root.tool.currentDocumentId = root.tool.createDocument(qsTr("Untitled"))
            }
        }

        ColumnLayout {
            SplitView.fillWidth: true
            spacing: 0

            EmptyState {
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: !root.hasDocument
                iconName: "document"
                title: qsTr("Choose a document")
                text: qsTr("Pick one on the left, or start a new one.")
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.spaceM
                Layout.bottomMargin: Theme.spaceS
                visible: root.hasDocument
                spacing: Theme.spaceS

                GroveTextField {
                    id: titleField
                    objectName: "titleField"
                    Layout.fillWidth: true
                    Layout.maximumWidth: 420
                    text: root.tool.currentTitle
                    Layout.minimumWidth: 120
                    placeholderText: qsTr("Untitled")
                    font.weight: Font.DemiBold
                    readOnly: !root.tool.canWrite
                    onEditingFinished: if (text !== root.tool.currentTitle)
                                           root.tool.renameDocument(root.tool.currentDocumentId, text)
                }
                Text {
                    objectName: "editingNote"
                    Layout.fillWidth: true
                    text: root.tool.editingNote
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall + 1
                    font.italic: true
                    elide: Text.ElideRight
                }
                IconButton {
                    iconName: "restore"
                    tip: qsTr("Undo (Ctrl+Z)")
                    unavailableReason: root.tool.canUndo ? "" : qsTr("Nothing to undo")
                    onTriggered: root.tool.undo()
                }
                IconButton {
                    iconName: "restore"
                    transform: Scale { origin.x: 16; xScale: -1 }
                    tip: qsTr("Redo (Ctrl+Shift+Z)")
                    unavailableReason: root.tool.canRedo ? "" : qsTr("Nothing to redo")
                    onTriggered: root.tool.redo()
                }
                GroveButton {
                    objectName: "changesButton"
                    visible: root.tool.changedSinceVisit > 0
                    variant: root.tool.showChanges ? "primary" : "flat"
                    iconName: "bell"
                    text: root.width >= 1100 ? qsTr("New since you were here") : qsTr("New")
                    tip: root.tool.showChanges ? qsTr("Stop marking what others wrote since you last had this document open")
                                               : qsTr("Mark what others wrote since you last had this document open (%n character(s))", "",
                                                      root.tool.changedSinceVisit)
                    onTriggered: root.tool.showChanges = !root.tool.showChanges
                }
                IconButton {
                    objectName: "authorsToggle"
                    iconName: "members"
                    tip: root.tool.showAuthors ? qsTr("Hide who wrote what") : qsTr("Show who wrote what")
                    active: root.tool.showAuthors
                    onTriggered: root.tool.showAuthors = !root.tool.showAuthors
                }
                IconButton {
                    id: previewToggle
                    objectName: "previewToggle"
                    // Beside the editor only when both have room.
                    readonly property bool fits: editorSplit.width >= 480
                    iconName: "eye"
                    tip: checked ? qsTr("Hide the preview") : qsTr("Show the preview")
                    unavailableReason: fits ? "" : qsTr("Widen the window to see the preview beside the text")
                    checkable: true
                    checked: true
                    active: checked && fits
                }
                IconButton {
                    id: moreButton
                    iconName: "more"
                    tip: qsTr("More")
                    onTriggered: moreMenu.open()
                    Menu {
                        id: moreMenu
                        y: moreButton.height
                        MenuItem {
                            text: qsTr("Duplicate")
                            enabled: root.tool.canWrite
                            onTriggered: root.tool.currentDocumentId =
                                         root.tool.duplicateDocument(root.tool.currentDocumentId)
                        }
                        MenuItem { text: qsTr("Export as Markdown…"); onTriggered: root.exportAs("md") }
                        MenuItem { text: qsTr("Export as text…"); onTriggered: root.exportAs("txt") }
                        MenuItem { text: qsTr("Export as HTML…"); onTriggered: root.exportAs("html") }
                        MenuSeparator {}
                        MenuItem {
                            text: qsTr("Delete")
                            enabled: root.tool.canWrite
                            onTriggered: confirmDelete.open()
                        }
                    }
                }
            }

            // Who wrote what: each member's colour and share of the text.
            Flow {
                objectName: "authorLegend"
                Layout.fillWidth: true
                Layout.leftMargin: Theme.spaceM
                Layout.rightMargin: Theme.spaceM
                Layout.bottomMargin: Theme.spaceS
                visible: root.hasDocument && root.tool.showAuthors && root.tool.authorLegend.length > 0
                spacing: Theme.spaceM
                Repeater {
                    model: root.tool.authorLegend
                    delegate: Row {
                        required property var modelData
                        spacing: 6
                        Rectangle {
                            anchors.verticalCenter: parent.verticalCenter
                            width: 12; height: 12; radius: 3
                            color: parent.modelData.color
                        }
                        Text {
                            text: qsTr("%1 · %2%").arg(parent.modelData.name).arg(parent.modelData.percent)
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                        }
                    }
                }
            }

            SplitView {
                id: editorSplit
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: root.hasDocument
                handle: Handle {}

                ScrollView {
                    id: editorScroll
                    SplitView.fillWidth: true
                    SplitView.minimumWidth: 240

                    TextArea {
                        id: editor
                        objectName: "editor"
                        wrapMode: TextEdit.Wrap
                        selectByMouse: true
                        readOnly: !root.tool.canWrite
                        font.family: Theme.monoFamily
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                        placeholderTextColor: Theme.textFaint
                        selectionColor: Theme.accent
                        selectedTextColor: Theme.accentText
                        leftPadding: Theme.spaceL
                        rightPadding: Theme.spaceL
                        topPadding: Theme.spaceS
                        background: Rectangle { color: Theme.background }
                        placeholderText: qsTr("Type here — everyone sees it as you type (Markdown)")
                        Component.onCompleted: root.tool.bindEditor(editor)
                        Keys.onPressed: (event) => {
                            if (event.matches(StandardKey.Undo)) {
                                root.tool.undo()
                                event.accepted = true
                            } else if (event.matches(StandardKey.Redo)) {
                                root.tool.redo()
                                event.accepted = true
                            }
                        }

                        // Others' cursors and selections, in their colours, with their names.
                        Repeater {
                            objectName: "remoteCursors"
                            model: root.tool.remoteCursors
                            delegate: Item {
                                id: remote
                                required property var modelData
                                // Re-measured whenever the text or its layout changes.
                                readonly property rect caret: editor.length, editor.contentHeight, editor.width,
                                                              editor.positionToRectangle(Math.min(modelData.position, editor.length))
                                readonly property int selectionFrom: Math.min(modelData.anchor, modelData.position, editor.length)
                                readonly property int selectionTo: Math.min(Math.max(modelData.anchor, modelData.position), editor.length)
                                anchors.fill: parent
                                Repeater {
                                    // One band per line of the selection.
                                    model: editor.length, editor.contentHeight, editor.width,
                                           remote.selectionTo > remote.selectionFrom ? remote.selectionBands() : []
                                    delegate: Rectangle {
                                        required property var modelData
                                        x: modelData.x; y: modelData.y
                                        width: modelData.width; height: modelData.height
                                        color: remote.modelData.color
                                        opacity: 0.25
                                    }
                                }
                                Rectangle {
                                    x: remote.caret.x - 1
                                    y: remote.caret.y
                                    width: 2
                                    height: remote.caret.height
                                    color: remote.modelData.color
                                }
                                Rectangle {
                                    x: remote.caret.x - 1
                                    y: remote.caret.y - height
                                    width: nameTag.implicitWidth + 6
                                    height: nameTag.implicitHeight
                                    radius: 2
                                    color: remote.modelData.color
                                    Text {
                                        id: nameTag
                                        x: 3
                                        text: remote.modelData.name
                                        // Black or white, whichever reads on the member's colour.
                                        color: Theme.luminance(remote.modelData.color) > 0.18 ? "#000000" : "#ffffff"
                                        font.pixelSize: Theme.fontCaption
                                    }
                                }
                                function selectionBands() {
                                    const first = editor.positionToRectangle(selectionFrom)
                                    const last = editor.positionToRectangle(selectionTo)
                                    const left = editor.leftPadding
                                    const right = editor.width - editor.rightPadding
                                    if (Math.abs(first.y - last.y) < 1)
                                        return [{ x: first.x, y: first.y, width: last.x - first.x, height: first.height }]
                                    const bands = [{ x: first.x, y: first.y, width: right - first.x, height: first.height }]
                                    if (last.y - (first.y + first.height) > 0)
                                        bands.push({ x: left, y: first.y + first.height, width: right - left,
                                                     height: last.y - first.y - first.height })
                                    bands.push({ x: left, y: last.y, width: last.x - left, height: last.height })
                                    return bands
                                }
                            }
                        }
                    }
                }

                ScrollView {
                    id: previewScroll
                    objectName: "previewPane"
                    visible: previewToggle.checked && previewToggle.fits
                    contentWidth: availableWidth
                    SplitView.preferredWidth: editorSplit.width / 2
                    SplitView.minimumWidth: 200
                    background: Rectangle { color: Theme.surface }
                    Text {
                        objectName: "preview"
                        width: previewScroll.availableWidth
                        padding: Theme.spaceL
                        textFormat: Text.RichText
                        wrapMode: Text.Wrap
                        color: Theme.text
                        linkColor: Theme.accent
                        font.pixelSize: Theme.fontBody
                        text: root.tool.previewHtml
                        onLinkActivated: (link) => {
                            if (link.startsWith("https:") || link.startsWith("mailto:"))
                                Qt.openUrlExternally(link)
                        }
                    }
                }
            }

            InlineMessage {
                Layout.fillWidth: true
                Layout.margins: Theme.spaceM
                text: root.tool.lastError
            }
        }
    }

    property string exportFormat: "md"
    function exportAs(format) {
        exportFormat = format
        exportDialog.nameFilters = [format === "html" ? qsTr("HTML (*.html)")
                                    : format === "txt" ? qsTr("Text (*.txt)") : qsTr("Markdown (*.md)")]
        exportDialog.defaultSuffix = format
        exportDialog.open()
    }

    FileDialog {
        id: exportDialog
        fileMode: FileDialog.SaveFile
        onAccepted: root.tool.saveAs(selectedFile, root.exportFormat)
    }

    GroveDialog {
        id: confirmDelete
        parent: Overlay.overlay
        title: qsTr("Delete “%1”?").arg(root.tool.currentTitle)
        subtitle: qsTr("The document is deleted for everyone in this space.")
        acceptText: qsTr("Delete")
        acceptVariant: "danger"
        onAccepted: root.tool.deleteDocument(root.tool.currentDocumentId)
    }
}
