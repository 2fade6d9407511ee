// InstanceAddress: names one tool instance on this peer — the space it lives in and its 16-byte
// instance id (the `target` of its DELTA_KIND_TOOL deltas). Ordered, so it can key maps.
#pragma once

#include <grove/sdk/types.h>

#include <compare>
#include <string>

namespace grove::platform {

struct InstanceAddress {
    sdk::SpaceId space{};
    sdk::InstanceId instance{};

    friend auto operator<=>(const InstanceAddress&, const InstanceAddress&) = default;
    friend bool operator==(const InstanceAddress&, const InstanceAddress&) = default;

    // "<space hex>/<instance hex>", for logs and error texts.
    std::string to_string() const { return sdk::to_hex(space) + "/" + sdk::to_hex(instance); }
};

}  // namespace grove::platform
