import QtQuick
import QtQuick.Controls

// The Sketchpad tool's view. `tool` is the instance's SketchModel, given by the host.
Pane {
    id: root
    objectName: "sketchView"
    required property QtObject tool
    padding: 0
    implicitWidth: 960
    implicitHeight: 600

    Item {
        id: canvasHolder
        anchors.fill: parent
        property var canvas: null
        Component.onCompleted: canvas = root.tool.createCanvas(canvasHolder)
    }
}
