// GroveComboBox: a drop-down choice in Grove's style — the field's outline and focus ring, a
// chevron, and a popup list in the theme's raised colours (the default style's grey box and
// system-coloured list look foreign in either theme).
import QtQuick
import QtQuick.Controls

ComboBox {
    id: box

    implicitHeight: Theme.controlHeight + 4
    leftPadding: Theme.spaceM
    rightPadding: Theme.spaceM + 20
    font.pixelSize: Theme.fontBody
    Accessible.name: displayText

    contentItem: Text {
        text: box.displayText
        font: box.font
        color: box.enabled ? Theme.text : Theme.textFaint
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    indicator: Icon {
        x: box.width - width - Theme.spaceM
        anchors.verticalCenter: box.verticalCenter
        name: "chevron-down"
        size: 16
        color: box.enabled ? Theme.textMuted : Theme.textFaint
    }
    background: Rectangle {
        radius: Theme.radiusM
        color: box.enabled ? Theme.background : Theme.surface
        border.width: box.visualFocus || box.popup.visible ? 2 : 1
        border.color: box.visualFocus || box.popup.visible ? Theme.focus
                    : box.hovered ? Theme.textFaint : Theme.borderStrong
    }
    delegate: ItemDelegate {
        id: choice
        required property int index
        required property var modelData
        width: ListView.view ? ListView.view.width : box.width
        height: Theme.controlHeight
        highlighted: box.highlightedIndex === index
        contentItem: Text {
            text: box.textRole !== "" && choice.modelData !== undefined && typeof choice.modelData === "object"
                  ? choice.modelData[box.textRole] : choice.modelData
            font.pixelSize: Theme.fontBody
            font.weight: box.currentIndex === choice.index ? Font.DemiBold : Font.Normal
            color: Theme.text
            verticalAlignment: Text.AlignVCenter
            elide: Text.ElideRight
        }
        background: Rectangle {
            radius: Theme.radiusS
            color: choice.highlighted || choice.hovered ? Theme.hover : "transparent"
        }
    }
    popup: Popup {
        y: box.height + 2
        width: box.width
        implicitHeight: Math.min(contentItem.implicitHeight + 2 * padding, 320)
        padding: Theme.spaceXs
        contentItem: ListView {
            clip: true
            implicitHeight: contentHeight
            model: box.popup.visible ? box.delegateModel : null
            currentIndex: box.highlightedIndex
            ScrollIndicator.vertical: ScrollIndicator {}
        }
        background: Rectangle {
            radius: Theme.radiusM
            color: Theme.raised
            border.color: Theme.border
        }
    }
}
