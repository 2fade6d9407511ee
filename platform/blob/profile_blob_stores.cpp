#include "blob/profile_blob_stores.h"

#include "blob/peer_epoch_keys.h"
#include "core/replicator.h"

namespace grove::platform::blob {
namespace {

// Stands in for a store that could not open (disk, permissions): every call reports why, so a
// tool never mistakes it for storage.
class UnavailableBlobStore final : public sdk::BlobStore {
public:
    explicit UnavailableBlobStore(Error error) : error_(std::move(error)) {}
    Result<sdk::BlobId> put(sdk::ByteView) override { return error_; }
    bool contains(const sdk::BlobId&) const override { return false; }
    Result<sdk::Bytes> get(const sdk::BlobId&) const override { return error_; }
    void fetch(const sdk::BlobId&, std::function<void(Result<sdk::Bytes>)> done) override {
        done(error_);
    }
    Result<sdk::BlobManifest> write(const sdk::BlobSource&, std::uint64_t,
                                    const sdk::BlobProgressFn&) override {
        return error_;
    }
    Result<void> read(const sdk::BlobManifest&, const sdk::BlobSink&,
                      const sdk::BlobProgressFn&) override {
        return error_;
    }
    Result<void> retain(std::string_view, const std::vector<sdk::BlobId>&) override {
        return error_;
    }
    Result<void> release(std::string_view) override { return error_; }
    Result<void> keep_offline(std::string_view, bool) override { return error_; }

private:
    Error error_;
};

}  // namespace

ProfileBlobStores::ProfileBlobStores(Peer& peer, SpaceBlobStore::Options defaults,
                                     ChunkExchangeOptions exchange)
    : peer_(peer), defaults_(std::move(defaults)) {
    ChunkExchange::Host host;
    host.is_member = [&peer](const SpaceId& space, const crypto::SignPublicKey& device) {
        return Replicator(peer).is_active_device(space, device);
    };
    host.store = [this](const SpaceId& space) { return store(space); };
    host.wake = [&peer] { Replicator(peer).wake_links(); };
    exchange_ = ChunkExchange::create(std::move(host), exchange);
}

std::unique_ptr<LinkChannel> ProfileBlobStores::open_link_channel(
    const crypto::SignPublicKey& remote, bool remote_is_relay) {
    return exchange_->open_channel(remote, remote_is_relay);
}

ProfileBlobStores* ProfileBlobStores::of(Peer& peer) {
    return dynamic_cast<ProfileBlobStores*>(peer.blob_stores());
}

void ProfileBlobStores::attach(Peer& peer, SpaceBlobStore::Options defaults,
                               ChunkExchangeOptions exchange) {
    auto provider = std::make_unique<ProfileBlobStores>(peer, std::move(defaults), exchange);
    peer.attach_blob_stores(std::move(provider));
}

Result<SpaceBlobStore*> ProfileBlobStores::store(const SpaceId& space) {
    std::unique_lock lock(mutex_);
    auto it = stores_.find(space);
    if (it != stores_.end()) return it->second.get();
    SpaceBlobStore::Options options = defaults_;
    options.root = peer_.profile_dir() / "blobs" / to_hex(ByteView(space));
    auto opened =
        SpaceBlobStore::open(std::move(options), std::make_shared<PeerEpochKeys>(peer_, space));
    if (!opened) return opened.error();
    // Once per start: chunks whose versions were dropped while this device was away, and the
    // cache limit (a failure here costs space, never content, so it does not stop the store).
    (void)(*opened)->collect_garbage();
    (void)(*opened)->enforce_cache_limit();
    SpaceBlobStore* opened_store = opened->get();
    opened_store->set_fetcher(
        [exchange = std::weak_ptr<ChunkExchange>(exchange_), space, opened_store](
            const std::vector<sdk::BlobChunk>& chunks) -> std::shared_ptr<PendingChunks> {
            auto ex = exchange.lock();
            if (!ex) return nullptr;
            return ex->fetch(space, *opened_store, chunks);
        });
    // What this device writes goes to its relays too, so members get it while it is offline.
    opened_store->set_on_written(
        [exchange = std::weak_ptr<ChunkExchange>(exchange_), space, opened_store] {
            if (auto ex = exchange.lock()) ex->offer_to_relays(space, *opened_store);
        });
    stores_.emplace(space, std::move(*opened));
    lock.unlock();  // the exchange asks for stores under its own lock: never the other way round
    exchange_->offer_to_relays(space, *opened_store);
    return opened_store;
}

sdk::BlobStore* ProfileBlobStores::for_space(const SpaceId& space) {
    auto opened = store(space);
    if (opened) return *opened;
    std::lock_guard lock(mutex_);
    auto& stand_in = unavailable_[space];
    if (!stand_in)
        stand_in = std::make_unique<UnavailableBlobStore>(make_error(
            opened.error().code, "the space's blob store did not open: " + opened.error().message));
    return stand_in.get();
}

}  // namespace grove::platform::blob
