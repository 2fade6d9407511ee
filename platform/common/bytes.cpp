#include "common/bytes.h"

#include <grove/sdk/types.h>

namespace grove::platform {

std::string to_hex(ByteView bytes) {
    return sdk::to_hex(bytes);
}

std::optional<Bytes> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    Bytes out(hex.size() / 2);
    if (!sdk::from_hex(hex, std::span<std::uint8_t>(out))) return std::nullopt;
    return out;
}

}  // namespace grove::platform
