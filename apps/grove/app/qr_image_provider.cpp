#include "qr_image_provider.h"

#include <qrencode.h>

#include <QPainter>
#include <QUrl>
#include <memory>

namespace grove::app {

QImage QrImageProvider::requestImage(const QString& id, QSize* size, const QSize& requestedSize) {
    const QByteArray text = QUrl::fromPercentEncoding(id.toUtf8()).toUtf8();
    std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
        QRcode_encodeString(text.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!qr) {
        if (size) *size = QSize();
        return {};
    }
    constexpr int kQuiet = 4;  // modules of white around the code
    const int modules = qr->width + 2 * kQuiet;
    const int wanted = requestedSize.isValid() ? std::min(requestedSize.width(), requestedSize.height())
                                               : modules * 6;
    const int scale = std::max(1, wanted / modules);
    QImage image(modules * scale, modules * scale, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    for (int y = 0; y < qr->width; ++y)
        for (int x = 0; x < qr->width; ++x)
            if (qr->data[y * qr->width + x] & 1)
                painter.fillRect((x + kQuiet) * scale, (y + kQuiet) * scale, scale, scale, Qt::black);
    painter.end();
    if (size) *size = image.size();
    return image;
}

}  // namespace grove::app
