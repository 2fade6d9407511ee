// OnboardingPage: the screen before the spaces — create an account on first run, or unlock an
// existing one — with the brand panel beside the form.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Components

Rectangle {
    id: page
    required property QtObject account
    property string profileDir
    property string demoPassphrase
    // "create" (state 0: AccountController.NoAccount) or "unlock"
    readonly property string mode: account && account.state === 0 ? "create" : "unlock"
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
                implicitHeight: loader.implicitHeight + 2 * Theme.spaceXxl
                Loader {
                    id: loader
                    anchors.centerIn: parent
                    width: Math.min(400, parent.width - 2 * Theme.spaceXxl)
                    sourceComponent: page.mode === "create" ? createComponent : unlockComponent
                    onLoaded: Qt.callLater(page.focusForm)
                }
            }
        }
    }

    Component {
        id: createComponent
        CreateAccountForm { account: page.account }
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
