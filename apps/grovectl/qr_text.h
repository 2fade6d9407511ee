// A QR code as terminal text (libqrencode): two modules per character cell with half blocks, so
// a phone can scan a grove: link straight off the screen.
#pragma once

#include <grove/sdk/result.h>

#include <string>

namespace grove::apps::grovectl {

// Dark modules on a light quiet zone of 2 modules; InvalidArgument when the text does not fit.
Result<std::string> qr_text(const std::string& text);

}  // namespace grove::apps::grovectl
