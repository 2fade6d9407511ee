// The core's part of LAN discovery: per-space discovery keys derived from the epoch keys this
// device holds. See docs/protocol-sync.md#lan-discovery and docs/security.md.
#include "core/peer_impl.h"
#include "core/replicator.h"
#include "crypto/primitives.h"

namespace grove::platform {

crypto::SymmetricKey derive_discovery_key(const crypto::SymmetricKey& epoch_key,
                                          const SpaceId& space, std::uint32_t epoch) {
    Bytes input = to_bytes("grove.lan.v1");
    append(input, space);
    append_u32le(input, epoch);
    auto digest = crypto::keyed_hash(epoch_key, input);
    return crypto::symmetric_key_from(digest);
}

std::vector<DiscoveryKey> Replicator::discovery_keys() const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    std::vector<DiscoveryKey> out;
    if (!impl.account) return out;
    const auto& me = impl.account->identity.device_sign.public_key;
    for (const auto& [id, space] : impl.spaces) {
        if (!space->admin().has_genesis() || !space->membership().by_device(me)) continue;
        const auto current = space->current_epoch();
        for (const auto& [epoch, key] : space->epoch_keys())
            out.push_back(DiscoveryKey{id, epoch == current, derive_discovery_key(key, id, epoch)});
    }
    return out;
}

}  // namespace grove::platform
