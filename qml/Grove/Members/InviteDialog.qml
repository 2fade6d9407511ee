// InviteDialog: creates a one-time invitation code for the space in view — the invitee's role
// and how long the code stays valid — and shows it, ready to copy and send to one person.
// The code just made can be revoked here (a later use of it is refused everywhere).
// `app` is the AppController (createInvitation, revokeInvitation, copyToClipboard) or a double.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Components

GroveDialog {
    id: dialog
    required property QtObject app
    property string spaceName
    property string role: "participant"
    property int days: 7
    property string code
    property string invitationId
    property bool revoked: false
    property double expiresMs: 0
    property string error
    property bool copied: false
    property bool createOnOpen: false  // for the screenshot tour

    title: qsTr("Invite someone to %1").arg(spaceName)
    subtitle: qsTr("A code works once, for one person. Send it over a channel you trust.")
    width: Math.min(520, (parent ? parent.width : 520) - 2 * Theme.spaceXl)

    onOpened: {
        code = ""
        invitationId = ""
        revoked = false
        error = ""
        copied = false
        role = "participant"
        days = 7
        if (createOnOpen) {
            createOnOpen = false
            create()
        }
    }
    function create() {
        const result = app.createInvitation(role, days)
        error = result.error || ""
        code = result.code || ""
        invitationId = result.invitationId || ""
        expiresMs = result.expiresMs || 0
        copied = false
        revoked = false
    }
    function revoke() {
        error = app.revokeInvitation(invitationId)
        revoked = error === ""
    }

    contentItem: ColumnLayout {
        spacing: Theme.spaceS

        FieldLabel { Layout.fillWidth: true; text: qsTr("They join as") }
        RowLayout {
            spacing: Theme.spaceS
            enabled: dialog.code === ""
            Repeater {
                model: [{role: "participant", title: qsTr("Participant"), note: qsTr("reads and writes")},
                        {role: "guest", title: qsTr("Guest"), note: qsTr("reads only")},
                        {role: "manager", title: qsTr("Manager"), note: qsTr("also invites and manages")}]
                GroveButton {
                    required property var modelData
                    objectName: "role_" + modelData.role
                    text: modelData.title
                    tip: modelData.note
                    variant: dialog.role === modelData.role ? "primary" : "secondary"
                    implicitHeight: 32
                    onTriggered: dialog.role = modelData.role
                }
            }
        }
        FieldLabel { Layout.fillWidth: true; Layout.topMargin: Theme.spaceS; text: qsTr("The code is valid for") }
        RowLayout {
            spacing: Theme.spaceS
            enabled: dialog.code === ""
            Repeater {
                model: [1, 7, 30]
                GroveButton {
                    required property int modelData
                    text: Format.count(modelData, qsTr("%1 day"), qsTr("%1 days"))
                    variant: dialog.days === modelData ? "primary" : "secondary"
                    implicitHeight: 32
                    onTriggered: dialog.days = modelData
                }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spaceM
            visible: dialog.code !== ""
            implicitHeight: codeColumn.implicitHeight + 2 * Theme.spaceM
            radius: Theme.radiusM
            color: Theme.surface
            border.width: 1
            border.color: Theme.border
            ColumnLayout {
                id: codeColumn
                anchors.fill: parent
                anchors.margins: Theme.spaceM
                spacing: Theme.spaceS
                TextEdit {
                    objectName: "invitationCode"
                    Layout.fillWidth: true
                    text: dialog.code
                    font.strikeout: dialog.revoked
                    readOnly: true
                    selectByMouse: true
                    wrapMode: TextEdit.WrapAnywhere
                    color: Theme.text
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontSmall
                    selectionColor: Theme.accent
                    selectedTextColor: Theme.accentText
                    Accessible.name: qsTr("Invitation code")
                }
                Text {
                    Layout.fillWidth: true
                    text: dialog.revoked
                          ? qsTr("Revoked: this code no longer works, on any device.")
                          : qsTr("Valid until %1. They paste it under “Join with a code”; this device (or a relay) must be online when they do.")
                          .arg(Format.full(dialog.expiresMs))
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
            }
        }
        InlineMessage { Layout.fillWidth: true; Layout.topMargin: Theme.spaceS; text: dialog.error }
    }

    footer: RowLayout {
        spacing: Theme.spaceS
        GroveButton {
            objectName: "revokeInvitationButton"
            Layout.bottomMargin: Theme.spaceXl
            Layout.leftMargin: Theme.spaceXl
            visible: dialog.code !== "" && dialog.invitationId !== "" && !dialog.revoked
            variant: "flat"
            text: qsTr("Revoke code")
            tip: qsTr("Make this code unusable, for example if it went to the wrong person")
            onTriggered: dialog.revoke()
        }
        Item { Layout.fillWidth: true }
        GroveButton {
            Layout.bottomMargin: Theme.spaceXl
            text: dialog.code === "" ? qsTr("Cancel") : qsTr("Done")
            onTriggered: dialog.close()
        }
        GroveButton {
            objectName: "createInvitationButton"
            Layout.bottomMargin: Theme.spaceXl
            Layout.rightMargin: Theme.spaceXl
            variant: "primary"
            visible: dialog.code === ""
            text: qsTr("Create code")
            onTriggered: dialog.create()
        }
        GroveButton {
            Layout.bottomMargin: Theme.spaceXl
            Layout.rightMargin: Theme.spaceXl
            variant: "primary"
            visible: dialog.code !== "" && !dialog.revoked
            iconName: dialog.copied ? "check" : "copy"
            text: dialog.copied ? qsTr("Copied") : qsTr("Copy code")
            onTriggered: {
                dialog.app.copyToClipboard(dialog.code)
                dialog.copied = true
            }
        }
    }
}
