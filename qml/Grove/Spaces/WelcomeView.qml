// WelcomeView: the main area when the account has no space yet — what a space is, and the two
// ways to get one.
import QtQuick
import Grove.Kit

Rectangle {
    id: view
    property string joinUnavailable
    signal createRequested()
    signal joinRequested()

    color: Theme.background

    EmptyState {
        anchors.fill: parent
        iconName: "leaf"
        title: qsTr("Create your first space")
        text: qsTr("A space is where a group works together: a chat beside it, and tools such as Discussion as tabs. Everything in it is encrypted with the space's own key.")
        GroveButton {
            objectName: "welcomeCreateButton"
            text: qsTr("Create a space")
            iconName: "plus"
            variant: "primary"
            onTriggered: view.createRequested()
        }
        GroveButton {
            text: qsTr("Join with a code")
            iconName: "join"
            unavailableReason: view.joinUnavailable
            onTriggered: view.joinRequested()
        }
    }
}
