// Link channels: protocols carried on peer links beside replication — today the blob layer's
// chunk exchange, reached through the peer's BlobStoreProvider.
#include "core/peer_impl.h"
#include "core/replicator.h"

namespace grove::platform {

std::unique_ptr<LinkChannel> Replicator::open_link_channel(const crypto::SignPublicKey& remote,
                                                           bool remote_is_relay) const {
    BlobStoreProvider* provider = peer_.impl().blob_stores.get();
    if (!provider) return nullptr;
    return provider->open_link_channel(remote, remote_is_relay);
}

void Replicator::wake_links() const {
    peer_.impl().ephemeral.wake_links();
}

}  // namespace grove::platform
