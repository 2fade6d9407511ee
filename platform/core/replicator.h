// Replicator: the core side of replication over a Peer — remote ingest (verify, order, pending
// buffer, one transaction per batch), outgoing deltas a vector lacks, and invitation admission.
#pragma once

#include <grove/sdk/result.h>

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/chain_auth.h"  // VersionVector, OutgoingBatch
#include "core/delta_envelope.h"
#include "core/link_channel.h"
#include "core/peer.h"
#include "grove/net/v1/sync.pb.h"

namespace grove::platform {

struct IngestReport {
    std::size_t applied = 0;
    std::size_t duplicates = 0;
    std::size_t pending = 0;   // held, waiting for dependencies
    std::size_t rejected = 0;  // invalid: never stored, never forwarded
    std::vector<std::string> reasons;  // the first few rejection reasons
    bool gap = false;          // something is missing: ask the sender again from our vector
    VersionVector seen;        // highest authentic seq per author in the batch (the sender has it)
};

struct SpaceSyncInfo {
    SpaceId id{};
    VersionVector vector;
    crypto::Hash heads_digest{};
    std::int64_t last_position = 0;  // local log position of the newest delta
    std::uint64_t delta_count = 0;
};

// ---- ephemeral (core/peer_ephemeral.cpp) ----
// A transient message to put on every live direct link of the space's member devices.
struct EphemeralOut {
    SpaceId space{};
    std::string channel;
    std::string payload;
    std::uint32_t ttl_ms = 0;
};

// ---- LAN discovery (core/peer_discovery.cpp) ----
// A secret every member holding an epoch's key can derive, and nobody else: keyed BLAKE2b of
// the epoch key over "grove.lan.v1" || space id || u32le(epoch). The LAN announcer's tags are
// computed from it (net/lan_discovery.h); the epoch key itself never leaves the core.
struct DiscoveryKey {
    SpaceId space{};
    bool current = false;  // the space's current epoch (announced); others are only matched
    crypto::SymmetricKey key;
};
crypto::SymmetricKey derive_discovery_key(const crypto::SymmetricKey& epoch_key,
                                          const SpaceId& space, std::uint32_t epoch);

class Replicator {
public:
    static constexpr std::size_t kMaxBatchDeltas = platform::kMaxBatchDeltas;
    explicit Replicator(Peer& peer) : peer_(peer) {}

    bool unlocked() const;
    // This device's Ed25519 key (zero when locked) and a signature with it for link handshakes.
    crypto::SignPublicKey device() const;
    Result<crypto::Signature> sign_as_device(ByteView message) const;

    std::vector<SpaceId> spaces() const;
    // May `device` receive this space's deltas: an active member device in our view of the
    // membership. A space without history yet (being joined) is shared with any linked device.
    bool may_receive(const SpaceId& space, const crypto::SignPublicKey& device) const;
    Result<SpaceSyncInfo> info(const SpaceId& space) const;

    // Decodes with limits, authenticates author chains (an unsigned delta needs a signed
    // successor of its chain later in the batch), then applies what is ready in causal order
    // in one transaction; the rest waits in a bounded pending buffer.
    Result<IngestReport> ingest(const SpaceId& space,
                                std::vector<grove::wire::v1::SealedDelta> deltas);

    // Deltas after local log position `after` that `remote_has` lacks, in stored (causal) order;
    // each author's run ends with a signed delta. Updates `remote_has`.
    Result<OutgoingBatch> outgoing(const SpaceId& space, std::int64_t after,
                                   VersionVector& remote_has, std::size_t max_deltas,
                                   std::size_t max_bytes) const;

    // Local log position of an author's delta (for resending from a point); nullopt if absent.
    std::optional<std::int64_t> position_of(const SpaceId& space,
                                            const crypto::SignPublicKey& author,
                                            std::uint64_t seq) const;

    // ---- pending buffers: remote deltas waiting for their dependencies ----
    // Bounds one space's buffer (PendingBuffer::kDefaultMaxDeltas / kDefaultMaxBytes unless set
    // here); what it held is dropped and asked for again by the next sync.
    void limit_pending(const SpaceId& space, std::size_t max_deltas, std::size_t max_bytes);
    struct PendingLoad {
        std::size_t deltas = 0;
        std::size_t bytes = 0;
    };
    PendingLoad pending_load(const SpaceId& space) const;

    // ---- invitations ----
    Result<grove::net::v1::JoinRequest> make_join_request(
        const grove::net::v1::InvitationCode& code, ByteView challenge) const;
    // On a manager's device: checks the proof against the link's challenge and device, then
    // writes AdmitMember with the content key sealed to the joiner's device. Returns it.
    Result<grove::wire::v1::SealedDelta> admit(const grove::net::v1::JoinRequest& request,
                                               ByteView challenge,
                                               const crypto::SignPublicKey& link_device);
    // On the joiner: opens the key wrap, stores the space and its key; history follows by sync.
    Result<SpaceSummary> accept_join(const grove::net::v1::InvitationCode& code,
                                     const grove::wire::v1::SealedDelta& admission);

    // ---- device pairing (core/peer_pairing.cpp) ----
    // On the new device (a profile without an account): makes its pending device keys, once
    // (later calls keep them), and returns the device key, which the link to the existing device
    // then authenticates with. FailedPrecondition when the profile already has an account.
    Result<crypto::SignPublicKey> prepare_pairing();
    // On the new device, after prepare_pairing: its request for the link with `challenge`.
    // FailedPrecondition when the profile has an account or pairing was not prepared.
    Result<grove::net::v1::PairRequest> make_pair_request(const grove::net::v1::PairingCode& code,
                                                          ByteView challenge) const;
    // On the existing device: checks the proof against the link's challenge and device,
    // certifies the device, seals the identity keys to it and adds it to every space.
    Result<grove::net::v1::PairResponse> pair(const grove::net::v1::PairRequest& request,
                                              ByteView challenge,
                                              const crypto::SignPublicKey& link_device);
    // On the new device: opens the bundle, creates the account under `passphrase` and adopts
    // every space it was added to; history follows by sync.
    Result<AccountInfo> accept_pairing(const grove::net::v1::PairingCode& code,
                                       const grove::net::v1::PairResponse& response,
                                       const std::string& passphrase);

    // ---- ephemeral (core/peer_ephemeral.cpp) ----
    // An active member's device in our view (not removed, not revoked) — stricter than
    // may_receive, which admits removed members' devices so that they learn of the removal.
    bool is_active_device(const SpaceId& space, const crypto::SignPublicKey& device) const;
    // An ephemeral message from `device` (the link's authenticated device): refused unless the
    // space is held here and the device is active in it; delivered to subscribers, never stored.
    Result<void> receive_ephemeral(const SpaceId& space, const crypto::SignPublicKey& device,
                                   const std::string& channel, const std::string& payload,
                                   std::uint32_t ttl_ms);
    // Any message arrived on a link from `device` (presence: "online").
    void note_link_activity(const crypto::SignPublicKey& device);
    // Registers where Peer::send_ephemeral puts messages (a SyncSession's outbox); wakers (the
    // PeerNode waking its links) run after every sink.
    Subscription on_outgoing_ephemeral(std::function<void(const EphemeralOut&)> sink,
                                       bool waker = false);

    // ---- calls (core/peer_call_frames.cpp; docs/calls.md) ----
    // A call frame from a link: `link_device` is the link's authenticated device; through a
    // relay (`via_relay`) the frame's `sender` names the member that sent it. Refused unless
    // the space is held here and the sender is an active member's device; then delivered to
    // subscribers (who open it), never stored.
    Result<void> receive_call_frame(const SpaceId& space, const crypto::SignPublicKey& link_device,
                                    bool via_relay, const grove::net::v1::CallFrame& frame);
    // Registers where Peer::send_call_frame puts frames (a SyncSession's outbox).
    Subscription on_outgoing_call_frame(std::function<void(const grove::net::v1::CallFrame&)> sink);

    // ---- LAN discovery (core/peer_discovery.cpp) ----
    // A discovery key per epoch key held, for every space this device is an active member of
    // (none while locked).
    std::vector<DiscoveryKey> discovery_keys() const;

    // ---- retention (core/peer_retention.cpp; docs/replication.md) ----
    // A relay (the link's device) expired deltas of `space` up to `floor` per author. Kept while
    // this peer lacks any of them (Peer::sync_status reports it; a KIND_SYNC_CHANGED event when
    // it starts or ends); an empty floor withdraws it. Returns whether the space is behind;
    // NotFound for a space not held here.
    Result<bool> note_retention_gap(const SpaceId& space, const crypto::SignPublicKey& relay,
                                    const VersionVector& floor, std::uint32_t members_asked,
                                    const std::string& problem);
    // After deltas were applied: clears the gaps this peer has now caught up past. Returns
    // whether the space is now clear of every relay's floor (cheap when no gap is known).
    bool retention_progress(const SpaceId& space);

    // ---- relay membership (core/peer_roster.cpp; docs/protocol-sync.md) ----
    // What this device would tell a relay about `space`: the devices of its active members (not
    // removed, not revoked) with their manager flag, as this peer's fold of the administrative
    // log decides; whether this device is a manager's (may sign); its vector; and, on a device
    // of the space's creator, what proves that to a relay that does not know the space yet.
    struct RosterView {
        std::map<crypto::SignPublicKey, bool> devices;
        VersionVector vector;
        bool manager = false;
        std::string creator_identity;
        std::string genesis_salt;
        std::optional<grove::space::v1::DeviceCert> creator_device_cert;
    };
    Result<RosterView> roster_view(const SpaceId& space) const;
    // A relay refused what this device sent of `space` (`problem` says what and why), or, with
    // an empty `problem`, took it again. Shown by sync_status (relay_problem); a SyncChanged
    // event when it starts or ends. NotFound for a space not held here.
    Result<void> note_relay_refusal(const SpaceId& space, const crypto::SignPublicKey& relay,
                                    const std::string& problem);

    // ---- link channels (core/peer_link_channels.cpp) ----
    // The blob layer's end of a new link to `remote` (null when it has none).
    std::unique_ptr<LinkChannel> open_link_channel(const crypto::SignPublicKey& remote,
                                                   bool remote_is_relay) const;
    // Asks every live link to pump: a link channel has output waiting.
    void wake_links() const;

private:
    Peer& peer_;
};

VersionVector vector_from_proto(
    const google::protobuf::RepeatedPtrField<grove::net::v1::VectorEntry>& entries);
void vector_to_proto(const VersionVector& vector,
                     google::protobuf::RepeatedPtrField<grove::net::v1::VectorEntry>* out);

}  // namespace grove::platform
