// GroveButton: Grove's push button — primary, secondary, danger or flat — with an optional icon,
// a busy state, and `unavailableReason`: set, the button stays focusable but inert and says why
// (in its tooltip) instead of silently greying out. Use onTriggered, not onClicked.
import QtQuick
import QtQuick.Controls

Button {
    id: control

    property string variant: "secondary"  // primary | secondary | danger | flat
    property string iconName
    property string unavailableReason
    property bool busy: false
    property string tip
    readonly property bool available: unavailableReason === "" && !busy && enabled
    // What the tooltip says: why the button is unavailable, else its tip.
    readonly property string toolTipText: unavailableReason !== "" ? unavailableReason : tip
    readonly property bool toolTipShown: (hovered || (visualFocus && unavailableReason !== ""))
                                         && toolTipText !== ""
    signal triggered()

    onClicked: if (available) triggered()
    Keys.onReturnPressed: if (available) triggered()
    Keys.onEnterPressed: if (available) triggered()

    focusPolicy: Qt.StrongFocus
    hoverEnabled: true
    implicitHeight: Theme.controlHeight
    implicitWidth: Math.max(implicitContentWidth + leftPadding + rightPadding,
                            text === "" ? implicitHeight : 80)
    leftPadding: text === "" ? 0 : (iconName !== "" ? Theme.spaceM : Theme.spaceL)
    rightPadding: text === "" ? 0 : Theme.spaceL
    topPadding: 0
    bottomPadding: 0
    font.pixelSize: Theme.fontBody
    font.weight: variant === "primary" ? Font.DemiBold : Font.Medium

    Accessible.description: toolTipText
    ToolTip.visible: toolTipShown
    ToolTip.text: toolTipText
    ToolTip.delay: 350

    readonly property color foreground: {
        switch (variant) {
        case "primary": return Theme.accentText
        case "danger": return Theme.dark ? "#1d0f0e" : "#ffffff"
        case "flat": return Theme.text
        }
        return Theme.text
    }
    readonly property color fill: {
        const on = available && (hovered || down)
        switch (variant) {
        case "primary": return on ? Theme.accentHover : Theme.accent
        case "danger": return on ? Qt.darker(Theme.danger, 1.1) : Theme.danger
        case "flat": return on ? Theme.hover : "transparent"
        }
        return on ? Theme.hover : Theme.raised
    }

    // The label elides when the button is given less than it asks for.
    readonly property real iconSpace: busy || iconName !== "" ? 18 + (text !== "" ? Theme.spaceS : 0) : 0
    contentItem: Item {
        implicitWidth: control.iconSpace + (control.text !== "" ? label.implicitWidth : 0)
        implicitHeight: Math.max(18, label.implicitHeight)
        opacity: control.unavailableReason !== "" || !control.enabled ? 0.5 : 1
        Row {
            id: row
            anchors.centerIn: parent
            spacing: Theme.spaceS
            Spinner {
                visible: control.busy
                size: 16
                color: control.foreground
                anchors.verticalCenter: parent.verticalCenter
            }
            Icon {
                visible: control.iconName !== "" && !control.busy
                name: control.iconName
                size: 18
                color: control.foreground
                anchors.verticalCenter: parent.verticalCenter
            }
            Text {
                id: label
                visible: control.text !== ""
                width: Math.min(implicitWidth, Math.max(0, control.availableWidth - control.iconSpace))
                text: control.text
                font: control.font
                color: control.foreground
                elide: Text.ElideRight
                anchors.verticalCenter: parent.verticalCenter
            }
        }
    }

    background: Rectangle {
        radius: Theme.radiusM
        color: control.fill
        opacity: control.unavailableReason !== "" || !control.enabled ? 0.55 : 1
        border.width: control.variant === "secondary" ? 1 : 0
        border.color: Theme.borderStrong
        Behavior on color { ColorAnimation { duration: Theme.animationFast } }
        FocusRing { target: control; radius_: Theme.radiusM }
    }
}
