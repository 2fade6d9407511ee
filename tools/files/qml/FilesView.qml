import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts

// The Files tool's view: the open folder (breadcrumbs, files with type, size, date and author),
// uploads by file picker or drag-and-drop, download, rename, move, trash and a Trash view to
// restore from, a versions panel, and the running transfer. `tool` is the instance's FilesModel.
Pane {
    id: root
    objectName: "filesView"
    required property QtObject tool
    padding: 0
    implicitWidth: 960
    implicitHeight: 600

    property string folderId: ""
    property bool showingTrash: false
    property string selectedId: ""
    property var entries: []
    property var trashEntries: []
    property var crumbs: []
    property int revision: 0  // bumped on every change of the model
    // Narrow: the versions panel takes the place of the list, and buttons say less.
    readonly property bool narrow: width < 640
    readonly property var selectedVersions: {
        root.revision
        return root.selectedId.length > 0 ? root.tool.versions(root.selectedId) : []
    }
    property string status: ""
    readonly property var transfers: tool.transfers
    readonly property var selected: {
        for (const e of entries) if (e.id === selectedId) return e
        return null
    }

    function refresh() {
        if (!tool.isFolder(folderId)) folderId = ""
        entries = tool.list(folderId)
        trashEntries = tool.trash()
        crumbs = tool.breadcrumbs(folderId)
        revision++
    }
    function open(id) {
        folderId = id
        selectedId = ""
        showingTrash = false
        refresh()
    }
    function sizeText(bytes) { return Qt.locale().formattedDataSize(bytes, 1) }
    // Today's times as a time, older ones as a date (the full date and time in a tooltip).
    function dateText(ms) {
        if (ms <= 0) return ""
        const when = new Date(ms)
        if (when.toDateString() === new Date().toDateString()) {
            const format = Qt.locale().timeFormat(Locale.ShortFormat).replace(/[:.]ss/, "")
            return Qt.formatTime(when, format)
        }
        return when.toLocaleDateString(Qt.locale(), Locale.ShortFormat)
    }
    function fullDateText(ms) {
        return ms > 0 ? new Date(ms).toLocaleString(Qt.locale(), Locale.LongFormat) : ""
    }
    function check(ok) { if (!ok) root.status = tool.lastError; return ok }

    Component.onCompleted: { tool.purgeExpired(); refresh() }
    Connections {
        target: root.tool
        function onChanged() { root.refresh() }
    }
    Connections {
        target: root.transfers
        function onFinished(ok, name, itemId, error) {
            root.status = ok ? "" : qsTr("%1: %2").arg(name).arg(error)
        }
    }

    DropArea {
        id: drop
        anchors.fill: parent
        onEntered: (drag) => drag.accept(Qt.CopyAction)
        onDropped: (drag) => {
            if (!drag.hasUrls || root.showingTrash) return
            const files = []
            for (const url of drag.urls) files.push(url.toString())
            root.transfers.upload(root.folderId, files)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // Breadcrumbs and actions.
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 8
            spacing: 4

            RowLayout {
                objectName: "breadcrumbs"
                Layout.fillWidth: true
                spacing: 0
                visible: !root.showingTrash
                Repeater {
                    model: root.crumbs
                    delegate: RowLayout {
                        required property var modelData
                        required property int index
                        spacing: 0
                        Label {
                            visible: index > 0
                            text: "\u203A"
                            opacity: 0.6
                        }
                        ToolButton {
                            objectName: "crumb" + index
                            text: modelData.name.length > 0 ? modelData.name : qsTr("Files")
                            font.bold: index === root.crumbs.length - 1
                            onClicked: root.open(modelData.id)
                        }
                    }
                }
                Item { Layout.fillWidth: true }
            }
            Label {
                visible: root.showingTrash
                Layout.fillWidth: true
                text: qsTr("Trash — items are kept for 30 days")
                font.bold: true
                leftPadding: 8
            }
            Button {
                objectName: "newFolderButton"
                Layout.preferredWidth: implicitContentWidth + leftPadding + rightPadding
                visible: !root.showingTrash
                text: root.narrow ? qsTr("Folder") : qsTr("New folder")
                onClicked: { nameDialog.mode = "folder"; nameDialog.text = ""; nameDialog.open() }
            }
            Button {
                objectName: "uploadButton"
                Layout.preferredWidth: implicitContentWidth + leftPadding + rightPadding
                visible: !root.showingTrash
                text: root.narrow ? qsTr("Upload") : qsTr("Upload…")
                highlighted: true
                onClicked: uploadDialog.open()
            }
            Button {
                objectName: "trashButton"
                Layout.preferredWidth: implicitContentWidth + leftPadding + rightPadding
                text: root.showingTrash ? qsTr("Back to files")
                      : (root.trashEntries.length > 0 && !root.narrow ? qsTr("Trash (%1)").arg(root.trashEntries.length)
                                                      : qsTr("Trash"))
                onClicked: { root.showingTrash = !root.showingTrash; root.selectedId = "" }
            }
        }

        Rectangle { Layout.fillWidth: true; height: 1; color: palette.mid; opacity: 0.5 }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true

            Rectangle {
                SplitView.fillWidth: true
                SplitView.minimumWidth: 200
                visible: !(root.narrow && versionsPane.visible)
                color: palette.base

            ListView {
                id: fileList
                objectName: "fileList"
                anchors.fill: parent
                clip: true
                model: root.showingTrash ? root.trashEntries : root.entries
                ScrollBar.vertical: ScrollBar {}

                header: RowLayout {
                    x: 12
                    width: ListView.view.width - 24
                    visible: fileList.count > 0 && !fileList.compact
                    height: visible ? implicitHeight + 8 : 0
                    spacing: 12
                    Label { text: qsTr("Name"); Layout.fillWidth: true; Layout.leftMargin: 44; opacity: 0.7; font.pointSize: 8 }
                    Label { text: qsTr("Size"); Layout.preferredWidth: 80; horizontalAlignment: Text.AlignRight; opacity: 0.7; font.pointSize: 8 }
                    Label {
                        text: root.showingTrash ? qsTr("Deleted") : qsTr("Modified")
                        Layout.preferredWidth: fileList.dateColumnWidth; opacity: 0.7; font.pointSize: 8
                    }
                    Item { Layout.preferredWidth: 40 }
                }
                readonly property int dateColumnWidth: width > 700 ? 160 : 110
                // Narrow: size and date go under the name instead of in columns.
                readonly property bool compact: width < 520

                delegate: ItemDelegate {
                    id: row
                    required property var modelData
                    required property int index
                    objectName: "fileRow" + index
                    width: ListView.view.width
                    leftPadding: 12
                    rightPadding: 12
                    highlighted: modelData.id === root.selectedId
                    onClicked: root.selectedId = modelData.id
                    onDoubleClicked: {
                        if (root.showingTrash) return
                        if (modelData.folder) root.open(modelData.id)
                        else { saveDialog.fileId = modelData.id; saveDialog.versionId = ""; saveDialog.suggested = modelData.name; saveDialog.open() }
                    }
                    TapHandler {
                        acceptedButtons: Qt.RightButton
                        onTapped: { root.selectedId = row.modelData.id; itemMenu.popup() }
                    }
                    contentItem: RowLayout {
                        spacing: 12
                        Item {
                            implicitWidth: 32
                            implicitHeight: 32
                            FileIcon {
                                anchors.centerIn: parent
                                kind: row.modelData.kind
                                name: row.modelData.name
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 0
                            Label {
                                Layout.fillWidth: true
                                text: row.modelData.name
                                elide: Text.ElideMiddle
                            }
                            Label {
                                Layout.fillWidth: true
                                visible: text.length > 0
                                text: {
                                    const d = row.modelData
                                    if (root.showingTrash)
                                        return fileList.compact ? root.dateText(d.trashedAtMs) + " · " + tool.path(d.id) : tool.path(d.id)
                                    if (d.folder) return ""
                                    const who = d.conflictOf.length > 0 ? qsTr("Conflicting copy") : d.author
                                    return fileList.compact ? root.sizeText(d.size) + " · " + root.dateText(d.modifiedMs) + " · " + who : who
                                }
                                opacity: 0.65
                                font.pointSize: 8
                                elide: Text.ElideRight
                            }
                        }
                        Label {
                            visible: !fileList.compact
                            Layout.preferredWidth: 80
                            horizontalAlignment: Text.AlignRight
                            text: row.modelData.folder ? "" : root.sizeText(row.modelData.size)
                            opacity: 0.8
                        }
                        Label {
                            readonly property double ms: root.showingTrash ? row.modelData.trashedAtMs : row.modelData.modifiedMs
                            visible: !fileList.compact
                            Layout.preferredWidth: fileList.dateColumnWidth
                            text: root.dateText(ms)
                            opacity: 0.8
                            elide: Text.ElideRight
                            HoverHandler { id: dateHover }
                            ToolTip.visible: dateHover.hovered && ms > 0
                            ToolTip.text: root.fullDateText(ms)
                        }
                        ToolButton {
                            id: rowButton
                            objectName: root.showingTrash ? "restoreButton" + row.index : "menuButton" + row.index
                            Layout.preferredWidth: 40
                            text: root.showingTrash ? "\u21B6" : "\u22EF"
                            ToolTip.visible: hovered
                            ToolTip.text: root.showingTrash ? qsTr("Restore") : qsTr("More")
                            onClicked: {
                                root.selectedId = row.modelData.id
                                if (root.showingTrash) root.check(root.tool.restoreFromTrash(row.modelData.id))
                                else itemMenu.popup(rowButton, 0, rowButton.height)
                            }
                        }
                    }
                }

                Label {
                    objectName: "emptyLabel"
                    anchors.centerIn: parent
                    width: parent.width - 48
                    visible: fileList.count === 0
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    opacity: 0.7
                    text: root.showingTrash ? qsTr("The trash is empty.")
                          : qsTr("This folder is empty.\nDrop files here or use Upload.")
                }
                Rectangle {
                    anchors.fill: parent
                    visible: drop.containsDrag && !root.showingTrash
                    color: "transparent"
                    border.color: palette.highlight
                    border.width: 2
                    radius: 6
                }
            }

            }

            // The selected file's versions.
            Pane {
                id: versionsPane
                objectName: "versionsPane"
                visible: root.selected !== null && !root.selected.folder && !root.showingTrash
                SplitView.preferredWidth: root.narrow ? root.width - 8 : Math.min(360, root.width * 0.32)
                SplitView.minimumWidth: 200
                SplitView.fillWidth: root.narrow
                ColumnLayout {
                    anchors.fill: parent
                    spacing: 6
                    RowLayout {
                        Layout.fillWidth: true
                        FileIcon {
                            kind: root.selected ? root.selected.kind : "file"
                            name: root.selected ? root.selected.name : ""
                        }
                        Label {
                            Layout.fillWidth: true
                            text: root.selected ? root.selected.name : ""
                            font.bold: true
                            elide: Text.ElideMiddle
                        }
                        ToolButton {
                            text: "\u2715"
                            onClicked: root.selectedId = ""
                        }
                    }
                    Label {
                        text: root.selected ? root.selected.mimeType : ""
                        opacity: 0.65
                        font.pointSize: 8
                    }
                    RowLayout {
                        Button {
                            text: qsTr("Save as…")
                            onClicked: { saveDialog.fileId = root.selectedId; saveDialog.versionId = ""; saveDialog.suggested = root.selected.name; saveDialog.open() }
                        }
                        Button {
                            text: qsTr("Upload new version…")
                            onClicked: versionDialog.open()
                        }
                    }
                    Label {
                        text: qsTr("Versions")
                        font.bold: true
                        topPadding: 8
                    }
                    ListView {
                        id: versionList
                        objectName: "versionList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        model: root.selectedVersions
                        spacing: 2
                        delegate: ItemDelegate {
                            id: versionRow
                            required property var modelData
                            required property int index
                            width: ListView.view.width
                            contentItem: RowLayout {
                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: 0
                                    Label {
                                        Layout.fillWidth: true
                                        text: versionRow.index === 0 ? qsTr("%1 (current)").arg(versionRow.modelData.author)
                                                                     : versionRow.modelData.author
                                        font.bold: versionRow.index === 0
                                        elide: Text.ElideRight
                                    }
                                    Label {
                                        Layout.fillWidth: true
                                        text: root.dateText(versionRow.modelData.modifiedMs) + " · " + root.sizeText(versionRow.modelData.size)
                                        opacity: 0.7
                                        font.pointSize: 8
                                        elide: Text.ElideRight
                                    }
                                }
                                ToolButton {
                                    text: "\u2913"
                                    ToolTip.visible: hovered
                                    ToolTip.text: qsTr("Save this version as…")
                                    onClicked: { saveDialog.fileId = root.selectedId; saveDialog.versionId = versionRow.modelData.id; saveDialog.suggested = root.selected.name; saveDialog.open() }
                                }
                                ToolButton {
                                    objectName: "restoreVersion" + versionRow.index
                                    visible: versionRow.index > 0
                                    text: "\u21B6"
                                    ToolTip.visible: hovered
                                    ToolTip.text: qsTr("Restore this version")
                                    onClicked: root.check(root.tool.restoreVersion(root.selectedId, versionRow.modelData.id))
                                }
                            }
                        }
                    }
                }
            }
        }

        // The running transfer, or the last error.
        Rectangle { Layout.fillWidth: true; height: 1; color: palette.mid; opacity: 0.5; visible: transferBar.visible || statusLabel.visible }
        RowLayout {
            id: transferBar
            objectName: "transferBar"
            Layout.fillWidth: true
            Layout.margins: 8
            visible: root.transfers.busy
            spacing: 8
            Label {
                text: (root.transfers.uploading ? qsTr("Uploading %1") : qsTr("Downloading %1")).arg(root.transfers.name)
                elide: Text.ElideMiddle
                Layout.maximumWidth: root.width * 0.4
            }
            ProgressBar {
                objectName: "transferProgress"
                Layout.fillWidth: true
                from: 0
                to: Math.max(1, root.transfers.total)
                value: root.transfers.done
            }
            Label {
                text: qsTr("%1 of %2").arg(root.sizeText(root.transfers.done)).arg(root.sizeText(root.transfers.total))
                opacity: 0.8
            }
            Label {
                visible: root.transfers.queued > 0
                text: qsTr("+%1 waiting").arg(root.transfers.queued)
                opacity: 0.8
            }
            Button {
                text: qsTr("Cancel")
                onClicked: root.transfers.cancel()
            }
        }
        Label {
            id: statusLabel
            objectName: "statusLabel"
            Layout.fillWidth: true
            Layout.margins: 8
            visible: root.status.length > 0 && !root.transfers.busy
            text: root.status
            color: "#c0392b"
            wrapMode: Text.WordWrap
        }
    }

    Menu {
        id: itemMenu
        MenuItem {
            text: qsTr("Open")
            visible: root.selected !== null && root.selected.folder
            height: visible ? implicitHeight : 0
            onTriggered: root.open(root.selectedId)
        }
        MenuItem {
            text: qsTr("Download…")
            visible: root.selected !== null && !root.selected.folder
            height: visible ? implicitHeight : 0
            onTriggered: { saveDialog.fileId = root.selectedId; saveDialog.versionId = ""; saveDialog.suggested = root.selected.name; saveDialog.open() }
        }
        MenuItem {
            text: qsTr("Rename…")
            onTriggered: { nameDialog.mode = "rename"; nameDialog.text = root.selected.name; nameDialog.open() }
        }
        MenuItem {
            text: qsTr("Move to…")
            onTriggered: { moveDialog.folders = root.tool.folders(); moveDialog.open() }
        }
        MenuItem {
            text: qsTr("Move to trash")
            onTriggered: { root.check(root.tool.moveToTrash(root.selectedId)); root.selectedId = "" }
        }
    }

    Dialog {
        id: nameDialog
        objectName: "nameDialog"
        property string mode: "folder"
        property alias text: nameField.text
        anchors.centerIn: parent
        modal: true
        title: mode === "folder" ? qsTr("New folder") : qsTr("Rename")
        standardButtons: Dialog.Ok | Dialog.Cancel
        TextField {
            id: nameField
            implicitWidth: 320
            placeholderText: qsTr("Name")
            onAccepted: nameDialog.accept()
        }
        onOpened: nameField.forceActiveFocus()
        onAccepted: {
            if (mode === "folder") {
                if (root.tool.createFolder(root.folderId, nameField.text) === "") root.status = root.tool.lastError
            } else {
                root.check(root.tool.rename(root.selectedId, nameField.text))
            }
        }
    }

    Dialog {
        id: moveDialog
        property var folders: []
        anchors.centerIn: parent
        modal: true
        title: qsTr("Move to")
        standardButtons: Dialog.Ok | Dialog.Cancel
        ComboBox {
            id: folderBox
            implicitWidth: 320
            model: moveDialog.folders.map(f => f.path.length > 0 ? f.path : qsTr("Files (top level)"))
        }
        onAccepted: {
            const target = moveDialog.folders[folderBox.currentIndex]
            if (target && root.selected) root.check(root.tool.move(root.selectedId, target.id, root.selected.name))
        }
    }

    FileDialog {
        id: uploadDialog
        title: qsTr("Upload files")
        fileMode: FileDialog.OpenFiles
        onAccepted: root.transfers.upload(root.folderId, Array.from(selectedFiles, u => u.toString()))
    }
    FileDialog {
        id: versionDialog
        title: qsTr("Upload a new version")
        fileMode: FileDialog.OpenFile
        onAccepted: root.transfers.uploadVersion(root.selectedId, selectedFile.toString())
    }
    FileDialog {
        id: saveDialog
        property string fileId: ""
        property string versionId: ""
        property string suggested: ""
        title: qsTr("Save as")
        fileMode: FileDialog.SaveFile
        currentFile: suggested
        onAccepted: root.transfers.download(fileId, selectedFile.toString(), versionId)
    }
}
