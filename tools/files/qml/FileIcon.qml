import QtQuick
import QtQuick.Controls

// A file-type badge: a rounded tile coloured by the kind the model derives from the MIME
// database, with a short label (the extension, or a glyph for folders).
Rectangle {
    id: icon
    property string kind: "file"
    property string name: ""
    readonly property bool dark: palette.window.hslLightness < 0.5
    readonly property var colors: ({
        folder: "#d9a43a", image: "#3a9d6b", audio: "#a0559e", video: "#c2524a",
        pdf: "#c0392b", document: "#2f6fb8", spreadsheet: "#2e8b57", presentation: "#d4722f",
        archive: "#7d6b4f", code: "#5a6b7d", text: "#6b7785", file: "#8a8f98"
    })
    readonly property string extension: {
        const dot = name.lastIndexOf(".")
        return dot > 0 && dot >= name.length - 6 ? name.substring(dot + 1).toUpperCase() : ""
    }
    implicitWidth: kind === "folder" ? 32 : 26
    implicitHeight: kind === "folder" ? 24 : 32
    radius: kind === "folder" ? 4 : 3
    color: colors[kind] !== undefined ? colors[kind] : colors.file
    opacity: dark ? 0.9 : 1.0

    // A folder's tab.
    Rectangle {
        visible: icon.kind === "folder"
        x: 0
        y: -4
        width: parent.width * 0.45
        height: 8
        radius: 2
        color: icon.color
    }

    Label {
        visible: icon.kind !== "folder"
        anchors.centerIn: parent
        width: parent.width - 4
        horizontalAlignment: Text.AlignHCenter
        text: icon.extension.length > 0 ? icon.extension : "\u2022"
        color: "white"
        font.bold: true
        font.pixelSize: text.length > 3 ? 6 : (text.length > 2 ? 7 : 9)
    }
}
