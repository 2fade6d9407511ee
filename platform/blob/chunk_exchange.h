// ChunkExchange: sealed chunks across peer links — serves a space's chunks to its active member
// devices, fetches the chunks a read lacks from every member device and relay holding them at
// once, and hands this device's own chunks to its relays.
#pragma once

#include <grove/sdk/blobstore.h>
#include <grove/sdk/result.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "blob/space_blob_store.h"
#include "core/delta_envelope.h"
#include "core/link_channel.h"
#include "crypto/keys.h"

namespace grove::platform::blob {

class ChunkTransfer;

struct ChunkExchangeOptions {
    // Chunks requested from one source and not yet received (each ≤ 4 MiB sealed): the memory a
    // fetch holds per source, and how many a fast source serves in parallel.
    std::size_t wants_per_source = 4;
    // Requests a server queues per link; more are refused as BUSY (the asker tries another).
    std::size_t queued_wants_per_link = 16;
    std::size_t piece_size = 256 * 1024;
    std::size_t pieces_per_pump = 4;
    // A chunk no connected member holds fails with Unavailable after this long.
    std::chrono::milliseconds unreachable_after{3000};
    // A transfer that receives nothing for this long fails with Unavailable.
    std::chrono::milliseconds idle_timeout{60'000};
    // Chunks put to one relay and not yet acknowledged (each ≤ 4 MiB sealed, read from disk).
    std::size_t puts_per_relay = 2;
    // A relay that refused this device's chunks as a non-member (it may not have the space's
    // roster yet) is offered them again after this long; after a quota refusal, after 30×.
    std::chrono::milliseconds push_retry_after{2000};
};

struct ChunkExchangeStats {
    std::uint64_t chunks_served = 0;
    std::uint64_t bytes_served = 0;
    std::uint64_t chunks_fetched = 0;
    std::uint64_t bytes_fetched = 0;
    std::uint64_t refused_not_member = 0;  // requests refused: the asker is not an active member
    std::uint64_t rejected_chunks = 0;     // received chunks that failed verification
    // ---- this device's chunks handed to relays ----
    std::uint64_t chunks_pushed = 0;  // stored by a relay (or held there already)
    std::uint64_t bytes_pushed = 0;
    std::uint64_t pushes_refused = 0;  // refused by a relay other than "busy" (quota, member)
    std::string push_problem;          // the last refusal's reason in words (empty: none)
};

class ChunkExchange : public std::enable_shared_from_this<ChunkExchange> {
public:
    // What the exchange needs from the peer it runs in.
    struct Host {
        // Is `device` an active member's device of `space` here (not removed, not revoked)?
        std::function<bool(const SpaceId&, const crypto::SignPublicKey&)> is_member;
        // The space's store (only asked for spaces is_member found held).
        std::function<Result<SpaceBlobStore*>(const SpaceId&)> store;
        // Asks every link to pump (output is waiting).
        std::function<void()> wake;
    };

    static std::shared_ptr<ChunkExchange> create(Host host, ChunkExchangeOptions options = {});
    ~ChunkExchange();

    // This end of a new link to `remote` (see core/link_channel.h).
    std::unique_ptr<LinkChannel> open_channel(const crypto::SignPublicKey& remote,
                                              bool remote_is_relay);
    // Starts fetching `chunks` of `space` into `store` from every member device linked now or
    // later; the transfer stops when the last reference to it is dropped.
    std::shared_ptr<ChunkTransfer> fetch(const SpaceId& space, SpaceBlobStore& store,
                                         const std::vector<sdk::BlobChunk>& chunks);
    // Hands the chunks written on this device in `space` to every relay linked now or later
    // (those a relay lacks; it stores them for the space's members). Called when the store opens
    // and after each write; the store outlives the exchange's use of it (the profile's).
    void offer_to_relays(const SpaceId& space, SpaceBlobStore& store);

    ChunkExchangeStats stats() const;
    std::size_t channel_count() const;

private:
    friend class ChunkTransfer;
    class Channel;
    struct Incoming;
    struct ServeJob;
    struct HaveAsk;
    struct ChannelState;
    struct TransferState;

    ChunkExchange(Host host, ChunkExchangeOptions options);
    Result<void> on_message(std::uint64_t channel, grove::net::v1::LinkMessage&& message);
    bool pump(std::uint64_t channel, const LinkChannel::Sender& send);
    void close_channel(std::uint64_t channel);

    void on_have(ChannelState& ch, const grove::net::v1::ChunkHave& have);
    void on_held(ChannelState& ch, const grove::net::v1::ChunkHeld& held);
    void on_want(ChannelState& ch, const grove::net::v1::ChunkWant& want);
    Result<void> on_piece(std::unique_lock<std::mutex>& lock, ChannelState& ch,
                          grove::net::v1::ChunkPiece& piece);
    void on_refused(ChannelState& ch, const grove::net::v1::ChunkRefused& refused);
    // Moves stores offered since the last call into offered_ and every relay link's scan.
    void take_offers();
    void on_stored(ChannelState& ch, const grove::net::v1::ChunkStored& stored);
    // A relay link: asks which of this device's chunks it lacks, then puts them, a few at once.
    void push_to_relay(ChannelState& ch, std::size_t& budget);
    bool on_push_answer(ChannelState& ch, std::uint64_t request, const std::string* bitmap,
                        const grove::net::v1::ChunkRefused* refused);
    void ask_holders(ChannelState& ch);
    void send_wants(ChannelState& ch);
    bool serve(ChannelState& ch);
    std::shared_ptr<TransferState> transfer(std::uint64_t serial) const;

    Host host_;
    ChunkExchangeOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::uint64_t next_channel_ = 1;
    std::uint64_t next_request_ = 1;
    std::map<std::uint64_t, std::unique_ptr<ChannelState>> channels_;
    std::map<std::uint64_t, std::weak_ptr<TransferState>> transfers_;
    std::map<SpaceId, SpaceBlobStore*> offered_;  // spaces whose own chunks go to relays
    std::mutex offers_mutex_;                     // taken inside mutex_, never around it
    std::map<SpaceId, SpaceBlobStore*> offers_;   // offered since the last take_offers()
    std::uint64_t next_transfer_ = 1;
    ChunkExchangeStats stats_;
};

// One fetch: waits for its chunks and reports bytes received out of its total.
class ChunkTransfer final : public PendingChunks {
public:
    ChunkTransfer(std::shared_ptr<ChunkExchange> exchange,
                  std::shared_ptr<ChunkExchange::TransferState> state);
    ~ChunkTransfer() override;
    Result<void> wait_for(const sdk::BlobId& id) override;
    // Waits for every chunk; `progress` (may be empty) is called as bytes arrive.
    Result<void> wait_all(const sdk::BlobProgressFn& progress = {});
    sdk::BlobProgress progress() const;

private:
    std::shared_ptr<ChunkExchange> exchange_;
    std::shared_ptr<ChunkExchange::TransferState> state_;
};

}  // namespace grove::platform::blob
