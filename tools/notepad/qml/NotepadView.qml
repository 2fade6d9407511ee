import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs

// The Notepad tool's view: documents on the left; the open document's editor with others' cursors
// and its Markdown preview on the right. `tool` is the instance's NotepadModel, given by the host.
Pane {
    id: root
    objectName: "notepadView"
    required property QtObject tool
    padding: 0
    implicitWidth: 960
    implicitHeight: 600

    readonly property bool hasDocument: root.tool.currentDocumentId.length > 0

    SplitView {
        anchors.fill: parent

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
                    highlighted: documentId === root.tool.currentDocumentId
                    contentItem: ColumnLayout {
                        spacing: 2
                        Label {
                            Layout.fillWidth: true
                            text: documentDelegate.title.length > 0 ? documentDelegate.title : qsTr("Untitled")
                            color: documentDelegate.highlighted ? palette.highlightedText : palette.windowText
                            font.bold: documentDelegate.highlighted
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("%1 · %2").arg(documentDelegate.lastEditor)
                                  .arg(Qt.formatDateTime(documentDelegate.lastChange, "d MMM hh:mm"))
                            color: documentDelegate.highlighted ? palette.highlightedText : palette.windowText
                            opacity: 0.75
                            font.pointSize: 8
                            elide: Text.ElideRight
                        }
                    }
                    onClicked: root.tool.currentDocumentId = documentId
                }
                Label {
                    anchors.centerIn: parent
                    width: parent.width - 24
                    visible: documentList.count === 0
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    text: qsTr("No documents yet.")
                    opacity: 0.7
                }
            }

            Button {
                objectName: "newDocumentButton"
                Layout.fillWidth: true
                Layout.margins: 8
                Layout.topMargin: 0
                text: qsTr("New document")
                enabled: root.tool.canWrite
                onClicked: root.tool.currentDocumentId = root.tool.createDocument(qsTr("Untitled"))
            }
        }

        ColumnLayout {
            SplitView.fillWidth: true
            spacing: 0

            Label {
                Layout.fillWidth: true
                Layout.margins: 16
                visible: !root.hasDocument
                text: qsTr("Choose a document, or start one.")
                opacity: 0.7
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: 8
                Layout.bottomMargin: 4
                visible: root.hasDocument
                spacing: 6

                TextField {
                    id: titleField
                    objectName: "titleField"
                    Layout.fillWidth: true
                    Layout.maximumWidth: 420
                    text: root.tool.currentTitle
                    placeholderText: qsTr("Untitled")
                    font.bold: true
                    readOnly: !root.tool.canWrite
                    onEditingFinished: if (text !== root.tool.currentTitle)
                                           root.tool.renameDocument(root.tool.currentDocumentId, text)
                }
                Label {
                    objectName: "editingNote"
                    Layout.fillWidth: true
                    text: root.tool.editingNote
                    opacity: 0.75
                    font.italic: true
                    elide: Text.ElideRight
                }
                ToolButton {
                    text: qsTr("Undo")
                    enabled: root.tool.canUndo
                    onClicked: root.tool.undo()
                }
                ToolButton {
                    text: qsTr("Redo")
                    enabled: root.tool.canRedo
                    onClicked: root.tool.redo()
                }
                ToolButton {
                    id: previewToggle
                    objectName: "previewToggle"
                    text: qsTr("Preview")
                    checkable: true
                    checked: true
                }
                ToolButton {
                    id: moreButton
                    text: "⋯"
                    onClicked: moreMenu.open()
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

            SplitView {
                id: editorSplit
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: root.hasDocument

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
                        font.family: "monospace"
                        leftPadding: 12
                        rightPadding: 12
                        topPadding: 8
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
                                Label {
                                    x: remote.caret.x - 1
                                    y: remote.caret.y - height
                                    text: remote.modelData.name
                                    color: "white"
                                    font.pointSize: 7
                                    leftPadding: 3; rightPadding: 3
                                    background: Rectangle { color: remote.modelData.color; radius: 2 }
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
                    visible: previewToggle.checked
                    contentWidth: availableWidth
                    SplitView.preferredWidth: editorSplit.width / 2
                    SplitView.minimumWidth: 200
                    Label {
                        objectName: "preview"
                        width: previewScroll.availableWidth
                        padding: 12
                        textFormat: Text.RichText
                        wrapMode: Text.Wrap
                        text: root.tool.previewHtml
                        onLinkActivated: (link) => {
                            if (link.startsWith("https:") || link.startsWith("mailto:"))
                                Qt.openUrlExternally(link)
                        }
                    }
                }
            }

            Label {
                Layout.fillWidth: true
                Layout.margins: 8
                visible: root.tool.lastError.length > 0
                text: root.tool.lastError
                color: "firebrick"
                wrapMode: Text.Wrap
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

    Dialog {
        id: confirmDelete
        title: qsTr("Delete “%1”?").arg(root.tool.currentTitle)
        anchors.centerIn: parent
        width: Math.min(root.width - 40, 440)
        modal: true
        standardButtons: Dialog.Ok | Dialog.Cancel
        Label {
            width: parent.width
            wrapMode: Text.Wrap
            text: qsTr("The document is deleted for everyone in this space.")
        }
        onAccepted: root.tool.deleteDocument(root.tool.currentDocumentId)
    }
}
