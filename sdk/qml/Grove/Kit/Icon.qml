// Icon: Grove's line icons, drawn as 24×24 vector paths in the current colour (no image files,
// so they follow the theme and stay sharp at any size).
import QtQuick
import QtQuick.Shapes

Item {
    id: icon

    property string name
    property color color: Theme.text
    property real size: 20
    property real strokeWidth: 1.8

    implicitWidth: size
    implicitHeight: size

    readonly property var paths: ({
        "plus": "M12 5 V19 M5 12 H19",
        "close": "M6 6 L18 18 M18 6 L6 18",
        "settings": "M4 7 H12 M18 7 H20 M4 17 H6 M12 17 H20 M12 7 a3 3 0 1 0 6 0 a3 3 0 1 0 -6 0 M6 17 a3 3 0 1 0 6 0 a3 3 0 1 0 -6 0",
        "lock": "M6 11 H18 V20 H6 Z M8.5 11 V8 a3.5 3.5 0 0 1 7 0 V11 M12 14.5 V16.5",
        "members": "M9 11 a3.5 3.5 0 1 0 0 -7 a3.5 3.5 0 1 0 0 7 M2.5 20 c0 -3.5 3 -5.5 6.5 -5.5 s6.5 2 6.5 5.5 M15.5 4.3 a3.5 3.5 0 0 1 0 6.4 M18 14.8 c2 0.6 3.5 2.3 3.5 5.2",
        "person": "M12 12 a4 4 0 1 0 0 -8 a4 4 0 1 0 0 8 M4.5 20.5 c0 -4 3.5 -6 7.5 -6 s7.5 2 7.5 6",
        "chat": "M4 5 H20 V16 H10 L5.5 20 V16 H4 Z",
        "edit": "M4 20 H8 L19 9 L15 5 L4 16 Z M13 7 L17 11",
        "trash": "M4 7 H20 M9 7 V4 H15 V7 M6 7 L7 20 H17 L18 7 M10 11 V16 M14 11 V16",
        "copy": "M9 9 H20 V20 H9 Z M5.5 15 H4 V4 H15 V5.5",
        "join": "M14 4 H19 V20 H14 M4 12 H15 M11 8 L15 12 L11 16",
        "send": "M4 12 L20 4 L15 20 L11 13 Z M11 13 L20 4",
        "tools": "M4 4 H10 V10 H4 Z M14 4 H20 V10 H14 Z M4 14 H10 V20 H4 Z M14 14 H20 V20 H14 Z",
        "alert": "M12 3.5 L21.5 20 H2.5 Z M12 10 V14 M12 17 V17.2",
        "info": "M12 3 a9 9 0 1 0 0 18 a9 9 0 1 0 0 -18 M12 11 V16.5 M12 7.5 V7.7",
        "check": "M5 12.5 L10 17 L19 7",
        "eye": "M2 12 C5 6 19 6 22 12 C19 18 5 18 2 12 Z M12 9 a3 3 0 1 0 0 6 a3 3 0 1 0 0 -6",
        "eye-off": "M2 12 C5 6 19 6 22 12 C19 18 5 18 2 12 Z M12 9 a3 3 0 1 0 0 6 a3 3 0 1 0 0 -6 M4 4 L20 20",
        "sync": "M20 12 a8 8 0 0 1 -14 5.3 M4 12 a8 8 0 0 1 14 -5.3 M18.5 3 V7 H14.5 M5.5 21 V17 H9.5",
        "cloud-off": "M7 18 H17 a4 4 0 0 0 0.8 -7.9 A6 6 0 0 0 6.3 10 a4 4 0 0 0 0.7 8 Z M4 4 L20 20",
        "key": "M4 15 a4 4 0 1 0 8 0 a4 4 0 1 0 -8 0 M11 12 L20 3 M16 7 L19 10 M18.5 4.5 L21 7",
        "leaf": "M5 19 C5 10 10 5 20 4 C19 14 14 19 5 19 Z M5 19 L13 11",
        "chevron-right": "M9 6 L15 12 L9 18",
        "chevron-down": "M6 9 L12 15 L18 9",
        "arrow-left": "M19 12 H5 M11 6 L5 12 L11 18",
        "device": "M3 5 H21 V16 H3 Z M8 20 H16 M12 16 V20",
        "relay": "M4 4 H20 V10 H4 Z M4 14 H20 V20 H4 Z M8 7 V7.2 M8 17 V17.2",
        "bell": "M6 16 V11 a6 6 0 0 1 12 0 V16 L20 18 H4 Z M10 21 H14",
        "appearance": "M12 3 a9 9 0 1 0 0 18 a9 9 0 1 0 0 -18 M12 3 V21 M12 8 H19 M12 13 H21 M12 18 H18",
        "shield": "M12 3 L20 6 V12 C20 17 16 20 12 21 C8 20 4 17 4 12 V6 Z",
        "token": "M4 8 H20 V16 H4 Z M8 12 H8.2 M12 12 H12.2 M16 12 H16.2",
        "more": "M5 12 H5.2 M12 12 H12.2 M19 12 H19.2",
        "search": "M11 4 a7 7 0 1 0 0 14 a7 7 0 1 0 0 -14 M16 16 L20 20",
        "puzzle": "M5 8 H9 a2 2 0 1 1 4 0 H17 V12 a2 2 0 1 1 0 4 V20 H5 Z",
        "restore": "M4 9 H15 a5 5 0 0 1 0 10 H9 M8 5 L4 9 L8 13",
        "download": "M12 4 V15 M7 10 L12 15 L17 10 M5 20 H19",
        "upload": "M12 16 V5 M7 10 L12 5 L17 10 M5 20 H19",
        "folder": "M3 6 H10 L12 8 H21 V19 H3 Z",
        "folder-plus": "M3 6 H10 L12 8 H21 V19 H3 Z M12 11 V16 M9.5 13.5 H14.5",
        "document": "M6 3 H14 L19 8 V21 H6 Z M14 3 V8 H19 M9 13 H16 M9 17 H14"
    })

    Shape {
        anchors.centerIn: parent
        width: 24
        height: 24
        scale: icon.size / 24
        ShapePath {
            strokeColor: icon.color
            strokeWidth: icon.strokeWidth
            fillColor: "transparent"
            capStyle: ShapePath.RoundCap
            joinStyle: ShapePath.RoundJoin
            PathSvg { path: icon.paths[icon.name] || "" }
        }
    }
}
