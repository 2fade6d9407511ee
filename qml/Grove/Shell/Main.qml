// Main: Grove's window — picks the screen for the app's state (starting, create/unlock,
// workspace, settings), applies the theme to every control, owns the keyboard shortcuts, and
// offers tourShow() to the screenshot tour.
import QtQuick
import QtQuick.Controls
import QtQuick.Window
import Grove.App
import Grove.Kit
import Grove.Onboarding
import Grove.Settings

ApplicationWindow {
    id: window
    required property AppController app
    property bool settingsOpen: false

    readonly property string screen: app.status !== AppController.Ready ? "startup"
        : app.account.state !== AccountController.Unlocked ? "onboarding"
        : settingsOpen ? "settings" : "workspace"
    readonly property Item page: loader.item

    width: 1200
    height: 800
    minimumWidth: 760
    minimumHeight: 520
    visible: false  // shown by the shell once its geometry is restored
    title: {
        const unread = app.spaces.totalUnread
        let t = screen === "workspace" && app.space.name !== "" ? app.space.name + " – Grove" : "Grove"
        return unread > 0 ? "(" + unread + ") " + t : t
    }
    color: Theme.background
    font.pixelSize: Theme.fontBody

    palette.window: Theme.background
    palette.windowText: Theme.text
    palette.base: Theme.background
    palette.alternateBase: Theme.surface
    palette.text: Theme.text
    palette.button: Theme.raised
    palette.buttonText: Theme.text
    palette.brightText: Theme.accentText
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.textFaint
    palette.light: Theme.raised
    palette.midlight: Theme.hover
    palette.mid: Theme.border
    palette.dark: Theme.borderStrong
    palette.shadow: Theme.shadow
    palette.link: Theme.accent
    palette.toolTipBase: Theme.dark ? "#e6ece8" : "#1d2521"
    palette.toolTipText: Theme.dark ? "#18221d" : "#f2f5f3"

    Binding { target: Theme; property: "colorScheme"; value: window.app.settings ? window.app.settings.colorScheme : "system" }
    Binding { target: window.app; property: "attentive"; value: window.active && window.visibility !== Window.Minimized }
    Timer { interval: 30000; running: true; repeat: true; onTriggered: Format.now = Date.now() }

    onScreenChanged: {
        if (screen !== "workspace" && screen !== "settings")
            settingsOpen = false
        Qt.callLater(focusScreen)
    }

    function focusScreen() {
        if (!page) return
        if (screen === "onboarding") page.focusForm()
        else if (screen === "workspace") page.focusComposer()
        else if (screen === "settings") page.focusNav()
    }
    property string settingsSection: "profile"
    function openSettings(section) {
        if (screen !== "workspace" && screen !== "settings") return
        settingsSection = section || "profile"
        settingsOpen = true
        if (screen === "settings" && page) page.showSection(settingsSection)
    }

    // For the screenshot tour (and tests): puts a named screen on view.
    function tourShow(name) {
        if (screen === "workspace" && page) page.closeDialogs()
        switch (name) {
        case "create-account":
            if (screen === "onboarding" && page.form && page.form.nameField) {
                page.form.nameField.text = "Robin Ashdown"
                page.form.passphraseField.text = "correct horse battery staple"
                page.form.confirmField.text = "correct horse battery"
                page.form.confirmField.forceActiveFocus()
            }
            break
        case "workspace":
            settingsOpen = false
            if (page && page.membersShown !== undefined) page.membersShown = false
            break
        case "members":
            settingsOpen = false
            if (page) page.membersShown = true
            break
        case "create-space":
            settingsOpen = false
            if (page) {
                page.createSpace()
                page.createSpaceDialog.nameField.text = "Design team"
            }
            break
        case "add-tool":
            settingsOpen = false
            if (page) page.addToolDialog.open()
            break
        case "settings":
            openSettings("profile")
            break
        case "settings-network":
            openSettings("network")
            break
        case "settings-devices":  // with a pairing code on show
            openSettings("devices")
            if (page && page.devicesPanel) page.devicesPanel.showPairing()
            break
        case "settings-tools":
            openSettings("tools")
            break
        case "settings-notifications":
            openSettings("notifications")
            break
        case "settings-api":  // with a new token's secret on show
            openSettings("api")
            if (page && page.localApiPanel && page.localApiPanel.newSecret === "")
                page.localApiPanel.createNamed("backup-script")
            break
        case "rename-space":
            settingsOpen = false
            if (page) page.renameSpaceDialog.open()
            break
        case "leave-space":
            settingsOpen = false
            if (page) page.leaveSpaceDialog.open()
            break
        case "space-menu":
            settingsOpen = false
            if (page) {
                page.membersShown = false
                page.spaceView.header.openMenu()
            }
            break
        case "remove-member":
            settingsOpen = false
            if (page) {
                page.membersShown = true
                const members = app.space.members
                for (let i = 0; i < members.count; ++i) {
                    const m = members.get(i)
                    if (!m.me) {
                        page.spaceView.membersPane.removeDialog.ask(m.identityId, m.displayName)
                        break
                    }
                }
            }
            break
        case "invite":
            settingsOpen = false
            if (page) {
                page.inviteDialog.createOnOpen = true
                page.inviteDialog.open()
            }
            break
        case "join":
            settingsOpen = false
            if (page) page.joinDialog.open()
            break
        }
    }

    Connections {
        target: window.app
        function onActivateRequested() {
            window.settingsOpen = false
            if (window.visibility === Window.Minimized) window.showNormal()
            window.raise()
            window.requestActivate()
        }
    }

    Loader {
        id: loader
        anchors.fill: parent
        sourceComponent: window.screen === "startup" ? startupPage
                       : window.screen === "onboarding" ? onboardingPage
                       : window.screen === "settings" ? settingsPage : workspacePage
        onLoaded: Qt.callLater(window.focusScreen)
    }

    Component {
        id: startupPage
        StartupPage {
            failed: window.app.status === AppController.Failed
            error: window.app.startupError
            demo: window.app.demo
            onQuitRequested: Qt.quit()
        }
    }
    Component {
        id: onboardingPage
        OnboardingPage {
            account: window.app.account
            profileDir: window.app.profileDir
            demoPassphrase: window.app.demoPassphrase
            pairing: window.app.devices
        }
    }
    Component {
        id: workspacePage
        Workspace {
            app: window.app
            onSettingsRequested: section => window.openSettings(section)
        }
    }
    Component {
        id: settingsPage
        SettingsPage {
            app: window.app
            onCloseRequested: window.settingsOpen = false
            Component.onCompleted: showSection(window.settingsSection)
        }
    }

    // ---- keyboard ----
    Shortcut {
        sequence: "Ctrl+N"
        enabled: window.screen === "workspace"
        onActivated: window.page.createSpace()
    }
    Shortcut {
        sequence: "Ctrl+,"
        enabled: window.screen === "workspace"
        onActivated: window.openSettings("profile")
    }
    Shortcut {
        sequence: "Ctrl+J"
        enabled: window.screen === "workspace"
        onActivated: window.page.joinDialog.open()
    }
    Shortcut {
        sequence: "Ctrl+L"
        enabled: window.screen === "workspace" || window.screen === "settings"
        onActivated: window.app.account.lock()
    }
    Shortcut {
        sequence: "Ctrl+M"
        enabled: window.screen === "workspace" && window.app.space.open
        onActivated: window.page.membersShown = !window.page.membersShown
    }
    Shortcut {
        sequences: ["Alt+Down", "Ctrl+PgDown"]
        enabled: window.screen === "workspace"
        onActivated: window.page.selectRelative(1)
    }
    Shortcut {
        sequences: ["Alt+Up", "Ctrl+PgUp"]
        enabled: window.screen === "workspace"
        onActivated: window.page.selectRelative(-1)
    }
    Shortcut {
        sequence: "Ctrl+Tab"
        enabled: window.screen === "workspace" && window.app.space.open
        onActivated: window.page.spaceView.tools.nextTab(1)
    }
    Shortcut {
        sequence: "Ctrl+Shift+Tab"
        enabled: window.screen === "workspace" && window.app.space.open
        onActivated: window.page.spaceView.tools.nextTab(-1)
    }
    Shortcut {
        sequence: "Escape"
        enabled: window.screen === "settings"
        onActivated: window.settingsOpen = false
    }
    Shortcut {
        sequence: StandardKey.Quit
        onActivated: Qt.quit()
    }
    Repeater {
        model: 9
        Item {
            required property int index
            Shortcut {
                sequence: "Ctrl+" + (index + 1)
                enabled: window.screen === "workspace"
                onActivated: window.page.selectNumber(index + 1)
            }
        }
    }
}
