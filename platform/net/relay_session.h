// RelaySession: the relay's end of one device's link — per space whose roster admits the device
// it learns the device's vector, stores authentic deltas it pushes (acknowledging after commit),
// forwards the rest and takes rosters from managers; refuses the rest (Refusal, with the reason).
// Tells a device behind the retention floor so (RetentionGap) and has members refill it.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "net/link_session.h"
#include "net/relay_chunk_session.h"
#include "net/short_invitation_directory.h"
#include "net/relay_store.h"

namespace grove::platform::net {

struct RelayCounters {
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> delivered{0};
    std::atomic<std::uint64_t> rejected{0};
    // ---- retention ----
    std::atomic<std::uint64_t> expired{0};
    std::atomic<std::uint64_t> retention_gaps{0};   // RetentionGap messages sent
    std::atomic<std::uint64_t> refill_requests{0};  // RefillRequests sent to members
    std::atomic<std::uint64_t> refilled{0};         // re-sent deltas stored
    std::atomic<std::uint64_t> refills_refused{0};
    // ---- membership and quotas ----
    std::atomic<std::uint64_t> refused_not_member{0};  // deltas, hellos, refills
    std::atomic<std::uint64_t> refused_quota{0};       // deltas
    std::atomic<std::uint64_t> rosters_accepted{0};
    std::atomic<std::uint64_t> rosters_refused{0};
    std::atomic<std::uint64_t> refusals_unsent{0};  // over a link's refusal rate
    // ---- calls (docs/calls.md): forwarded, never stored ----
    std::atomic<std::uint64_t> call_frames_forwarded{0};  // copies queued for other links
    std::atomic<std::uint64_t> call_frames_refused{0};    // non-member, malformed, over the rate
    std::atomic<std::uint64_t> call_frames_dropped{0};    // a receiving link's queue was full
};

// What the relay's sessions share about lagging devices: one open "need" per (space, device)
// behind the floor; sessions of other devices that offered the space pick it up in their pump
// and ask their device for a refill (RefillRequest), and the lagging device's session rewinds
// when re-sent deltas were stored for it. Its own mutex; never held while calling out.
class RelayHub {
public:
    struct Need {
        std::uint64_t id = 0;
        SpaceId space{};
        crypto::SignPublicKey device{};
        VersionVector vector;           // the lagging device's
        VersionVector floor;            // what the relay lacks of it
        std::uint64_t owner = 0;        // the lagging device's session
        std::set<std::uint64_t> asked;  // sessions (live) that were sent the request
        std::set<std::uint64_t> done;   // of those, the ones that sent their last Refill
        std::string problem;            // e.g. quota: why re-sent deltas could not be stored
    };
    struct NeedState {
        std::size_t asked = 0;
        std::size_t done = 0;
        std::string problem;
    };
    explicit RelayHub(std::function<void()> wake_all) : wake_all_(std::move(wake_all)) {}

    std::uint64_t new_session() { return next_session_++; }
    // A session ends: its needs close; it no longer counts as asked.
    void end_session(std::uint64_t session);
    // Opens or updates `device`'s need in `space` (a new request id when the floor moved, so
    // members are asked again); returns how many live sessions were asked and the problem.
    NeedState open_need(std::uint64_t session, const SpaceId& space,
                        const crypto::SignPublicKey& device, const VersionVector& vector,
                        const VersionVector& floor);
    void close_need(const SpaceId& space, const crypto::SignPublicKey& device);
    // For `session` of `device` that offered `spaces`: needs of other devices not yet asked of it
    // (marked asked). Only spaces the session's device offered: nobody else is ever asked.
    std::vector<Need> take_requests(std::uint64_t session, const crypto::SignPublicKey& device,
                                    const std::set<SpaceId>& spaces);
    // The need a Refill answers, if `session` was asked for it in `space`.
    std::optional<Need> answered(std::uint64_t request, std::uint64_t session,
                                 const SpaceId& space) const;
    void set_problem(std::uint64_t request, std::string problem);
    // `session` sent its last Refill for `request`.
    void finished(std::uint64_t request, std::uint64_t session);
    // Re-sent deltas were stored for `device` in `space`: its session reads them (wakes links).
    void refilled(const SpaceId& space, const crypto::SignPublicKey& device);
    std::uint64_t generation(const SpaceId& space, const crypto::SignPublicKey& device) const;
    std::size_t open_needs() const;

    // ---- calls: frames forwarded between the links of a space's admitted devices ----
    // `session` (of `device`) takes call frames of `space` (an admitted hello) / no longer.
    void join_calls(std::uint64_t session, const crypto::SignPublicKey& device,
                    const SpaceId& space);
    void leave_calls(std::uint64_t session, const SpaceId& space);
    // Queues `frame` (its sender set) for every other device's session in `space`; a full queue
    // drops its oldest frame. Returns (copies queued, copies dropped). Wakes the links.
    std::pair<std::size_t, std::size_t> forward_call_frame(std::uint64_t from, const SpaceId& space,
                                                           const grove::net::v1::CallFrame& frame);
    std::deque<grove::net::v1::CallFrame> take_call_frames(std::uint64_t session);
    static constexpr std::size_t kCallQueue = 128;

private:
    std::function<void()> wake_all_;
    mutable std::mutex mutex_;
    std::atomic<std::uint64_t> next_session_{1};
    std::uint64_t next_request_ = 1;
    std::map<std::pair<SpaceId, crypto::SignPublicKey>, Need> needs_;
    std::map<std::pair<SpaceId, crypto::SignPublicKey>, std::uint64_t> generations_;
    struct CallMailbox {
        crypto::SignPublicKey device{};
        std::set<SpaceId> spaces;
        std::deque<grove::net::v1::CallFrame> queue;
    };
    std::map<std::uint64_t, CallMailbox> call_mailboxes_;  // by session
};

class RelaySession : public LinkSession {
public:
    RelaySession(RelayStore& store, std::mutex& store_mutex, RelayCounters& counters,
                 crypto::SignPublicKey device, Sender send, std::function<void()> stored,
                 RelayHub* hub = nullptr, RelayChunkStore* chunks = nullptr)
        : store_(store),
          store_mutex_(store_mutex),
          counters_(counters),
          device_(device),
          send_(std::move(send)),
          stored_(std::move(stored)),
          hub_(hub),
          session_(hub ? hub->new_session() : 0) {
        if (chunks) chunks_ = std::make_unique<RelayChunkSession>(*chunks, store, device, send_);
    }
    ~RelaySession() override;

    Result<void> handle(const grove::net::v1::LinkMessage& message) override;
    Result<void> handle_owned(grove::net::v1::LinkMessage&& message) override;
    Result<bool> pump() override;
    void tick() override {}

    // Authors a hello's or ack's vector may name (more: refused / ignored).
    static constexpr std::size_t kMaxVectorEntries = 65536;
    // Refusals a link is sent per second (burst the same); the rest are only counted.
    static constexpr double kRefusalsPerSecond = 20;

    // Short invitation codes: deposits from devices of a space's roster are filed in
    // `directory`; lookups from any device are answered from it, rate-limited per `source`.
    void attach_short_invitations(std::shared_ptr<ShortInvitationDirectory> directory,
                                  std::string source) {
        short_invitations_ = std::move(directory);
        source_ = std::move(source);
    }

private:
    static constexpr std::int64_t kNoHold = std::numeric_limits<std::int64_t>::max();
    struct SpaceState {
        bool hello_sent = false;
        VersionVector remote_has;
        std::int64_t cursor = 0;
        // ---- retention ----
        std::int64_t refill_cursor = 0;  // in the re-sent deltas held for this device
        std::uint64_t refill_generation = 0;
        bool has_refills = false;            // re-sent deltas may be held for this device
        std::int64_t held = kNoHold;         // lowest log position held back (a hole below)
        std::int64_t refill_held = kNoHold;  // same in the re-sent deltas
        bool gap_told = false;               // a RetentionGap with a floor was sent
        VersionVector gap_floor;             // what it said
        std::size_t gap_asked = 0;
        std::string gap_problem;
    };
    void notice(const std::string& space, ErrorCode code, const std::string& text);
    // Whether the space's roster at the relay admits this link's device; if not, why (and the
    // relay's roster digest, empty when it holds none). Takes the store lock.
    struct Admission {
        bool admitted = false;
        grove::net::v1::RefusalReason reason = grove::net::v1::REFUSAL_UNSPECIFIED;
        std::string digest;
    };
    Admission admission(const SpaceId& space);
    void refuse(const std::string& space, grove::net::v1::RefusalReason reason,
                const std::string& text, std::size_t deltas, const std::string& digest);
    Result<void> on_roster(const grove::net::v1::Roster& roster);
    // The roster changed somewhere: spaces whose roster no longer admits the device are dropped.
    void recheck_membership();
    Result<void> on_deltas(const std::string& space_id,
                           std::vector<grove::wire::v1::SealedDelta> deltas);
    // ---- retention ----
    void check_gap(const SpaceId& space, SpaceState& st, const VersionVector& theirs);
    Result<void> on_refill(grove::net::v1::Refill& refill);
    void send_refill_requests();
    // ---- calls ----
    void on_call_frame(const grove::net::v1::CallFrame& frame);
    // Reads from `cursor` (and held-back rows) into Deltas messages; true when more is waiting.
    Result<bool> forward(const SpaceId& id, SpaceState& st);

    RelayStore& store_;
    std::mutex& store_mutex_;
    RelayCounters& counters_;
    crypto::SignPublicKey device_;
    Sender send_;
    std::function<void()> stored_;
    std::shared_ptr<ShortInvitationDirectory> short_invitations_;
    std::string source_;
    unsigned short_lookups_ = 0;
    Result<void> on_short_deposit(const grove::net::v1::ShortInvitationDeposit& deposit);
    Result<void> on_short_lookup(const grove::net::v1::ShortInvitationLookup& lookup);
    RelayHub* hub_;
    std::uint64_t session_;
    std::map<SpaceId, SpaceState> spaces_;
    std::unique_ptr<RelayChunkSession> chunks_;  // null: this relay holds no chunks
    std::uint64_t roster_generation_ = 0;  // of the store, when spaces_ was last checked
    double refusal_tokens_ = kRefusalsPerSecond;
    // Call frames taken from the device per second (burst the same); the rest are refused.
    static constexpr double kCallFramesPerSecond = 500;
    double call_tokens_ = kCallFramesPerSecond;
    std::chrono::steady_clock::time_point call_refill_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point refusal_refill_ = std::chrono::steady_clock::now();
};

}  // namespace grove::platform::net
