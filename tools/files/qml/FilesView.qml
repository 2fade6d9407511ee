import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Grove.Kit

// The Files tool's view: the open folder (breadcrumbs, files with type, size, date and author),
// uploads by file picker or drag-and-drop, download, rename, move, trash and a Trash view to
// restore from, a versions panel, and the running transfer. `tool` is the instance's FilesModel.
Rectangle {
    id: root
    objectName: "filesView"
    required property QtObject tool
    color: Theme.background
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
    // "5 min", "14:32", "Yesterday", "3 Jan" (the full date and time in a tooltip).
    function dateText(ms) { return ms > 0 ? Format.relative(ms, Format.now) : "" }
    function fullDateText(ms) { return ms > 0 ? Format.full(ms) : "" }
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
            Layout.margins: Theme.spaceM
            spacing: Theme.spaceS

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
                        Icon {
                            visible: index > 0
                            name: "chevron-right"
                            size: 16
                            color: Theme.textMuted
                        }
                        GroveButton {
                            objectName: "crumb" + index
                            variant: "flat"
                            leftPadding: Theme.spaceS
                            rightPadding: Theme.spaceS
                            implicitWidth: implicitContentWidth + leftPadding + rightPadding
                            Layout.maximumWidth: Math.max(80, root.width * 0.3)
                            text: modelData.name.length > 0 ? modelData.name : qsTr("Files")
                            font.weight: index === root.crumbs.length - 1 ? Font.DemiBold : Font.Normal
                            onTriggered: root.open(modelData.id)
                        }
                    }
                }
                Item { Layout.fillWidth: true }
            }
            Text {
                visible: root.showingTrash
                Layout.fillWidth: true
                text: qsTr("Trash — items are kept for 30 days")
                color: Theme.text
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                elide: Text.ElideRight
                leftPadding: Theme.spaceS
            }
            GroveButton {
                objectName: "newFolderButton"
                visible: !root.showingTrash
                iconName: "folder-plus"
                text: root.narrow ? "" : qsTr("New folder")
                tip: qsTr("New folder")
                onTriggered: { nameDialog.mode = "folder"; nameDialog.text = ""; nameDialog.open() }
            }
            GroveButton {
                objectName: "uploadButton"
                visible: !root.showingTrash
                variant: "primary"
                iconName: "upload"
                text: root.narrow ? qsTr("Upload") : qsTr("Upload…")
                onTriggered: uploadDialog.open()
            }
            GroveButton {
                objectName: "trashButton"
                iconName: root.showingTrash ? "arrow-left" : "trash"
                text: root.showingTrash ? qsTr("Back to files")
                      : (root.trashEntries.length > 0 && !root.narrow ? qsTr("Trash (%1)").arg(root.trashEntries.length)
                                                      : qsTr("Trash"))
                onTriggered: { root.showingTrash = !root.showingTrash; root.selectedId = "" }
            }
        }

        Separator { Layout.fillWidth: true }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            handle: Rectangle {
                implicitWidth: 1
                color: SplitHandle.pressed || SplitHandle.hovered ? Theme.accent : Theme.border
                containmentMask: Item { x: -3; width: 7; height: parent ? parent.height : 0 }
            }

            Rectangle {
                SplitView.fillWidth: true
                SplitView.minimumWidth: 200
                visible: !(root.narrow && versionsPane.visible)
                color: Theme.background

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
                    SectionLabel { text: qsTr("Name"); Layout.fillWidth: true; Layout.leftMargin: 44 }
                    SectionLabel { text: qsTr("Size"); Layout.preferredWidth: 80; horizontalAlignment: Text.AlignRight }
                    SectionLabel {
                        text: root.showingTrash ? qsTr("Deleted") : qsTr("Modified")
                        Layout.preferredWidth: fileList.dateColumnWidth
                    }
                    Item { Layout.preferredWidth: 32 }
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
                    background: Rectangle {
                        color: row.highlighted ? Theme.selected : row.hovered ? Theme.hover : "transparent"
                        FocusRing { target: row; radius_: 0 }
                    }
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
                            Text {
                                Layout.fillWidth: true
                                text: row.modelData.name
                                color: Theme.text
                                font.pixelSize: Theme.fontBody
                                elide: Text.ElideMiddle
                            }
                            Text {
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
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontSmall
                                elide: Text.ElideRight
                            }
                        }
                        Text {
                            visible: !fileList.compact
                            Layout.preferredWidth: 80
                            horizontalAlignment: Text.AlignRight
                            text: row.modelData.folder ? "" : root.sizeText(row.modelData.size)
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall + 1
                            elide: Text.ElideRight
                        }
                        Text {
                            readonly property double ms: root.showingTrash ? row.modelData.trashedAtMs : row.modelData.modifiedMs
                            visible: !fileList.compact
                            Layout.preferredWidth: fileList.dateColumnWidth
                            text: root.dateText(ms)
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall + 1
                            elide: Text.ElideRight
                            HoverHandler { id: dateHover }
                            ToolTip.visible: dateHover.hovered && ms > 0
                            ToolTip.text: root.fullDateText(ms)
                        }
                        IconButton {
                            id: rowButton
                            objectName: root.showingTrash ? "restoreButton" + row.index : "menuButton" + row.index
                            iconName: root.showingTrash ? "restore" : "more"
                            tip: root.showingTrash ? qsTr("Restore") : qsTr("More")
                            onTriggered: {
                                root.selectedId = row.modelData.id
                                if (root.showingTrash) root.check(root.tool.restoreFromTrash(row.modelData.id))
                                else itemMenu.popup(rowButton, 0, rowButton.height)
                            }
                        }
                    }
                }

                EmptyState {
                    objectName: "emptyLabel"
                    anchors.fill: parent
                    visible: fileList.count === 0
                    compact: true
                    iconName: root.showingTrash ? "trash" : "folder"
                    title: root.showingTrash ? qsTr("The trash is empty") : qsTr("This folder is empty")
                    text: root.showingTrash ? "" : qsTr("Drop files here or use Upload.")
                }
                Rectangle {
                    anchors.fill: parent
                    visible: drop.containsDrag && !root.showingTrash
                    color: "transparent"
                    border.color: Theme.accent
                    border.width: 2
                    radius: Theme.radiusM
                }
            }

            }

            // The selected file's versions.
            Rectangle {
                id: versionsPane
                objectName: "versionsPane"
                visible: root.selected !== null && !root.selected.folder && !root.showingTrash
                SplitView.preferredWidth: root.narrow ? root.width - 8 : Math.min(360, root.width * 0.32)
                SplitView.minimumWidth: 200
                SplitView.fillWidth: root.narrow
                color: Theme.surface
                ColumnLayout {
                    anchors.fill: parent
                    anchors.margins: Theme.spaceM
                    spacing: Theme.spaceS
                    RowLayout {
                        Layout.fillWidth: true
                        FileIcon {
                            kind: root.selected ? root.selected.kind : "file"
                            name: root.selected ? root.selected.name : ""
                        }
                        Text {
                            Layout.fillWidth: true
                            text: root.selected ? root.selected.name : ""
                            color: Theme.text
                            font.pixelSize: Theme.fontSubtitle
                            font.weight: Font.DemiBold
                            elide: Text.ElideMiddle
                        }
                        IconButton {
                            iconName: "close"
                            tip: qsTr("Close")
                            onTriggered: root.selectedId = ""
                        }
                    }
                    Text {
                        Layout.fillWidth: true
                        text: root.selected ? root.selected.mimeType : ""
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                    }
                    Flow {
                        Layout.fillWidth: true
                        spacing: Theme.spaceS
                        GroveButton {
                            iconName: "download"
                            text: qsTr("Save as…")
                            onTriggered: { saveDialog.fileId = root.selectedId; saveDialog.versionId = ""; saveDialog.suggested = root.selected.name; saveDialog.open() }
                        }
                        GroveButton {
                            iconName: "upload"
                            text: qsTr("New version…")
                            tip: qsTr("Upload a new version of this file")
                            onTriggered: versionDialog.open()
                        }
                    }
                    SectionLabel {
                        Layout.fillWidth: true
                        Layout.topMargin: Theme.spaceS
                        text: qsTr("Versions")
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
                            leftPadding: Theme.spaceS
                            rightPadding: Theme.spaceXs
                            background: Rectangle {
                                radius: Theme.radiusM
                                color: versionRow.hovered ? Theme.hover : "transparent"
                            }
                            contentItem: RowLayout {
                                spacing: Theme.spaceXs
                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: 0
                                    Text {
                                        Layout.fillWidth: true
                                        text: versionRow.index === 0 ? qsTr("%1 (current)").arg(versionRow.modelData.author)
                                                                     : versionRow.modelData.author
                                        color: Theme.text
                                        font.pixelSize: Theme.fontBody
                                        font.weight: versionRow.index === 0 ? Font.DemiBold : Font.Normal
                                        elide: Text.ElideRight
                                    }
                                    Text {
                                        Layout.fillWidth: true
                                        text: root.dateText(versionRow.modelData.modifiedMs) + " · " + root.sizeText(versionRow.modelData.size)
                                        color: Theme.textMuted
                                        font.pixelSize: Theme.fontSmall
                                        elide: Text.ElideRight
                                    }
                                }
                                IconButton {
                                    iconName: "download"
                                    tip: qsTr("Save this version as…")
                                    onTriggered: { saveDialog.fileId = root.selectedId; saveDialog.versionId = versionRow.modelData.id; saveDialog.suggested = root.selected.name; saveDialog.open() }
                                }
                                IconButton {
                                    objectName: "restoreVersion" + versionRow.index
                                    visible: versionRow.index > 0
                                    iconName: "restore"
                                    tip: qsTr("Restore this version")
                                    onTriggered: root.check(root.tool.restoreVersion(root.selectedId, versionRow.modelData.id))
                                }
                            }
                        }
                    }
                }
            }
        }

        // The running transfer, or the last error.
        Separator { Layout.fillWidth: true; visible: transferBar.visible }
        RowLayout {
            id: transferBar
            objectName: "transferBar"
            Layout.fillWidth: true
            Layout.margins: Theme.spaceM
            visible: root.transfers.busy
            spacing: Theme.spaceS
            Text {
                text: (root.transfers.uploading ? qsTr("Uploading %1") : qsTr("Downloading %1")).arg(root.transfers.name)
                color: Theme.text
                font.pixelSize: Theme.fontBody
                elide: Text.ElideMiddle
                Layout.maximumWidth: root.width * 0.4
            }
            ProgressBar {
                id: transferProgress
                objectName: "transferProgress"
                Layout.fillWidth: true
                from: 0
                to: Math.max(1, root.transfers.total)
                value: root.transfers.done
                background: Rectangle {
                    implicitWidth: 120
                    implicitHeight: 6
                    radius: 3
                    color: Theme.hover
                }
                contentItem: Item {
                    implicitHeight: 6
                    Rectangle {
                        width: transferProgress.visualPosition * parent.width
                        height: parent.height
                        radius: 3
                        color: Theme.accent
                    }
                }
            }
            Text {
                text: qsTr("%1 of %2").arg(root.sizeText(root.transfers.done)).arg(root.sizeText(root.transfers.total))
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall + 1
            }
            Text {
                visible: root.transfers.queued > 0
                text: qsTr("+%1 waiting").arg(root.transfers.queued)
                ToolTip.text: root.transfers.waiting.join("\n")
                ToolTip.visible: waitingArea.containsMouse
                MouseArea {
                    id: waitingArea
                    anchors.fill: parent
                    hoverEnabled: true
                }
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall + 1
            }
            GroveButton {
                objectName: "transferCancel"
                text: qsTr("Cancel")
                onTriggered: root.transfers.cancel()
            }
            GroveButton {
                objectName: "transferCancelAll"
                visible: root.transfers.queued > 0
                variant: "flat"
                text: qsTr("Cancel all")
                onTriggered: root.transfers.cancelAll()
            }
        }
        InlineMessage {
            id: statusLabel
            objectName: "statusLabel"
            Layout.fillWidth: true
            Layout.margins: Theme.spaceM
            visible: root.status.length > 0 && !root.transfers.busy
            text: root.status
            closable: true
            onClosed: root.status = ""
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

    GroveDialog {
        id: nameDialog
        objectName: "nameDialog"
        property string mode: "folder"
        property alias text: nameField.text
        parent: Overlay.overlay
        title: mode === "folder" ? qsTr("New folder") : qsTr("Rename")
        acceptText: mode === "folder" ? qsTr("Create") : qsTr("Rename")
        acceptUnavailableReason: nameField.text.trim().length > 0 ? "" : qsTr("Type a name first")
        contentItem: GroveTextField {
            id: nameField
            placeholderText: qsTr("Name")
            onAccepted: if (nameDialog.acceptUnavailableReason === "") nameDialog.accept()
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

    GroveDialog {
        id: moveDialog
        property var folders: []
        parent: Overlay.overlay
        title: qsTr("Move to")
        acceptText: qsTr("Move")
        contentItem: ComboBox {
            id: folderBox
            implicitHeight: Theme.controlHeight
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
