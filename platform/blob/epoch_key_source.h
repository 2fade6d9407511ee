// EpochKeySource: the narrow view of one space's keys the blob layer needs — which epoch new
// chunks are sealed under, and the key of any epoch this device holds.
#pragma once

#include <cstdint>
#include <optional>

#include "crypto/keys.h"

namespace grove::platform::blob {

// Implemented over the core's Space (under its lock) by whoever composes the blob layer; tests
// implement it directly. Calls may come from any thread.
class EpochKeySource {
public:
    virtual ~EpochKeySource() = default;
    // The epoch new content is sealed under.
    virtual std::uint32_t current_epoch() const = 0;
    // The epoch's content key, or nullopt when this device does not hold it.
    virtual std::optional<crypto::SymmetricKey> epoch_key(std::uint32_t epoch) const = 0;
};

}  // namespace grove::platform::blob
