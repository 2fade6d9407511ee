// Spinner: a small turning arc for work in progress inside buttons and rows.
import QtQuick

Icon {
    id: spinner
    property bool running: visible
    name: "sync"
    RotationAnimator on rotation {
        from: 0
        to: 360
        duration: 1000
        loops: Animation.Infinite
        running: spinner.running
    }
}
