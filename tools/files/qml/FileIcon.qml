import QtQuick

// A file-type badge: a rounded tile coloured by the kind the model derives from the MIME
// database, with a short label (the extension, or a glyph for folders).
Rectangle {
    id: icon
    property string kind: "file"
    property string name: ""
    readonly property var colors: ({
        // Dark enough that the white label reads at 4.5:1 or more.
        folder: "#d9a43a", image: "#2e7d55", audio: "#8a4388", video: "#b03d36",
        pdf: "#b03024", document: "#2a62a3", spreadsheet: "#23744a", presentation: "#a8531a",
        archive: "#6b5b41", code: "#4f5e6e", text: "#5a6573", file: "#646a73"
    })
    readonly property string extension: {
        const dot = name.lastIndexOf(".")
        return dot > 0 && dot >= name.length - 6 ? name.substring(dot + 1).toUpperCase() : ""
    }
    implicitWidth: kind === "folder" ? 32 : 26
    implicitHeight: kind === "folder" ? 24 : 32
    radius: kind === "folder" ? 4 : 3
    color: colors[kind] !== undefined ? colors[kind] : colors.file

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

    Text {
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
