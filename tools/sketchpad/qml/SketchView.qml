import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import Grove.Kit

// The Sketchpad tool's view: a tool bar (drawing tools, colours, widths, undo, zoom, export), the
// canvas (a C++ item from the model, so thousands of strokes pan smoothly), the pages of the sketch
// and who is on this page. `tool` is the instance's SketchModel, given by the host.
Rectangle {
    id: root
    objectName: "sketchView"
    required property QtObject tool
    implicitWidth: 960
    implicitHeight: 600
    color: Theme.background

    property var canvas: null
    property string editingShape: ""

    readonly property var tools: [
        { id: "select", label: qsTr("Select"), key: "V" },
        { id: "hand", label: qsTr("Hand"), key: "H" },
        { id: "pen", label: qsTr("Pen"), key: "P" },
        { id: "line", label: qsTr("Line"), key: "L" },
        { id: "arrow", label: qsTr("Arrow"), key: "A" },
        { id: "rectangle", label: qsTr("Box"), key: "R" },
        { id: "ellipse", label: qsTr("Ellipse"), key: "O" },
        { id: "text", label: qsTr("Text"), key: "T" },
        { id: "sticky", label: qsTr("Note"), key: "S" },
        { id: "image", label: qsTr("Image"), key: "I" },
        { id: "eraser", label: qsTr("Eraser"), key: "E" }
    ]
    readonly property var swatches: ["#1f2328", "#cf222e", "#bf8700", "#1a7f37", "#0969da", "#8250df"]
    readonly property var widths: [2, 4, 8]

    function selectTool(id) {
        if (root.canvas) root.canvas.tool = id
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // ---- tool bar ----
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: toolFlow.implicitHeight + 2 * Theme.spaceS
            color: Theme.surface
            Flow {
                id: toolFlow
                objectName: "toolBar"
                anchors.fill: parent
                anchors.margins: Theme.spaceS
                spacing: Theme.spaceXs

                Repeater {
                    model: root.tools
                    delegate: GroveButton {
                        required property var modelData
                        objectName: "tool_" + modelData.id
                        text: modelData.label
                        variant: root.canvas && root.canvas.tool === modelData.id ? "primary" : "flat"
                        implicitWidth: implicitContentWidth + leftPadding + rightPadding
                        leftPadding: Theme.spaceM
                        rightPadding: Theme.spaceM
                        tip: qsTr("%1 (%2)").arg(modelData.label).arg(modelData.key)
                        unavailableReason: modelData.id !== "select" && modelData.id !== "hand"
                                           && !root.tool.canWrite ? qsTr("Guests can look but not draw") : ""
                        onTriggered: root.selectTool(modelData.id)
                    }
                }

                Separator { width: 1; height: Theme.controlHeight }

                Repeater {
                    model: root.swatches
                    delegate: Rectangle {
                        required property string modelData
                        width: 24
                        height: 24
                        y: (Theme.controlHeight - height) / 2
                        radius: 12
                        color: modelData
                        border.width: Qt.colorEqual(root.tool.strokeColor, modelData) ? 3 : 1
                        border.color: Qt.colorEqual(root.tool.strokeColor, modelData) ? Theme.accent : Theme.borderStrong
                        Accessible.role: Accessible.Button
                        Accessible.name: qsTr("Colour %1").arg(modelData)
                        MouseArea {
                            anchors.fill: parent
                            onClicked: {
                                root.tool.strokeColor = parent.modelData
                                if (root.tool.selection.length > 0) root.tool.restyleSelection()
                            }
                        }
                    }
                }
                GroveButton {
                    objectName: "fillButton"
                    variant: root.tool.fillColor.a > 0 ? "primary" : "flat"
                    text: qsTr("Fill")
                    implicitWidth: implicitContentWidth + leftPadding + rightPadding
                    leftPadding: Theme.spaceM
                    rightPadding: Theme.spaceM
                    tip: qsTr("Fill boxes and ellipses with a light tint of the colour")
                    onTriggered: {
                        root.tool.fillColor = root.tool.fillColor.a > 0
                            ? "transparent" : Qt.lighter(root.tool.strokeColor, 1.9)
                        if (root.tool.selection.length > 0) root.tool.restyleSelection()
                    }
                }
                Repeater {
                    model: root.widths
                    delegate: GroveButton {
                        required property int modelData
                        variant: root.tool.strokeWidth === modelData ? "primary" : "flat"
                        implicitWidth: Theme.controlHeight
                        tip: qsTr("Stroke width %1").arg(modelData)
                        contentItem: Item {
                            Rectangle {
                                anchors.centerIn: parent
                                width: 16
                                height: modelData
                                radius: modelData / 2
                                color: root.tool.strokeWidth === modelData ? Theme.accentText : Theme.text
                            }
                        }
                        onTriggered: {
                            root.tool.strokeWidth = modelData
                            if (root.tool.selection.length > 0) root.tool.restyleSelection()
                        }
                    }
                }

                Separator { width: 1; height: Theme.controlHeight }

                IconButton {
                    objectName: "undoButton"
                    iconName: "restore"
                    tip: qsTr("Undo your last change (Ctrl+Z)")
                    enabled: root.tool.canUndo
                    onTriggered: root.tool.undo()
                }
                GroveButton {
                    objectName: "redoButton"
                    variant: "flat"
                    text: qsTr("Redo")
                    implicitWidth: implicitContentWidth + leftPadding + rightPadding
                    leftPadding: Theme.spaceM
                    rightPadding: Theme.spaceM
                    tip: qsTr("Redo (Ctrl+Shift+Z)")
                    enabled: root.tool.canRedo
                    onTriggered: root.tool.redo()
                }
                IconButton {
                    iconName: "trash"
                    tip: qsTr("Delete the selection (Delete)")
                    enabled: root.tool.selection.length > 0
                    onTriggered: root.tool.deleteSelection()
                }

                Separator { width: 1; height: Theme.controlHeight }

                GroveButton {
                    variant: "flat"
                    text: "−"
                    implicitWidth: Theme.controlHeight
                    leftPadding: 0
                    rightPadding: 0
                    tip: qsTr("Zoom out (-)")
                    onTriggered: root.canvas.zoomAt(0.8, root.canvas.width / 2, root.canvas.height / 2)
                }
                Label {
                    objectName: "zoomLabel"
                    height: Theme.controlHeight
                    verticalAlignment: Text.AlignVCenter
                    text: root.canvas ? Math.round(root.canvas.zoom * 100) + "%" : ""
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    width: 44
                    horizontalAlignment: Text.AlignHCenter
                }
                GroveButton {
                    variant: "flat"
                    text: "+"
                    implicitWidth: Theme.controlHeight
                    leftPadding: 0
                    rightPadding: 0
                    tip: qsTr("Zoom in (+)")
                    onTriggered: root.canvas.zoomAt(1.25, root.canvas.width / 2, root.canvas.height / 2)
                }
                GroveButton {
                    objectName: "fitButton"
                    variant: "flat"
                    text: qsTr("Fit")
                    implicitWidth: implicitContentWidth + leftPadding + rightPadding
                    leftPadding: Theme.spaceM
                    rightPadding: Theme.spaceM
                    tip: qsTr("Zoom to fit the page (Shift+1)")
                    onTriggered: root.canvas.zoomToFit()
                }
                GroveButton {
                    objectName: "exportButton"
                    variant: "secondary"
                    iconName: "download"
                    text: qsTr("Export")
                    tip: qsTr("Save the page, or the selection, as SVG or PNG")
                    onTriggered: exportDialog.open()
                }
            }
        }
        Separator { Layout.fillWidth: true }

        // ---- the canvas ----
        Item {
            id: canvasHolder
            objectName: "canvasHolder"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            Component.onCompleted: {
                root.canvas = root.tool.createCanvas(canvasHolder)
                root.canvas.z = -1  // below the text editor, the empty state and who is here
                root.canvas.paper = Qt.binding(() => Theme.dark ? "#202522" : "#fcfdfc")
                root.canvas.accent = Qt.binding(() => Theme.accent)
                root.canvas.grid = Qt.binding(() => Theme.dark ? "#2d3430" : "#dde3df")
                root.canvas.dark = Qt.binding(() => Theme.dark)
                root.canvas.tool = "pen"
                root.canvas.forceActiveFocus()
            }

            Connections {
                target: root.canvas
                function onEditTextRequested(shapeId, area) {
                    root.editingShape = shapeId
                    textEditor.x = area.x
                    textEditor.y = area.y
                    textEditor.width = Math.max(160, area.width)
                    textEditor.height = Math.max(40, area.height)
                    textEditor.text = root.tool.shapeText(shapeId)
                    textEditor.visible = true
                    textEditor.forceActiveFocus()
                }
                function onImageRequested(x, y) {
                    imageDialog.at = Qt.point(x, y)
                    imageDialog.open()
                }
            }

            // Tool shortcuts: keys the canvas does not use reach here.
            Keys.onPressed: event => {
                if (event.modifiers & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier)) return
                for (const t of root.tools)
                    if (event.key === t.key.charCodeAt(0)) {  // Qt.Key_A … Key_Z are the ASCII capitals
                        root.selectTool(t.id)
                        event.accepted = true
                        return
                    }
            }

            PinchHandler {
                target: null
                property real last: 1
                onActiveChanged: last = 1
                onActiveScaleChanged: {
                    root.canvas.zoomAt(activeScale / last, centroid.position.x, centroid.position.y)
                    last = activeScale
                }
            }

            GroveTextArea {
                id: textEditor
                objectName: "textEditor"
                visible: false
                z: 10
                wrapMode: TextEdit.Wrap
                function commit() {
                    if (!visible) return
                    visible = false
                    if (root.editingShape !== "") root.tool.setText(root.editingShape, text)
                    root.editingShape = ""
                    root.canvas.tool = "select"
                    root.canvas.forceActiveFocus()
                }
                onActiveFocusChanged: if (!activeFocus) commit()
                Keys.onEscapePressed: commit()
            }

            EmptyState {
                anchors.centerIn: parent
                width: Math.min(parent.width - 2 * Theme.spaceXl, 420)
                visible: root.tool.shapeCount === 0 && root.tool.liveStrokeCount === 0
                iconName: "edit"
                title: qsTr("Draw together")
                text: qsTr("Pick the pen and draw: everyone here sees your strokes as you make them.")
            }

            // Who is on this page, in their colours.
            Row {
                objectName: "presence"
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.margins: Theme.spaceS
                spacing: -6
                Repeater {
                    model: root.tool.presentMembers
                    delegate: Rectangle {
                        required property var modelData
                        width: 28
                        height: 28
                        radius: 14
                        color: modelData.color
                        border.width: 2
                        border.color: Theme.background
                        Label {
                            anchors.centerIn: parent
                            text: Theme.initials(modelData.plainName)
                            color: "#ffffff"
                            font.pixelSize: Theme.fontCaption
                            font.weight: Font.DemiBold
                        }
                        ToolTip.visible: presenceHover.hovered
                        ToolTip.text: modelData.name
                        HoverHandler { id: presenceHover }
                    }
                }
            }
        }
        Separator { Layout.fillWidth: true }

        // ---- pages ----
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.controlHeight + Theme.spaceS
            color: Theme.surface
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: Theme.spaceS
                anchors.rightMargin: Theme.spaceS
                spacing: Theme.spaceXs
                ListView {
                    id: pageList
                    objectName: "pageList"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.controlHeight
                    orientation: ListView.Horizontal
                    spacing: Theme.spaceXs
                    clip: true
                    model: root.tool.pages
                    delegate: GroveButton {
                        required property var modelData
                        variant: modelData.id === root.tool.currentPageId ? "primary" : "flat"
                        text: (modelData.title.length > 0 ? modelData.title : qsTr("Untitled"))
                              + "  ·  " + modelData.shapeCount
                        implicitWidth: implicitContentWidth + leftPadding + rightPadding
                    leftPadding: Theme.spaceM
                    rightPadding: Theme.spaceM
                        onTriggered: root.tool.currentPageId = modelData.id
                        onDoubleClicked: {
                            renameDialog.pageId = modelData.id
                            renameField.text = modelData.title
                            renameDialog.open()
                        }
                    }
                }
                IconButton {
                    objectName: "addPageButton"
                    iconName: "plus"
                    tip: qsTr("New page")
                    onTriggered: root.tool.addPage(qsTr("Page %1").arg(root.tool.pages.length + 1))
                }
                Label {
                    text: root.tool.lastError
                    visible: text.length > 0
                    color: Theme.danger
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideRight
                    Layout.maximumWidth: 320
                }
            }
        }
    }

    GroveDialog {
        id: renameDialog
        property string pageId
        title: qsTr("Rename page")
        acceptText: qsTr("Rename")
        onAccepted: root.tool.renamePage(pageId, renameField.text)
        GroveTextField { id: renameField; width: parent.width }
    }

    GroveDialog {
        id: exportDialog
        title: qsTr("Export")
        subtitle: qsTr("SVG opens in browsers and Inkscape; PNG at twice the size, for slides.")
        acceptText: qsTr("Choose file…")
        onAccepted: saveDialog.open()
        Column {
            width: parent.width
            spacing: Theme.spaceS
            GroveSwitch {
                id: selectionOnly
                text: qsTr("Only the selection")
                enabled: root.tool.selection.length > 0
            }
        }
    }

    FileDialog {
        id: saveDialog
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("SVG image (*.svg)"), qsTr("PNG image (*.png)")]
        defaultSuffix: "svg"
        onAccepted: root.tool.saveAs(selectedFile, selectionOnly.checked, 2)
    }

    FileDialog {
        id: imageDialog
        property point at
        nameFilters: [qsTr("Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)")]
        onAccepted: {
            root.tool.insertImage(selectedFile, at.x, at.y)
            root.canvas.tool = "select"
        }
    }
}
