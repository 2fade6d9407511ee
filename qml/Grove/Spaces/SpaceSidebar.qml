// SpaceSidebar: the account at the top (settings, lock), then every space with unread counts
// and last activity; new space and join at the section header. Up/Down move between spaces.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

Rectangle {
    id: sidebar
    required property QtObject app  // AppController: account, spaces, currentSpaceId, selectSpace
    readonly property alias list: list
    signal createRequested()
    signal joinRequested()
    signal settingsRequested()
    signal lockRequested()
    signal networkRequested()

    color: Theme.sidebar

    function syncCurrent() {
        list.currentIndex = app.spaces.indexOf(app.currentSpaceId)
    }
    function focusList() { list.forceActiveFocus() }

    Connections {
        target: sidebar.app
        function onCurrentSpaceIdChanged() { sidebar.syncCurrent() }
    }
    Connections {
        target: sidebar.app.spaces
        function onCountChanged() { Qt.callLater(sidebar.syncCurrent) }
        function onRowsMoved() { Qt.callLater(sidebar.syncCurrent) }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // ---- the account ----
        RowLayout {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.headerHeight
            Layout.leftMargin: Theme.spaceL
            Layout.rightMargin: Theme.spaceS
            spacing: Theme.spaceS
            Avatar {
                name: sidebar.app.account.displayName
                key: sidebar.app.account.identityId
                size: 30
                presence: "active"
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                Text {
                    Layout.fillWidth: true
                    text: sidebar.app.account.displayName
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                }
                Text {
                    text: sidebar.app.demo ? qsTr("Demo profile") : qsTr("This device")
                    color: Theme.textFaint
                    font.pixelSize: Theme.fontCaption
                }
            }
            IconButton {
                iconName: "settings"
                tip: qsTr("Settings (Ctrl+,)")
                onTriggered: sidebar.settingsRequested()
            }
            IconButton {
                iconName: "lock"
                tip: qsTr("Lock Grove (Ctrl+L)")
                onTriggered: sidebar.lockRequested()
            }
        }
        Separator { Layout.fillWidth: true }

        // ---- spaces ----
        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spaceM
            Layout.bottomMargin: Theme.spaceXs
            Layout.leftMargin: Theme.spaceL
            Layout.rightMargin: Theme.spaceS
            spacing: 2
            SectionLabel {
                Layout.fillWidth: true
                text: qsTr("Spaces")
            }
            IconButton {
                objectName: "joinSpaceButton"
                iconName: "join"
                iconSize: 16
                implicitWidth: 28
                implicitHeight: 28
                tip: qsTr("Join with an invitation code")
                unavailableReason: sidebar.app.unavailableReason("join")
                onTriggered: sidebar.joinRequested()
            }
            IconButton {
                objectName: "newSpaceButton"
                iconName: "plus"
                iconSize: 18
                implicitWidth: 28
                implicitHeight: 28
                tip: qsTr("New space (Ctrl+N)")
                onTriggered: sidebar.createRequested()
            }
        }

        ListView {
            id: list
            objectName: "spaceList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: sidebar.app.spaces
            currentIndex: -1
            keyNavigationEnabled: true
            activeFocusOnTab: true
            highlightFollowsCurrentItem: false
            boundsBehavior: Flickable.StopAtBounds
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Spaces")
            ScrollBar.vertical: ScrollBar {}
            Component.onCompleted: sidebar.syncCurrent()

            onCurrentIndexChanged: {
                const id = sidebar.app.spaces.idAt(currentIndex)
                if (activeFocus && id !== "" && id !== sidebar.app.currentSpaceId)
                    sidebar.app.selectSpace(id)
            }

            delegate: SpaceDelegate {
                selected: spaceId === sidebar.app.currentSpaceId
                onClicked: sidebar.app.selectSpace(spaceId)
            }

            // Keyboard focus outline around the list.
            Rectangle {
                anchors.fill: parent
                anchors.margins: 2
                radius: Theme.radiusM
                color: "transparent"
                border.width: 2
                border.color: Theme.focus
                visible: list.activeFocus
                opacity: 0.6
            }

            Text {
                anchors.top: parent.top
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.margins: Theme.spaceL
                visible: list.count === 0
                text: qsTr("No spaces yet. Create one with the + button.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }

        // ---- the network ----
        Separator { Layout.fillWidth: true }
        ItemDelegate {
            id: networkRow
            objectName: "networkStatus"
            Layout.fillWidth: true
            implicitHeight: 40
            leftPadding: Theme.spaceL
            rightPadding: Theme.spaceL
            focusPolicy: Qt.TabFocus
            readonly property string state_: sidebar.app.network.state
            readonly property string label: state_ === "online"
                ? Format.count(sidebar.app.network.linkCount, qsTr("Online · %1 link"), qsTr("Online · %1 links"))
                : state_ === "offline" ? qsTr("No other device connected")
                : state_ === "error" ? qsTr("Network problem") : qsTr("Offline mode")
            readonly property string detail: state_ === "error" ? sidebar.app.network.error
                : state_ === "off" ? sidebar.app.unavailableReason("sync")
                : qsTr("Listening on %1").arg(sidebar.app.network.listenAddress)
            Accessible.name: label + ". " + detail
            onClicked: sidebar.networkRequested()
            ToolTip.visible: hovered
            ToolTip.text: detail
            ToolTip.delay: 400
            background: Rectangle {
                color: networkRow.hovered ? Theme.hover : "transparent"
                FocusRing { target: networkRow; radius_: 0; anchors.margins: 1 }
            }
            contentItem: RowLayout {
                spacing: Theme.spaceS
                Rectangle {
                    implicitWidth: 8
                    implicitHeight: 8
                    radius: 4
                    color: networkRow.state_ === "online" ? Theme.presenceActive
                         : networkRow.state_ === "offline" ? Theme.presenceIdle
                         : networkRow.state_ === "error" ? Theme.danger : Theme.textFaint
                }
                Text {
                    Layout.fillWidth: true
                    text: networkRow.label
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideRight
                }
            }
        }
    }
}
