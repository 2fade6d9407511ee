#include "blob/peer_epoch_keys.h"

#include "core/space_journal.h"

namespace grove::platform::blob {

std::uint32_t PeerEpochKeys::current_epoch() const {
    std::uint32_t epoch = 0;
    (void)peer_.journal().read(space_, [&](const Space& space) { epoch = space.current_epoch(); });
    return epoch;
}

std::optional<crypto::SymmetricKey> PeerEpochKeys::epoch_key(std::uint32_t epoch) const {
    std::optional<crypto::SymmetricKey> out;
    (void)peer_.journal().read(space_, [&](const Space& space) {
        if (const crypto::SymmetricKey* key = space.epoch_key(epoch)) out = *key;
    });
    return out;
}

}  // namespace grove::platform::blob
