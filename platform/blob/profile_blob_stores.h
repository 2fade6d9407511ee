// ProfileBlobStores: the blob layer of one profile — a SpaceBlobStore per space under
// <profile>/blobs/<space id>, opened on first use with the space's keys from the Peer, collected
// and trimmed to its cache limit as it opens.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "blob/chunk_exchange.h"
#include "blob/space_blob_store.h"
#include "core/blob_store_provider.h"
#include "core/peer.h"

namespace grove::platform::blob {

class ProfileBlobStores final : public BlobStoreProvider {
public:
    ProfileBlobStores(Peer& peer, SpaceBlobStore::Options defaults,
                      ChunkExchangeOptions exchange = {});

    // Installs a ProfileBlobStores (owned by the peer) as the peer's blob store provider, so its
    // tools store content on disk, encrypted. Call before tools run.
    static void attach(Peer& peer, SpaceBlobStore::Options defaults = {},
                       ChunkExchangeOptions exchange = {});
    // The provider attach() installed on `peer` (null when none).
    static ProfileBlobStores* of(Peer& peer);

    sdk::BlobStore* for_space(const SpaceId& space) override;
    // The space's store when it opened (for transfers and policy), else the error.
    Result<SpaceBlobStore*> store(const SpaceId& space);
    // Chunks cross this peer's links through it: each link gets a channel, and a read of a
    // space's store fetches the chunks it lacks from the space's other member devices.
    std::unique_ptr<LinkChannel> open_link_channel(const crypto::SignPublicKey& remote,
                                                   bool remote_is_relay) override;
    ChunkExchange& exchange() { return *exchange_; }

private:
    Peer& peer_;
    SpaceBlobStore::Options defaults_;
    std::mutex mutex_;
    std::map<SpaceId, std::unique_ptr<SpaceBlobStore>> stores_;
    std::map<SpaceId, std::unique_ptr<sdk::BlobStore>> unavailable_;
    // Shared with the links' channels; it calls back into this provider, so a peer's links stop
    // before the peer (and this provider with it) is closed.
    std::shared_ptr<ChunkExchange> exchange_;
};

}  // namespace grove::platform::blob
