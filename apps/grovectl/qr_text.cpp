#include "qr_text.h"

#include <qrencode.h>

#include <memory>

namespace grove::apps::grovectl {

Result<std::string> qr_text(const std::string& text) {
    std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
        QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!qr) return make_error(ErrorCode::InvalidArgument, "the link does not fit in a QR code");
    const int quiet = 2;
    const int size = qr->width + 2 * quiet;
    auto dark = [&](int x, int y) {
        x -= quiet;
        y -= quiet;
        if (x < 0 || y < 0 || x >= qr->width || y >= qr->width) return false;
        return (qr->data[y * qr->width + x] & 1) != 0;
    };
    // Light modules print as full blocks, dark ones as spaces: a dark terminal shows dark
    // modules on a light field, as scanners expect.
    std::string out;
    for (int y = 0; y < size; y += 2) {
        for (int x = 0; x < size; ++x) {
            const bool top = !dark(x, y), bottom = y + 1 < size && !dark(x, y + 1);
            out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
        }
        out += '\n';
    }
    return out;
}

}  // namespace grove::apps::grovectl
