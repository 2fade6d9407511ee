// SyncSession: one link's replication logic, independent of the transport — per shared space it
// exchanges vectors and heads digests, sends what the other side lacks in batches, then streams.
#pragma once

#include <grove/sdk/result.h>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include "core/replicator.h"
#include "grove/net/v1/sync.pb.h"
#include "net/address_book.h"
#include "net/link_session.h"
#include "net/short_invitation_directory.h"

namespace grove::platform::net {

struct SyncOptions {
    std::size_t batch_deltas = 512;
    std::size_t batch_bytes = 1024 * 1024;
    std::size_t batches_per_pump = 4;
    // The other end is a relay: every space is offered to it (it holds no key, and learns only
    // space ids and the sealed deltas) and it acknowledges durable storage with Ack.
    bool remote_is_relay = false;
    // Limits the session to some spaces (tests, selective sync); empty = every space.
    std::function<bool(const SpaceId&)> space_filter;
    // Where member devices accept links: this device's record and those of devices both ends
    // share a space with are sent to a device (never to a relay), and records received are
    // verified and kept there. Null: none exchanged.
    std::shared_ptr<AddressBook> addresses;
    // Short invitation codes this device files (answered to lookups from any device; deposited
    // at relays and again whenever they change). Null: lookups are answered UNKNOWN.
    std::shared_ptr<ShortInvitationDirectory> short_invitations;
    // The other end's address (its gRPC peer string on an accepted link): lookups are
    // rate-limited per source host.
    std::string remote_address;
};

struct SyncStats {
    std::uint64_t sent_deltas = 0;
    std::uint64_t received_deltas = 0;
    std::uint64_t applied = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t rejected = 0;
    std::uint64_t hellos_sent = 0;
    // ---- ephemeral ----
    std::uint64_t ephemeral_sent = 0;
    std::uint64_t ephemeral_received = 0;  // accepted and handed to the Peer
    std::uint64_t ephemeral_refused = 0;   // not a held space, not an active member, malformed
    std::uint64_t ephemeral_dropped = 0;   // over the per-link rate limit
    // ---- retention ----
    std::uint64_t retention_gaps = 0;   // RetentionGap messages taken from a relay
    std::uint64_t refill_requests = 0;  // RefillRequests answered (this device as the member)
    std::uint64_t refill_sent = 0;      // deltas re-sent for lagging devices
    // ---- relay membership ----
    std::uint64_t rosters_sent = 0;
    std::uint64_t refusals = 0;  // Refusal messages taken from a relay
    // Resends not asked for: the last kMaxFruitlessResends of the space applied nothing.
    std::uint64_t resends_withheld = 0;
    // ---- address records ----
    std::uint64_t address_records_stored = 0;
    std::uint64_t address_records_refused = 0;  // unsigned, forged, malformed, strangers'
    // ---- calls (net/sync_calls.cpp) ----
    std::uint64_t call_frames_sent = 0;
    std::uint64_t call_frames_received = 0;  // accepted and handed to the Peer
    std::uint64_t call_frames_refused = 0;   // malformed, not a member, a space not held
    std::uint64_t call_frames_dropped = 0;   // over the rate limit, or the outbox was full
    std::string last_problem;
};

class SyncSession : public LinkSession {
public:
    using JoinDone = std::function<void(Result<SpaceSummary>)>;

    SyncSession(Replicator& replicator, crypto::SignPublicKey remote, crypto::Hash binding,
                Sender send, SyncOptions options = {});

    // One message from the other end. Bad content is counted and reported, never fatal; an
    // error return means a protocol violation after which the link should close.
    Result<void> handle(const grove::net::v1::LinkMessage& message) override;
    Result<void> handle_owned(grove::net::v1::LinkMessage&& message) override;
    // Hellos for newly shared spaces, then deltas the other side lacks (up to a budget).
    // Returns true when more is waiting.
    Result<bool> pump() override;
    // Anti-entropy: every shared space's hello again at the next pump.
    void tick() override;
    // Sends a JoinRequest for `code`; `done` runs (from handle) when the answer arrives.
    Result<void> start_join(const grove::net::v1::InvitationCode& code, JoinDone done);
    // Device pairing, on a new device (a profile without an account, linked with the pending
    // device key Replicator::prepare_pairing made): sends a PairRequest for `code`; when the
    // PairResponse arrives, creates the account under `passphrase` (Replicator::accept_pairing) and
    // runs `done` (from handle).
    using PairDone = std::function<void(Result<AccountInfo>)>;
    // Asks the other end (the inviter, or a relay) for the invitation filed under `locator`;
    // `done` runs (from handle) with its answer.
    using LookupDone = std::function<void(grove::net::v1::ShortInvitationAnswer)>;
    void start_short_lookup(const std::string& locator, LookupDone done);
    Result<void> start_pair(const grove::net::v1::PairingCode& code, std::string passphrase,
                            PairDone done);

    const SyncStats& stats() const { return stats_; }
    const crypto::SignPublicKey& remote() const { return remote_; }
    // The other side's view of `space` as this session knows it (for tests and status).
    std::optional<VersionVector> remote_vector(const SpaceId& space) const;

private:
    struct SpaceState {
        bool hello_sent = false;
        bool want_hello = false;
        bool want_resend = false;
        bool remote_known = false;  // their hello arrived: push what they lack
        VersionVector remote_has;
        std::int64_t cursor = 0;
        // The relay at the other end expired deltas we lack: pending deltas are expected until
        // a refill arrives, so they do not make us ask it to resend its log.
        bool behind_retention = false;
        // ---- relay membership (net/sync_roster.cpp) ----
        bool relay_digest_known = false;
        std::string relay_roster_digest;  // the relay's roster digest (empty: it holds none)
        bool roster_due = false;          // compare ours with the relay's at the next pump
        std::string roster_sent_digest;   // what this link last sent, so as not to repeat it
        VersionVector roster_sent_vector;
        bool refused = false;  // a refusal of this relay is shown in sync status
        // Resends asked for a gap since something last applied: deltas that can never apply
        // (an outsider's chain, a dependency nobody has) are not asked for again and again.
        unsigned fruitless_resends = 0;
    };
    static constexpr unsigned kMaxFruitlessResends = 3;
    // Join and pairing requests answered on one link; more close it (a joiner sends one).
    static constexpr unsigned kMaxJoinRequests = 8;
    void ask_resend_for_gap(SpaceState& st);
    // ---- retention: a refill this device (a member) sends a relay for a lagging device ----
    struct RefillOut {
        std::uint64_t request_id = 0;
        VersionVector has;    // the lagging device's vector, plus what was sent since
        VersionVector floor;  // sent up to this for every author: done
        std::int64_t cursor = 0;
    };
    static constexpr std::size_t kMaxRefills = 64;  // per link; more requests are ignored
    bool shared(const SpaceId& space) const;
    Result<void> send_hello(const SpaceId& space, SpaceState& st);
    // Up to `batches_per_pump` batches of what the remote lacks; true when more remain.
    Result<bool> send_batches(const SpaceId& space, SpaceState& st);
    void on_hello(const grove::net::v1::SpaceHello& hello);
    void on_deltas(const std::string& space_id, std::vector<grove::wire::v1::SealedDelta> deltas);
    void problem(std::string text);
    void on_retention_gap(const grove::net::v1::RetentionGap& gap);
    void on_refill_request(const grove::net::v1::RefillRequest& request);
    Result<void> pump_refills(std::size_t budget);
    // ---- relay membership (net/sync_roster.cpp) ----
    void note_relay_roster(const SpaceId& space, SpaceState& st, const std::string& digest);
    void on_refusal(const grove::net::v1::Refusal& refusal);
    void relay_took(const SpaceId& space, SpaceState& st);
    // A manager's device sends the relay its roster when the relay's differs.
    Result<void> send_roster(const SpaceId& space, SpaceState& st);
    void on_pair_request(const grove::net::v1::PairRequest& request);
    void on_pair_response(const grove::net::v1::PairResponse& response);
    // ---- address records (net/sync_addresses.cpp) ----
    Result<void> send_addresses();
    void on_addresses(const grove::net::v1::AddressRecords& records);
    bool shares_a_space_with(const crypto::SignPublicKey& device) const;
    std::uint64_t addresses_sent_generation_ = 0;
    // ---- short invitation codes (net/sync_short_invitations.cpp) ----
    Result<void> on_short_lookup(const grove::net::v1::ShortInvitationLookup& lookup);
    void on_short_answer(const grove::net::v1::ShortInvitationAnswer& answer);
    void send_short_deposits();
    std::uint64_t deposits_sent_generation_ = 0;
    unsigned ticks_since_deposits_ = 0;
    unsigned short_lookups_ = 0;
    std::string lookup_locator_;
    LookupDone lookup_done_;
    // ---- ephemeral ----
    void on_ephemeral(const grove::net::v1::Ephemeral& message);
    void send_ephemeral_queued();
    void note_activity();
    // ---- calls (net/sync_calls.cpp) ----
    void on_call_frame(const grove::net::v1::CallFrame& frame);
    void send_call_frames_queued();

    Replicator& replicator_;
    crypto::SignPublicKey remote_;
    crypto::Hash binding_;
    Sender send_;
    SyncOptions options_;
    std::map<SpaceId, SpaceState> spaces_;
    std::map<SpaceId, RefillOut> refills_;
    SyncStats stats_;
    std::uint64_t applied_at_last_tick_ = 0;
    bool stalled_ = false;  // nothing applied from this link during the last tick period
    unsigned join_requests_ = 0;
    std::optional<grove::net::v1::InvitationCode> join_code_;
    JoinDone join_done_;
    std::optional<grove::net::v1::PairingCode> pair_code_;
    std::string pair_passphrase_;
    PairDone pair_done_;
    // ---- ephemeral ----
    // Inbound: a token bucket per link (kEphemeralPerSecond, burst the same); excess dropped.
    static constexpr double kEphemeralPerSecond = 50;
    static constexpr std::size_t kEphemeralOutbox = 256;  // oldest dropped beyond
    double ephemeral_tokens_ = kEphemeralPerSecond;
    std::chrono::steady_clock::time_point ephemeral_refill_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_activity_note_{};
    std::mutex ephemeral_mutex_;  // guards ephemeral_out_ (filled by Peer::send_ephemeral)
    std::deque<EphemeralOut> ephemeral_out_;
    // ---- calls (net/sync_calls.cpp) ----
    // Inbound: a token bucket per link — 8 speakers' 50 frames a second and signalling, burst
    // the same; outbound: oldest dropped beyond the outbox (late audio is worthless).
    static constexpr double kCallFramesPerSecond = 500;
    static constexpr std::size_t kCallOutbox = 128;
    double call_tokens_ = kCallFramesPerSecond;
    std::chrono::steady_clock::time_point call_refill_ = std::chrono::steady_clock::now();
    std::mutex call_mutex_;  // guards call_out_ and the drops counted by the sink
    std::deque<grove::net::v1::CallFrame> call_out_;
    std::uint64_t call_out_dropped_ = 0;
    // ---- link channels: the chunk exchange (core/link_channel.h) ----
    std::unique_ptr<LinkChannel> channel_;
    Subscription call_sink_;
    Subscription ephemeral_sink_;  // last: unregistered first on destruction
};

}  // namespace grove::platform::net
