// CallKeys: the key that seals a space's call frames in one epoch, derived from the space's epoch
// key — members holding the epoch key derive it, a removed member (no newer epoch key) cannot.
#pragma once

#include <grove/sdk/result.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "blob/epoch_key_source.h"
#include "core/delta_envelope.h"
#include "crypto/keys.h"

namespace grove::platform::calls {

// Keyed BLAKE2b of the epoch key over "grove.call.v1" || space id || u32le(epoch).
crypto::SymmetricKey derive_call_key(const crypto::SymmetricKey& epoch_key, const SpaceId& space,
                                     std::uint32_t epoch);

// The call keys of one space, cached per epoch; asks the source every time whether the epoch
// key is still held (none once the account locks). Thread-safe.
class CallKeys {
public:
    CallKeys(std::shared_ptr<const blob::EpochKeySource> source, SpaceId space);
    std::uint32_t current_epoch() const { return source_->current_epoch(); }
    // FailedPrecondition when this device does not hold the epoch's key.
    Result<std::shared_ptr<const crypto::SymmetricKey>> for_epoch(std::uint32_t epoch) const;
    const SpaceId& space() const { return space_; }

private:
    std::shared_ptr<const blob::EpochKeySource> source_;
    SpaceId space_;
    mutable std::mutex mutex_;
    mutable std::map<std::uint32_t, std::shared_ptr<const crypto::SymmetricKey>> cache_;
};

}  // namespace grove::platform::calls
