// QrImageProvider: "image://qr/<percent-encoded text>" in QML is the text as a QR code
// (libqrencode), dark modules on white with a quiet zone, as phone cameras expect in any theme.
#pragma once

#include <QQuickImageProvider>

namespace grove::app {

class QrImageProvider : public QQuickImageProvider {
public:
    QrImageProvider() : QQuickImageProvider(QQuickImageProvider::Image) {}
    // An empty image when the text does not fit in a QR code.
    QImage requestImage(const QString& id, QSize* size, const QSize& requestedSize) override;
};

}  // namespace grove::app
