// GroveTextArea: multi-line input in Grove's style (the text field's outline, error state and
// focus ring). Tab moves focus instead of typing a tab; put it in a ScrollView for long text.
import QtQuick
import QtQuick.Controls

TextArea {
    id: area
    property bool error: false

    leftPadding: Theme.spaceM
    rightPadding: Theme.spaceM
    topPadding: Theme.spaceS + 2
    bottomPadding: Theme.spaceS + 2
    font.pixelSize: Theme.fontBody
    color: Theme.text
    placeholderTextColor: Theme.textFaint
    selectionColor: Theme.accent
    selectedTextColor: Theme.accentText
    selectByMouse: true
    wrapMode: TextEdit.Wrap
    activeFocusOnTab: true
    Keys.onTabPressed: event => moveFocus(event, true)
    Keys.onBacktabPressed: event => moveFocus(event, false)

    function moveFocus(event, forward) {
        const next = nextItemInFocusChain(forward)
        if (next && next !== area) {
            next.forceActiveFocus(forward ? Qt.TabFocusReason : Qt.BacktabFocusReason)
            event.accepted = true
        }
    }
    Accessible.description: placeholderText

    background: Rectangle {
        implicitHeight: Theme.controlHeight * 2
        radius: Theme.radiusM
        color: area.enabled ? Theme.background : Theme.surface
        border.width: area.activeFocus || area.error ? 2 : 1
        border.color: area.error ? Theme.danger : area.activeFocus ? Theme.focus
                    : area.hovered ? Theme.textFaint : Theme.borderStrong
    }
}
