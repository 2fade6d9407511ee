// InviteDialog: creates a one-time invitation for the space in view — the invitee's role and how
// long it stays valid — and shows it as a short code to read out, a link (and its QR code) to
// send, and the full code, ready to copy and send to one person.
// Below, every code of the space (role, validity, who made it, who used it) with Revoke for the
// pending ones: a later use of a revoked code is refused everywhere. `space` is the
// SpaceController (createInvitation, revokeInvitation, actionFinished) or a double, `app` gives the
// clipboard; `invitations` the space's InvitationListModel (or a ListModel double).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

GroveDialog {
    id: dialog
    required property QtObject app    // AppController: copyToClipboard
    required property QtObject space  // SpaceController
    property string spaceName
    property string role: "participant"
    property int days: 7
    property string code
    property string shortCode  // "" when the invitation has none (then only `code` works)
    property string link
    property bool showFullCode: false
    property string invitationId
    property bool revoked: false
    property double expiresMs: 0
    property string error
    property bool copied: false
    property bool createOnOpen: false  // for the screenshot tour
    property var invitations: null     // the space's codes; null hides the list

    title: qsTr("Invite someone to %1").arg(spaceName)
    subtitle: qsTr("A code works once, for one person. Send it over a channel you trust.")
    width: Math.min(520, (parent ? parent.width : 520) - 2 * Theme.spaceXl)

    onOpened: {
        code = ""
        shortCode = ""
        link = ""
        showFullCode = false
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
    // Both end with the space's actionFinished ("invite", "revokeInvitation").
    property bool creating: false
    property string revoking
    function create() {
        error = ""
        creating = true
        space.createInvitation(role, days)
    }
    function revoke() { revokeCode(invitationId) }
    function revokeCode(id) {
        error = ""
        revoking = id
        space.revokeInvitation(id)
    }
    Connections {
        target: dialog.space
        function onActionFinished(action, ok, message) {
            if (action === "invite" && dialog.creating) {
                dialog.creating = false
                dialog.error = ok ? "" : message
                dialog.code = ok ? dialog.space.invitationCode : ""
                dialog.shortCode = ok ? dialog.space.invitationShortCode : ""
                dialog.link = ok ? dialog.space.invitationLink : ""
                dialog.showFullCode = false
                dialog.invitationId = ok ? dialog.space.invitationId : ""
                dialog.expiresMs = ok ? dialog.space.invitationExpiresMs : 0
                dialog.copied = false
                dialog.revoked = false
            } else if (action === "revokeInvitation" && dialog.revoking !== "") {
                dialog.error = ok ? "" : message
                if (ok && dialog.revoking === dialog.invitationId)
                    dialog.revoked = true
                dialog.revoking = ""
            }
        }
    }
    function describe(status, role, expiresMs, createdBy, usedBy) {
        let what
        switch (status) {
        case "pending": what = qsTr("valid until %1").arg(Format.full(expiresMs)); break
        case "used":  // names: a list (the model) or already a string
            what = qsTr("used by %1").arg(typeof usedBy === "string" ? usedBy : Array.from(usedBy).join(", "))
            break
        case "revoked": what = qsTr("revoked"); break
        case "expired": what = qsTr("expired %1").arg(Format.full(expiresMs)); break
        default: what = status
        }
        return Format.role(role) + " · " + what + " · " + qsTr("made by %1").arg(createdBy)
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
                RowLayout {
                    Layout.fillWidth: true
                    visible: dialog.shortCode !== ""
                    spacing: Theme.spaceM
                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignTop
                        spacing: Theme.spaceXs
                        FieldLabel { Layout.fillWidth: true; text: qsTr("Short code") }
                        TextEdit {
                            objectName: "invitationShortCode"
                            Layout.fillWidth: true
                            text: dialog.shortCode
                            font.strikeout: dialog.revoked
                            readOnly: true
                            selectByMouse: true
                            color: Theme.text
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.fontTitle
                            font.letterSpacing: 1
                            selectionColor: Theme.accent
                            selectedTextColor: Theme.accentText
                            Accessible.name: qsTr("Short invitation code")
                        }
                        FieldLabel { Layout.fillWidth: true; Layout.topMargin: Theme.spaceS; text: qsTr("Link") }
                        TextEdit {
                            objectName: "invitationLink"
                            Layout.fillWidth: true
                            text: dialog.link
                            font.strikeout: dialog.revoked
                            readOnly: true
                            selectByMouse: true
                            wrapMode: TextEdit.WrapAnywhere
                            color: Theme.text
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.fontSmall
                            selectionColor: Theme.accent
                            selectedTextColor: Theme.accentText
                            Accessible.name: qsTr("Invitation link")
                        }
                    }
                    Image {
                        objectName: "invitationQr"
                        Layout.alignment: Qt.AlignTop
                        Layout.preferredWidth: 132
                        Layout.preferredHeight: 132
                        visible: !dialog.revoked && dialog.link !== ""
                        source: dialog.link !== "" ? "image://qr/" + encodeURIComponent(dialog.link) : ""
                        sourceSize: Qt.size(264, 264)
                        fillMode: Image.PreserveAspectFit
                        smooth: false
                        Accessible.role: Accessible.Graphic
                        Accessible.name: qsTr("QR code of the invitation link")
                    }
                }
                GroveButton {
                    objectName: "showFullCodeButton"
                    visible: dialog.shortCode !== ""
                    variant: "flat"
                    implicitHeight: 28
                    text: dialog.showFullCode ? qsTr("Hide the full code") : qsTr("Show the full code")
                    tip: qsTr("The long code works without looking anything up")
                    onTriggered: {
                        dialog.showFullCode = !dialog.showFullCode
                        dialog.copied = false  // Copy now takes the other text
                    }
                }
                TextEdit {
                    objectName: "invitationCode"
                    visible: dialog.shortCode === "" || dialog.showFullCode
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
                          : dialog.shortCode !== ""
                            ? qsTr("Valid until %1, for one person. They type the short code or open the link under “Join with a code”; this device or one of its relays looks it up.")
                              .arg(Format.full(dialog.expiresMs))
                            : qsTr("Valid until %1. They paste it under “Join with a code”; this device (or a relay) must be online when they do.")
                              .arg(Format.full(dialog.expiresMs))
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                }
            }
        }
        InlineMessage { Layout.fillWidth: true; Layout.topMargin: Theme.spaceS; text: dialog.error }

        FieldLabel {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spaceM
            visible: dialog.invitations !== null
            text: dialog.invitations && dialog.invitations.pendingCount > 0
                  ? qsTr("Codes for this space · %1 still usable").arg(dialog.invitations.pendingCount)
                  : qsTr("Codes for this space")
        }
        Text {
            objectName: "invitationListNote"
            Layout.fillWidth: true
            visible: dialog.invitations !== null && (dialog.invitations.count === 0 || dialog.invitations.error !== "")
            text: dialog.invitations && dialog.invitations.error !== "" ? dialog.invitations.error
                                                                       : qsTr("No codes made yet.")
            color: dialog.invitations && dialog.invitations.error !== "" ? Theme.danger : Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
        }
        ListView {
            id: codeList
            objectName: "invitationList"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, 168)
            visible: dialog.invitations !== null && count > 0
            clip: true
            model: dialog.invitations
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Codes for this space")
            delegate: RowLayout {
                id: codeRow
                required property string invitationId
                required property string invitationRole
                required property double expiresMs
                required property string createdBy
                required property var usedBy
                required property string status
                objectName: "invitation_" + invitationId
                width: ListView.view.width
                spacing: Theme.spaceS
                Rectangle {
                    implicitWidth: 8; implicitHeight: 8; radius: 4
                    color: codeRow.status === "pending" ? Theme.presenceActive : Theme.presenceOffline
                }
                Text {
                    Layout.fillWidth: true
                    Layout.topMargin: 6
                    Layout.bottomMargin: 6
                    text: dialog.describe(codeRow.status, codeRow.invitationRole, codeRow.expiresMs,
                                          codeRow.createdBy, codeRow.usedBy)
                          + (codeRow.invitationId === dialog.invitationId ? " · " + qsTr("the code above") : "")
                    color: codeRow.status === "pending" ? Theme.text : Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    font.strikeout: codeRow.status === "revoked"
                    wrapMode: Text.WordWrap
                }
                GroveButton {
                    objectName: "revoke_" + codeRow.invitationId
                    visible: codeRow.status === "pending"
                    variant: "flat"
                    implicitHeight: 28
                    text: qsTr("Revoke")
                    tip: qsTr("Make this code unusable, on every device")
                    onTriggered: dialog.revokeCode(codeRow.invitationId)
                }
            }
        }
    }

    // The kit's footer puts the buttons in the platform's order: the action last, Cancel (or
    // Done) before it, Revoke apart on the other side.
    footer: DialogButtons {
        GroveButton {
            objectName: "revokeInvitationButton"
            DialogButtonBox.buttonRole: DialogButtonBox.DestructiveRole
            visible: dialog.code !== "" && dialog.invitationId !== "" && !dialog.revoked
            variant: "flat"
            text: qsTr("Revoke code")
            tip: qsTr("Make this code unusable, for example if it went to the wrong person")
            onTriggered: dialog.revoke()
        }
        GroveButton {
            objectName: "closeInviteButton"
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            text: dialog.code === "" ? qsTr("Cancel") : qsTr("Done")
            onTriggered: dialog.close()
        }
        GroveButton {
            objectName: "createInvitationButton"
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            variant: "primary"
            visible: dialog.code === ""
            text: qsTr("Create code")
            busy: dialog.creating
            onTriggered: dialog.create()
        }
        GroveButton {
            objectName: "copyInvitationButton"
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            variant: "primary"
            visible: dialog.code !== "" && !dialog.revoked
            iconName: dialog.copied ? "check" : "copy"
            text: dialog.copied ? qsTr("Copied")
                                : dialog.link !== "" && !dialog.showFullCode ? qsTr("Copy link") : qsTr("Copy code")
            onTriggered: {
                dialog.app.copyToClipboard(dialog.link !== "" && !dialog.showFullCode ? dialog.link : dialog.code)
                dialog.copied = true
            }
        }
    }
}
