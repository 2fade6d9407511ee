// SettingsPage: profile and fingerprint, security (passphrase, lock), appearance, devices (list,
// revoke, pairing code), network and relays with their link state, installed tools with their
// errors, notifications (on/off and per space), about; the parts this build cannot offer yet
// (choosing relays here) say why; the local API with its tokens (opt-in).
// Escape or the back button returns to the spaces.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit
import Grove.Components

Rectangle {
    id: page
    required property QtObject app  // AppController
    property alias currentSection: nav.currentIndex
    readonly property alias devicesPanel: devicesPanel
    readonly property alias localApiPanel: localApiPanel
    signal closeRequested()

    color: Theme.background
    Keys.onEscapePressed: page.closeRequested()

    function focusNav() { nav.forceActiveFocus() }
    function showSection(key) {
        for (let i = 0; i < sections.length; ++i)
            if (sections[i].key === key) nav.currentIndex = i
    }

    // The pages, each declared once below (a SettingsSection with its key, icon and title).
    readonly property var sections: content.children

    RowLayout {
        anchors.fill: parent
        spacing: 0

        // ---- navigation ----
        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.sidebarWidth
            color: Theme.sidebar
            ColumnLayout {
                anchors.fill: parent
                spacing: 0
                RowLayout {
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.headerHeight
                    Layout.leftMargin: Theme.spaceS
                    Layout.rightMargin: Theme.spaceL
                    spacing: Theme.spaceS
                    IconButton {
                        objectName: "settingsBack"
                        iconName: "arrow-left"
                        tip: qsTr("Back to spaces (Escape)")
                        onTriggered: page.closeRequested()
                    }
                    Text {
                        Layout.fillWidth: true
                        text: qsTr("Settings")
                        color: Theme.text
                        font.pixelSize: Theme.fontTitle
                        font.weight: Font.DemiBold
                    }
                }
                Separator { Layout.fillWidth: true }
                ListView {
                    id: nav
                    objectName: "settingsNav"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.topMargin: Theme.spaceS
                    model: page.sections
                    keyNavigationEnabled: true
                    activeFocusOnTab: true
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("Settings sections")
                    delegate: ItemDelegate {
                        id: navItem
                        required property var modelData
                        required property int index
                        readonly property bool current: ListView.isCurrentItem
                        width: ListView.view.width
                        implicitHeight: 40
                        leftPadding: Theme.spaceL + 2
                        rightPadding: Theme.spaceL
                        topPadding: 0
                        bottomPadding: 0
                        focusPolicy: Qt.NoFocus
                        onClicked: nav.currentIndex = index
                        background: Rectangle {
                            anchors.fill: parent
                            anchors.leftMargin: Theme.spaceS
                            anchors.rightMargin: Theme.spaceS
                            radius: Theme.radiusM
                            color: navItem.current ? Theme.selected : navItem.hovered ? Theme.hover : "transparent"
                            border.width: navItem.current && nav.activeFocus ? 2 : 0
                            border.color: Theme.focus
                        }
                        contentItem: RowLayout {
                            spacing: Theme.spaceM
                            Icon {
                                name: navItem.modelData.icon
                                size: 18
                                color: navItem.current ? Theme.accent : Theme.textMuted
                            }
                            Text {
                                Layout.fillWidth: true
                                text: navItem.modelData.navTitle
                                color: Theme.text
                                font.pixelSize: Theme.fontBody
                                font.weight: navItem.current ? Font.DemiBold : Font.Normal
                            }
                        }
                    }
                }
            }
        }
        Separator { Layout.fillHeight: true; Layout.preferredWidth: 1 }

        // ---- content ----
        StackLayout {
            id: content
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: nav.currentIndex

            SettingsSection {
                title: qsTr("Profile")
                key: "profile"
                icon: "person"
                description: qsTr("How you appear to others, and how they can be sure it's you.")
                RowLayout {
                    spacing: Theme.spaceL
                    Avatar {
                        name: page.app.account.displayName
                        key: page.app.account.identityId
                        size: 64
                    }
                    ColumnLayout {
                        spacing: 2
                        Text {
                            text: page.app.account.displayName
                            color: Theme.text
                            font.pixelSize: Theme.fontTitle + 2
                            font.weight: Font.DemiBold
                        }
                        Text {
                            text: qsTr("Your name is part of your identity card, signed by your key.")
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                        }
                    }
                }
                UnavailableNote {
                    objectName: "changeNameNote"
                    Layout.fillWidth: true
                    iconName: "edit"
                    title: qsTr("Changing your name and picture")
                    text: qsTr("Your name is in your signed identity card, which every space you belong to keeps; changing it needs a new card sent to all of them, which this version cannot do yet. Your picture is your initials on a colour made from your key.")
                }
                CopyableValue {
                    Layout.fillWidth: true
                    label: qsTr("Fingerprint")
                    text: page.app.account.fingerprint
                    large: true
                    onCopyRequested: text => page.app.copyToClipboard(text)
                }
                Text {
                    Layout.fillWidth: true
                    Layout.topMargin: -Theme.spaceS
                    text: qsTr("To be sure someone is really talking to you, compare this fingerprint with them in person or on a call. If every group matches, it's you.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
                CopyableValue {
                    Layout.fillWidth: true
                    label: qsTr("Identity key")
                    text: page.app.account.identityId
                    onCopyRequested: text => page.app.copyToClipboard(text)
                }
            }

            SettingsSection {
                title: qsTr("Security")
                key: "security"
                icon: "shield"
                description: qsTr("Your passphrase protects the keys stored on this device.")
                ChangePassphraseForm {
                    Layout.fillWidth: true
                    account: page.app.account
                }
                Separator { Layout.fillWidth: true; Layout.topMargin: Theme.spaceM }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spaceL
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Text {
                            text: qsTr("Lock Grove")
                            color: Theme.text
                            font.pixelSize: Theme.fontBody
                            font.weight: Font.DemiBold
                        }
                        Text {
                            Layout.fillWidth: true
                            text: qsTr("Forgets the keys until you enter your passphrase again. Shortcut: Ctrl+L.")
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.WordWrap
                        }
                    }
                    GroveButton {
                        text: qsTr("Lock now")
                        iconName: "lock"
                        onTriggered: page.app.account.lock()
                    }
                }
            }

            SettingsSection {
                title: qsTr("Appearance")
                key: "appearance"
                icon: "appearance"
                description: qsTr("Choose light or dark, or follow the system.")
                Row {
                    spacing: Theme.spaceL
                    Repeater {
                        model: [{scheme: "system", title: qsTr("System"), dark: Theme.systemDark},
                                {scheme: "light", title: qsTr("Light"), dark: false},
                                {scheme: "dark", title: qsTr("Dark"), dark: true}]
                        SchemeChoice {
                            required property var modelData
                            scheme: modelData.scheme
                            text: modelData.title
                            previewDark: modelData.dark
                            selected: page.app.settings.colorScheme === modelData.scheme
                            onClicked: page.app.settings.colorScheme = modelData.scheme
                        }
                    }
                }
            }

            SettingsSection {
                title: qsTr("Devices")
                key: "devices"
                icon: "device"
                description: qsTr("Every device you link gets every space you're in.")
                CopyableValue {
                    Layout.fillWidth: true
                    label: qsTr("This device's key")
                    text: page.app.account.deviceId
                    onCopyRequested: text => page.app.copyToClipboard(text)
                }
                DevicesPanel {
                    id: devicesPanel
                    objectName: "devicesPanel"
                    Layout.fillWidth: true
                    devices: page.app.devices
                    app: page.app
                }
            }

            SettingsSection {
                title: qsTr("Network")
                key: "network"
                icon: "relay"
                description: qsTr("Spaces travel directly between members' devices over encrypted links. Relays keep encrypted changes for devices that are offline; they never hold a space's key.")
                InlineMessage {
                    Layout.fillWidth: true
                    type: page.app.network.state === "error" ? "error" : "info"
                    text: page.app.network.state === "error" ? page.app.network.error
                        : page.app.network.state === "off" ? page.app.unavailableReason("sync") : ""
                }
                CopyableValue {
                    Layout.fillWidth: true
                    visible: page.app.network.listenAddress !== ""
                    label: qsTr("Listening on")
                    text: page.app.network.listenAddress
                    onCopyRequested: text => page.app.copyToClipboard(text)
                }
                CopyableValue {
                    Layout.fillWidth: true
                    visible: page.app.network.listenAddress !== ""
                    label: qsTr("Invitations point to")
                    text: page.app.network.invitationAddresses().join("\n")
                    onCopyRequested: text => page.app.copyToClipboard(text)
                }
                RowLayout {
                    visible: page.app.network.state === "online" || page.app.network.state === "offline"
                    spacing: Theme.spaceS
                    Rectangle {
                        implicitWidth: 8; implicitHeight: 8; radius: 4
                        color: page.app.network.linkCount > 0 ? Theme.presenceActive : Theme.presenceIdle
                    }
                    Text {
                        text: page.app.network.linkCount > 0
                              ? Format.count(page.app.network.linkCount, qsTr("Linked to %1 device or relay right now."), qsTr("Linked to %1 devices or relays right now."))
                              : qsTr("No other device is connected right now.")
                        color: Theme.text
                        font.pixelSize: Theme.fontBody
                    }
                }
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Grove keeps its port and the addresses other members' devices sign, so they find each other again after a restart. Start Grove with --listen host:port to choose where it accepts links, or --peer host:port to keep a link to another device.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
                FieldLabel { Layout.fillWidth: true; Layout.topMargin: Theme.spaceS; text: qsTr("Relays") }
                Text {
                    objectName: "noRelays"
                    Layout.fillWidth: true
                    visible: page.app.network.relays.count === 0
                    text: qsTr("No relay. Members who are offline when you write get your changes once you're both online at the same time. Presence and typing never go through relays.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
                Repeater {
                    model: page.app.network.relays
                    delegate: RowLayout {
                        id: relayRow
                        required property string address
                        required property string linkState
                        required property string lastError
                        objectName: "relay_" + address
                        Layout.fillWidth: true
                        spacing: Theme.spaceS
                        Rectangle {
                            implicitWidth: 8; implicitHeight: 8; radius: 4
                            color: relayRow.linkState === "connected" ? Theme.presenceActive : Theme.presenceIdle
                        }
                        Text {
                            text: relayRow.address
                            color: Theme.text
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.fontSmall
                        }
                        Text {
                            Layout.fillWidth: true
                            text: relayRow.linkState === "connected" ? qsTr("connected")
                                  : relayRow.lastError !== "" ? qsTr("not connected — %1").arg(relayRow.lastError)
                                  : qsTr("not connected — retrying")
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            elide: Text.ElideRight
                        }
                        GroveButton {
                            objectName: "removeRelay_" + relayRow.address
                            variant: "flat"
                            text: qsTr("Remove")
                            onTriggered: relayMessage.show(page.app.network.removeRelay(relayRow.address), "error")
                        }
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spaceS
                    visible: page.app.network.state !== "off" && page.app.network.state !== "error"
                    GroveTextField {
                        id: relayField
                        objectName: "relayField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("relay.example.org:7000")
                        Accessible.name: qsTr("Relay address")
                        onAccepted: addRelayButton.triggered()
                    }
                    GroveButton {
                        objectName: "testRelayButton"
                        text: qsTr("Test")
                        enabled: relayField.text.trim() !== ""
                        onTriggered: {
                            relayMessage.show(qsTr("Testing %1…").arg(relayField.text.trim()), "info")
                            page.app.network.testRelay(relayField.text)
                        }
                    }
                    GroveButton {
                        id: addRelayButton
                        objectName: "addRelayButton"
                        variant: "primary"
                        text: qsTr("Add relay")
                        enabled: relayField.text.trim() !== ""
                        onTriggered: {
                            const why = page.app.network.addRelay(relayField.text)
                            relayMessage.show(why, "error")
                            if (why === "") relayField.text = ""
                        }
                    }
                }
                InlineMessage {
                    id: relayMessage
                    objectName: "relayMessage"
                    Layout.fillWidth: true
                    visible: text !== ""
                    function show(message, kind) { type = kind; text = message }
                    Connections {
                        target: page.app.network
                        function onRelayTested(address, ok, message) {
                            relayMessage.show(ok ? qsTr("The relay at %1 answers.").arg(address) : message,
                                              ok ? "success" : "error")
                        }
                    }
                }
            }

            SettingsSection {
                title: qsTr("Local API")
                key: "api"
                icon: "token"
                description: qsTr("grovectl and your own scripts reach this peer through a local API, each with its own token.")
                LocalApiPanel {
                    id: localApiPanel
                    objectName: "localApiPanel"
                    Layout.fillWidth: true
                    app: page.app
                }
            }

            SettingsSection {
                title: qsTr("Tools")
                key: "tools"
                icon: "tools"
                description: qsTr("Tools installed on this device, and any that failed to load.")
                UnavailableNote {
                    Layout.fillWidth: true
                    visible: !page.app.installedTools.available
                    iconName: "tools"
                    title: qsTr("Installed tools")
                    text: page.app.unavailableReason("tools")
                }
                Repeater {
                    model: page.app.installedTools.available ? page.app.installedTools : null
                    RowLayout {
                        required property string name
                        required property string version
                        required property string description
                        required property string publisher
                        required property string errorText
                        Layout.fillWidth: true
                        spacing: Theme.spaceM
                        Avatar { name: parent.name; square: true; size: 36 }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Text { text: name + "  " + version; color: Theme.text; font.pixelSize: Theme.fontBody; font.weight: Font.DemiBold }
                            Text { Layout.fillWidth: true; text: description; color: Theme.textMuted; font.pixelSize: Theme.fontSmall; wrapMode: Text.WordWrap }
                            Text { visible: errorText !== ""; Layout.fillWidth: true; text: errorText; color: Theme.danger; font.pixelSize: Theme.fontSmall; wrapMode: Text.WordWrap }
                        }
                    }
                }
            }

            SettingsSection {
                title: qsTr("Notifications")
                key: "notifications"
                icon: "bell"
                description: qsTr("A desktop notification when someone writes in a space you're not looking at, or works in one of its tools. Each space can be switched off on its own.")
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spaceL
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Text {
                            text: qsTr("Desktop notifications")
                            color: Theme.text
                            font.pixelSize: Theme.fontBody
                            font.weight: Font.DemiBold
                        }
                        Text {
                            Layout.fillWidth: true
                            text: page.app.notifier.state === "available" ? page.app.notifier.detail
                                : page.app.notifier.state === "checking" ? qsTr("Looking for the desktop's notification service…")
                                : qsTr("Grove can't show notifications right now. Your choices are kept for when it can.")
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.WordWrap
                        }
                    }
                    GroveSwitch {
                        objectName: "notificationsSwitch"
                        checked: page.app.settings.notificationsEnabled
                        onToggled: page.app.settings.notificationsEnabled = checked
                        Accessible.name: qsTr("Desktop notifications")
                    }
                }
                InlineMessage {
                    objectName: "notifierProblem"
                    Layout.fillWidth: true
                    type: "warning"
                    text: page.app.notifier.state === "unavailable" ? page.app.notifier.detail : ""
                }
                SectionLabel {
                    Layout.topMargin: Theme.spaceM
                    text: qsTr("Spaces")
                    visible: page.app.spaces.count > 0
                }
                Repeater {
                    model: page.app.spaces
                    RowLayout {
                        required property string spaceId
                        required property string name
                        Layout.fillWidth: true
                        spacing: Theme.spaceM
                        opacity: page.app.settings.notificationsEnabled ? 1 : 0.5
                        Avatar { name: parent.name; key: parent.spaceId; square: true; size: 28 }
                        Text {
                            Layout.fillWidth: true
                            text: parent.name
                            color: Theme.text
                            font.pixelSize: Theme.fontBody
                            elide: Text.ElideRight
                        }
                        GroveSwitch {
                            objectName: "notify_" + parent.name
                            enabled: page.app.settings.notificationsEnabled
                            checked: page.app.settings.mutedSpaces.indexOf(parent.spaceId) < 0
                            onToggled: page.app.settings.setSpaceMuted(parent.spaceId, !checked)
                            Accessible.name: qsTr("Notifications for %1").arg(parent.name)
                        }
                    }
                }
            }

            SettingsSection {
                title: qsTr("About Grove")
                key: "about"
                icon: "info"
                navTitle: qsTr("About")
                description: qsTr("Peer-to-peer workspaces: your spaces live on your devices, encrypted end to end.")
                CopyableValue {
                    Layout.fillWidth: true
                    label: qsTr("Version")
                    text: page.app.version
                    onCopyRequested: text => page.app.copyToClipboard(text)
                }
                CopyableValue {
                    Layout.fillWidth: true
                    label: qsTr("Profile folder")
                    text: page.app.profileDir
                    onCopyRequested: text => page.app.copyToClipboard(text)
                }
                InlineMessage {
                    Layout.fillWidth: true
                    type: "info"
                    text: page.app.demo ? qsTr("This is a temporary demo profile: it is deleted when Grove quits.") : ""
                }
            }
        }
    }
}
