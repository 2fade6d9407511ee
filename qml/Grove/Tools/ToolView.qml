// ToolView: one tab's content — the tool's own QML view, loaded from its plugin with the
// instance's model as `tool` — or the error panel when the tool is missing, failed, or its
// view does not load.
import QtQuick
import Grove.Components

Item {
    id: view
    property string instanceName
    property string toolName
    property string toolId
    property string status  // ready | missing | failed
    property string errorText
    property url viewUrl
    property QtObject toolModel

    readonly property bool loadFailed: loader.status === Loader.Error
                                       || (status === "ready" && viewUrl.toString() === "")

    Loader {
        id: loader
        anchors.fill: parent
        active: view.status === "ready" && view.viewUrl.toString() !== ""
        asynchronous: false
        Component.onCompleted: if (active) load()
        onActiveChanged: if (active) load()
        function load() { setSource(view.viewUrl, {tool: view.toolModel}) }
    }

    ToolErrorPanel {
        anchors.fill: parent
        visible: view.status !== "ready" || view.loadFailed
        instanceName: view.instanceName
        toolName: view.toolName
        toolId: view.toolId
        status: view.status === "missing" ? "missing" : "failed"
        errorText: view.loadFailed && view.errorText === ""
                   ? qsTr("The tool's view (%1) could not be loaded.").arg(view.viewUrl.toString())
                   : view.errorText
    }
}
