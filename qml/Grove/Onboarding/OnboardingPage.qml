// OnboardingPage: the screen before the spaces — create an account on first run (or link this
// device to an account used on another one), or unlock an existing one — with the brand panel
// beside the form.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

Rectangle {
    id: page
    required property QtObject account
    property string profileDir
    property string demoPassphrase
    property QtObject pairing           // DeviceController (or a double): linking a device; null hides it
    property bool pairRequested: false  // the user chose to link this device instead
    // "create" (state 0: AccountController.NoAccount), "pair" (the same, linking) or "unlock"
    readonly property string mode: account && account.state === 0
                                   ? (pairRequested && pairing ? "pair" : "create") : "unlock"
    readonly property Item form: loader.item

    color: Theme.background

    function focusForm() { if (loader.item) loader.item.focusFirst() }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        BrandPanel {
            Layout.fillHeight: true
            Layout.preferredWidth: Math.max(340, page.width * 0.42)
            visible: page.width >= 860
        }
        Flickable {
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentHeight: Math.max(height, holder.implicitHeight + 2 * Theme.spaceXxl)
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            Item {
                id: holder
                width: parent.width
                height: Math.max(parent.height, implicitHeight)
                implicitHeight: column.implicitHeight + 2 * Theme.spaceXxl
                ColumnLayout {
                    id: column
                    anchors.centerIn: parent
                    width: Math.min(400, parent.width - 2 * Theme.spaceXxl)
                    spacing: Theme.spaceS
                    Loader {
                        id: loader
                        Layout.fillWidth: true
                        sourceComponent: page.mode === "create" ? createComponent
                                       : page.mode === "pair" ? pairComponent : unlockComponent
                        onLoaded: Qt.callLater(page.focusForm)
                    }
                    GroveButton {
                        objectName: "linkDeviceInstead"
                        Layout.fillWidth: true
                        visible: page.mode === "create" && page.pairing !== null && !page.account.busy
                        variant: "flat"
                        text: qsTr("Already use Grove on another device? Link this one")
                        onTriggered: page.pairRequested = true
                    }
                }
            }
        }
    }

    Component {
        id: createComponent
        CreateAccountForm { account: page.account }
    }
    Component {
        id: pairComponent
        PairDeviceForm {
            pairing: page.pairing
            account: page.account
            onCancelRequested: page.pairRequested = false
        }
    }
    Component {
        id: unlockComponent
        UnlockForm {
            account: page.account
            profileDir: page.profileDir
            demoPassphrase: page.demoPassphrase
        }
    }
}
