// ToolView: one tab's content — the tool's own QML view, loaded from its plugin with the
// instance's model as `tool` — or the error panel when the tool is missing, failed, or its
// view does not load; a spinner while the host is still opening the instance.
import QtQuick
import Grove.Kit

Item {
    id: view
    property string instanceName
    property string toolName
    property string toolId
    property string status  // ready | loading | missing | failed
    property string errorText
    property url viewUrl
    property QtObject toolModel

    readonly property bool ready: status === "ready" && viewUrl.toString() !== "" && toolModel !== null
    readonly property bool loadFailed: loader.status === Loader.Error
                                       || (status === "ready" && !ready)

    Loader {
        id: loader
        anchors.fill: parent
        active: view.ready
        asynchronous: false
        function load() {
            if (view.ready) setSource(view.viewUrl, {tool: view.toolModel})
        }
        Component.onCompleted: load()
        onActiveChanged: load()
    }
    Connections {
        target: view
        function onViewUrlChanged() { loader.load() }
        function onToolModelChanged() { loader.load() }
    }

    Column {
        anchors.centerIn: parent
        spacing: Theme.spaceM
        visible: view.status === "loading"
        Spinner { anchors.horizontalCenter: parent.horizontalCenter; size: 28; color: Theme.accent }
        Text {
            text: qsTr("Opening %1…").arg(view.instanceName)
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
        }
    }

    ToolErrorPanel {
        anchors.fill: parent
        visible: view.status === "missing" || view.status === "failed" || view.loadFailed
        instanceName: view.instanceName
        toolName: view.toolName
        toolId: view.toolId
        status: view.status === "missing" ? "missing" : "failed"
        errorText: view.loadFailed && view.errorText === ""
                   ? (loader.status === Loader.Error
                      ? qsTr("The tool's view (%1) could not be loaded.").arg(view.viewUrl.toString())
                      : qsTr("The tool is running but did not provide a view."))
                   : view.errorText
    }
}
