// StartupPage: shown while the profile opens (or the demo is prepared), and instead of
// everything else when the profile cannot be opened — with the reason in plain words.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Grove.Kit

Rectangle {
    id: page
    property bool failed: false
    property string error
    property bool demo: false
    signal quitRequested()

    color: Theme.background

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(520, parent.width - 2 * Theme.spaceXxl)
        spacing: Theme.spaceM

        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            implicitWidth: 64
            implicitHeight: 64
            radius: 32
            color: page.failed ? Theme.dangerSoft : Theme.accentSoft
            Icon {
                anchors.centerIn: parent
                visible: page.failed
                name: "alert"
                size: 30
                color: Theme.danger
            }
            Spinner {
                anchors.centerIn: parent
                visible: !page.failed
                size: 28
                color: Theme.accent
            }
        }
        Text {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: page.failed ? qsTr("Grove can't start")
                 : page.demo ? qsTr("Preparing the demo…") : qsTr("Opening your profile…")
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
        }
        Text {
            Layout.fillWidth: true
            visible: page.failed
            horizontalAlignment: Text.AlignHCenter
            text: page.error
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
        }
        Text {
            Layout.fillWidth: true
            visible: !page.failed && page.demo
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Creating a temporary account and a few spaces. Nothing is kept when you quit.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
            wrapMode: Text.WordWrap
        }
        GroveButton {
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: Theme.spaceM
            visible: page.failed
            text: qsTr("Quit")
            onTriggered: page.quitRequested()
        }
    }
}
