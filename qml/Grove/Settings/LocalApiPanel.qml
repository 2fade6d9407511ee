// LocalApiPanel: Settings → Local API. Off by default; switched on, the app serves the same
// local gRPC API as groved on loopback only (its address shown), with the profile's tokens: the
// list (name, scope, spaces, created, last used), a form for a new one (name, scope, optional
// spaces) whose secret is shown once with a copy button, and Revoke with a confirmation.
// `app` is the AppController (localApi, spaces, copyToClipboard) or a double.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

ColumnLayout {
    id: panel
    required property QtObject app
    readonly property QtObject api: app.localApi
    property string createError
    property string newName    // the token just created, whose secret is shown once
    property string newSecret
    property string confirming // the token whose revocation is being asked about
    property string revokeError
    property var chosenSpaces: []
    property string scope: "read"

    spacing: Theme.spaceM
    onVisibleChanged: if (visible && api.running) api.refresh()  // last-use times move

    function create() {
        createError = ""
        const result = api.createToken(nameField.text, scope, chosenSpaces)
        if (result.error !== undefined) {
            createError = result.error
            nameField.forceActiveFocus()
            return
        }
        newName = result.name
        newSecret = result.secret
        nameField.text = ""
        chosenSpaces = []
    }
    // Fills the form with `name` (read, every space) and creates it, as a click would.
    function createNamed(name) {
        nameField.text = name
        scope = "read"
        chosenSpaces = []
        create()
    }
    function revoke(name) {
        revokeError = api.revokeToken(name)
        confirming = ""
        if (newName === name) { newName = ""; newSecret = "" }
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spaceL
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Text {
                text: qsTr("Local API")
                color: Theme.text
                font.pixelSize: Theme.fontBody
                font.weight: Font.DemiBold
            }
            Text {
                Layout.fillWidth: true
                text: panel.api.running ? qsTr("On, for programs on this computer only (loopback). Each call needs a token.")
                    : qsTr("Off. Switched on, programs on this computer can read and change your spaces with a token you give them.")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }
        GroveSwitch {
            objectName: "localApiSwitch"
            checked: panel.api.enabled
            onToggled: panel.api.setEnabled(checked)
            Accessible.name: qsTr("Local API")
        }
    }
    InlineMessage {
        objectName: "localApiError"
        Layout.fillWidth: true
        type: "error"
        text: panel.api.enabled ? panel.api.error : ""
    }
    CopyableValue {
        objectName: "localApiAddress"
        Layout.fillWidth: true
        visible: panel.api.running
        label: qsTr("Address")
        text: panel.api.address
        onCopyRequested: text => panel.app.copyToClipboard(text)
    }

    // ---- the secret of the token just created, once ----
    ColumnLayout {
        Layout.fillWidth: true
        visible: panel.newSecret !== ""
        spacing: Theme.spaceXs
        InlineMessage {
            Layout.fillWidth: true
            type: "warning"
            text: qsTr("Copy the token %1 now: it is shown only this once. Grove keeps only a hash of it.").arg(panel.newName)
        }
        CopyableValue {
            objectName: "newTokenSecret"
            Layout.fillWidth: true
            label: qsTr("Token")
            text: panel.newSecret
            onCopyRequested: text => panel.app.copyToClipboard(text)
        }
        GroveButton {
            objectName: "newTokenDone"
            variant: "flat"
            text: qsTr("Done, I copied it")
            onTriggered: { panel.newSecret = ""; panel.newName = "" }
        }
    }

    // ---- tokens ----
    SectionLabel { Layout.topMargin: Theme.spaceS; text: qsTr("Tokens"); visible: panel.api.running }
    InlineMessage { objectName: "revokeTokenError"; Layout.fillWidth: true; text: panel.revokeError }
    Repeater {
        model: panel.api.running ? panel.api.tokens : null
        ColumnLayout {
            id: tokenRow
            required property string name
            required property string scope
            required property string spaces
            required property double createdMs
            required property double lastUsedMs
            required property bool profile
            Layout.fillWidth: true
            spacing: Theme.spaceXs
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spaceM
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    RowLayout {
                        spacing: Theme.spaceS
                        Text { text: tokenRow.name; color: Theme.text; font.pixelSize: Theme.fontBody; font.weight: Font.DemiBold }
                        Chip { text: tokenRow.scope; tone: tokenRow.scope === "admin" ? "warning" : tokenRow.scope === "write" ? "accent" : "neutral" }
                    }
                    Text {
                        Layout.fillWidth: true
                        text: {
                            const parts = [tokenRow.profile ? qsTr("grovectl on this device")
                                           : tokenRow.spaces === "" ? qsTr("every space") : tokenRow.spaces]
                            if (tokenRow.createdMs > 0) parts.push(qsTr("created %1").arg(Format.full(tokenRow.createdMs)))
                            parts.push(tokenRow.lastUsedMs > 0 ? qsTr("last used %1").arg(Format.full(tokenRow.lastUsedMs)) : qsTr("never used"))
                            return parts.join(" · ")
                        }
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.WordWrap
                    }
                }
                GroveButton {
                    objectName: "revoke_" + tokenRow.name
                    visible: !tokenRow.profile && panel.confirming !== tokenRow.name
                    variant: "flat"
                    text: qsTr("Revoke…")
                    onTriggered: { panel.revokeError = ""; panel.confirming = tokenRow.name }
                }
            }
            // Asks first: what revoking means, then Revoke or Cancel.
            RowLayout {
                Layout.fillWidth: true
                visible: panel.confirming === tokenRow.name
                spacing: Theme.spaceS
                Text {
                    Layout.fillWidth: true
                    text: qsTr("Revoke %1? Programs using it are refused from now on; this can't be undone.").arg(tokenRow.name)
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
                GroveButton {
                    id: confirmRevoke
                    objectName: "confirmRevoke_" + tokenRow.name
                    variant: "danger"
                    text: qsTr("Revoke")
                    onTriggered: panel.revoke(tokenRow.name)
                }
                GroveButton {
                    objectName: "cancelRevoke_" + tokenRow.name
                    text: qsTr("Cancel")
                    onTriggered: panel.confirming = ""
                }
                onVisibleChanged: if (visible) confirmRevoke.forceActiveFocus()
            }
        }
    }

    // ---- a new token ----
    SectionLabel { Layout.topMargin: Theme.spaceS; text: qsTr("New token"); visible: panel.api.running }
    ColumnLayout {
        Layout.fillWidth: true
        visible: panel.api.running
        spacing: Theme.spaceS
        FieldLabel { Layout.fillWidth: true; text: qsTr("Name") }
        GroveTextField {
            id: nameField
            objectName: "newTokenName"
            Layout.fillWidth: true
            placeholderText: qsTr("e.g. backup-script")
            error: panel.createError !== ""
            Accessible.name: qsTr("Token name")
            onAccepted: panel.create()
        }
        FieldLabel { Layout.fillWidth: true; text: qsTr("It may") }
        RowLayout {
            spacing: Theme.spaceS
            Repeater {
                model: [{scope: "read", title: qsTr("Read"), note: qsTr("see spaces, members and chat")},
                        {scope: "write", title: qsTr("Write"), note: qsTr("also post and change things")},
                        {scope: "admin", title: qsTr("Admin"), note: qsTr("also manage tokens and devices")}]
                GroveButton {
                    required property var modelData
                    objectName: "scope_" + modelData.scope
                    text: modelData.title
                    tip: modelData.note
                    variant: panel.scope === modelData.scope ? "primary" : "secondary"
                    implicitHeight: 32
                    Accessible.checked: panel.scope === modelData.scope
                    onTriggered: panel.scope = modelData.scope
                }
            }
        }
        FieldLabel {
            Layout.fillWidth: true
            visible: panel.app.spaces.count > 0
            text: qsTr("Only in these spaces")
            note: panel.chosenSpaces.length === 0 ? qsTr("none chosen: every space") : ""
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spaceS
            Repeater {
                model: panel.api.running ? panel.app.spaces : null
                GroveButton {
                    required property string spaceId
                    required property string name
                    readonly property bool chosen: panel.chosenSpaces.indexOf(spaceId) >= 0
                    objectName: "tokenSpace_" + name
                    text: name
                    iconName: chosen ? "check" : ""
                    variant: chosen ? "primary" : "secondary"
                    implicitHeight: 32
                    Accessible.checked: chosen
                    onTriggered: {
                        const list = panel.chosenSpaces.filter(id => id !== spaceId)
                        if (!chosen) list.push(spaceId)
                        panel.chosenSpaces = list
                    }
                }
            }
        }
    }
    InlineMessage { objectName: "newTokenError"; Layout.fillWidth: true; text: panel.createError }
    GroveButton {
        objectName: "createToken"
        visible: panel.api.running
        variant: "primary"
        text: qsTr("Create token")
        onTriggered: panel.create()
    }
}
