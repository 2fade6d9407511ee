#include "blob/peer_epoch_keys.h"

#include "core/peer_impl.h"

namespace grove::platform::blob {

std::uint32_t PeerEpochKeys::current_epoch() const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    auto it = impl.spaces.find(space_);
    return it == impl.spaces.end() ? 0 : it->second->current_epoch();
}

std::optional<crypto::SymmetricKey> PeerEpochKeys::epoch_key(std::uint32_t epoch) const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    if (!impl.account) return std::nullopt;
    auto it = impl.spaces.find(space_);
    if (it == impl.spaces.end()) return std::nullopt;
    const crypto::SymmetricKey* key = it->second->epoch_key(epoch);
    if (!key) return std::nullopt;
    return *key;
}

}  // namespace grove::platform::blob
