// StrengthMeter: four bars and a word for how guessable a passphrase is, plus one line of advice.
import QtQuick
import Grove.Kit
import QtQuick.Layouts

ColumnLayout {
    id: meter
    property string passphrase
    readonly property int score: Passphrase.score(passphrase)
    readonly property color tone: score <= 2 ? Theme.danger : score === 3 ? Theme.warning : Theme.accent
    spacing: Theme.spaceXs

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spaceXs
        Repeater {
            model: 4
            Rectangle {
                required property int index
                Layout.fillWidth: true
                implicitHeight: 4
                radius: 2
                color: meter.score >= index + 2 ? meter.tone : Theme.border
                Behavior on color { ColorAnimation { duration: Theme.animationNormal } }
            }
        }
        Text {
            Layout.leftMargin: Theme.spaceS
            Layout.preferredWidth: 78
            horizontalAlignment: Text.AlignRight
            text: Passphrase.label(meter.score)
            color: meter.tone
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
        }
    }
    Text {
        Layout.fillWidth: true
        text: Passphrase.hint(meter.score)
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
    }
}
