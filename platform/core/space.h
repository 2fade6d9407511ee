// Space: one shared space's replicated state on this peer — its delta log index (version vector,
// heads, Lamport clock), epoch keys, membership, chat and tool instances — and the rules that
// decide whether a delta may be applied. Thread-compatible: the Peer serialises access.
#pragma once

#include <grove/sdk/result.h>

#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "core/admin_fold.h"
#include "core/admin_state.h"
#include "core/chat_state.h"
#include "core/delta_envelope.h"
#include "core/delta_index.h"
#include "core/identity.h"
#include "core/membership.h"

namespace grove::platform {

struct DeltaIdHash {
    std::size_t operator()(const DeltaId& id) const {
        std::size_t h;
        std::memcpy(&h, id.data(), sizeof h);
        return h;
    }
};

using ToolInstanceId = FixedBytes<kToolInstanceIdSize>;

struct ToolInstanceRecord {
    ToolInstanceId id{};
    std::string tool_id;
    std::string name;
    std::string min_version;
    crypto::SignPublicKey added_by{};  // identity
    bool removed = false;
    // The rename that set `name` (last writer wins by Lamport, then delta id).
    std::uint64_t name_lamport = 0;
    crypto::SignPublicKey name_device{};  // who wrote the name (the tie-break of last-writer-wins)
};

// A change to a tool instance — added, renamed, removed, or one of its operations applied —
// handed to whoever hosts tool instances (the tool runtime), in causal order. MembersChanged:
// an administrative delta applied (members, roles, devices); `instance` is empty.
struct ToolEvent {
    enum class Kind { Added, Renamed, Removed, Operation, MembersChanged };
    Kind kind = Kind::Operation;
    ToolInstanceRecord instance;
    OpOrigin origin;
    Role author_role = Role::Guest;
    ByteView payload;  // Operation only; valid during the call
};

// What applying one delta changed, for events.
struct AppliedEffect {
    enum class Kind { None, SpaceChanged, ChatPosted, ChatEdited, ChatDeleted, ToolChanged };
    Kind kind = Kind::None;
    DeltaId subject{};  // chat message id
    ToolInstanceId tool_instance{};
    // Who wrote the delta: its device, and the member identity that device belongs to.
    crypto::SignPublicKey author_device{};
    crypto::SignPublicKey author_identity{};
};

// What the one-time key signs to admit a joiner: binds space, invitation, the joiner's card and
// device certificate, and a fresh challenge.
Bytes join_signing_input(ByteView space_id, ByteView invitation_id,
                         const grove::space::v1::IdentityCard& card,
                         const grove::space::v1::DeviceCert& device, ByteView challenge);

struct DeviceProgress {
    std::uint64_t seq = 0;
    DeltaId last{};
};

// The id a space created by `creator_identity` with `salt` must have (see Genesis.space_salt).
SpaceId derive_space_id(ByteView creator_identity, ByteView salt);

class Space {
public:
    explicit Space(const SpaceId& id);

    // A new space with `creator` as its manager: returns the space (with epoch 1) and its genesis
    // delta, already applied. The caller stores the delta.
    static std::pair<std::unique_ptr<Space>, DecodedDelta> create(const LocalIdentity& creator,
                                                                  const std::string& name,
                                                                  std::int64_t now_ms);

    const SpaceId& id() const { return id_; }
    std::string id_hex() const { return to_hex(id_); }

    // ---- keys ----
    // Epochs are random 32-bit ids (1 for the genesis); each key is committed to in the log.
    void add_epoch_key(std::uint32_t epoch, crypto::SymmetricKey key);
    const crypto::SymmetricKey* epoch_key(std::uint32_t epoch) const;
    const std::map<std::uint32_t, crypto::SymmetricKey>& epoch_keys() const { return epoch_keys_; }
    // The epoch new deltas are sealed with (the frontier's); 1 before the genesis is applied.
    std::uint32_t current_epoch() const;
    // Whether this peer holds the current epoch's key (it may not yet, after a concurrent
    // rotation: a member passes it on).
    bool can_author() const { return epoch_key(current_epoch()) != nullptr; }
    // Accepts a key received in a wrap if the log's commitment for that epoch matches (false if
    // it does not, or the epoch is not known yet).
    bool offer_epoch_key(std::uint32_t epoch, const crypto::SymmetricKey& key);
    bool knows_epoch(std::uint32_t epoch) const { return commitments_.count(epoch) != 0; }
    // Which devices were handed each epoch's key in the log (its creator and every wrap).
    const std::map<std::uint32_t, std::set<crypto::SignPublicKey>>& key_holders() const {
        return holders_;
    }
    // `identity` is no longer a member and that is settled here: removed by someone else, or it
    // left and another member's delta shows the leave was seen.
    bool departure_settled(const crypto::SignPublicKey& identity) const;
    // A device that is no longer active holds the current key: a new epoch is due.
    bool rotation_due() const;
    // Epoch keys this peer holds that active devices lack: device → epochs.
    std::map<crypto::SignPublicKey, std::vector<std::uint32_t>> keys_to_share() const;

    // ---- authoring ----
    struct Draft {
        grove::wire::v1::DeltaKind kind = grove::wire::v1::DELTA_KIND_CHAT;
        Bytes target;
        Bytes payload;
        // Content keys sealed to devices, carried in the header (admissions, new epochs).
        std::vector<grove::wire::v1::EpochKeyWrap> epoch_keys{};
    };
    // Seals consecutive deltas of this device under the current epoch. Only the last one is
    // signed (it authenticates the chain). Not applied: pass each to apply().
    std::vector<DecodedDelta> author(const LocalIdentity& me, std::span<const Draft> drafts,
                                     std::int64_t now_ms);

    // ---- applying ----
    enum class Readiness { Ready, Duplicate, Missing, NeedsKey };
    // Whether `delta` can be applied now: Missing when its predecessor or a dependency is not
    // applied yet, NeedsKey when its epoch's key has not reached this device yet; an
    // equivocating chain (another delta at an applied seq) is an error.
    Result<Readiness> readiness(const DecodedDelta& delta) const;
    // Applies a Ready delta: checks the author's membership and permission and the epoch
    // against the administrative state of the delta's causal past (so every peer decides
    // alike, whatever order concurrent deltas arrive in), then the payload; on error nothing
    // changes. The signature is the caller's to check.
    Result<AppliedEffect> apply(const DecodedDelta& delta);

    // Called for every applied change to a tool instance (the tool runtime's entry point).
    void set_tool_sink(std::function<void(const ToolEvent&)> sink) { tool_sink_ = std::move(sink); }
    bool has_tool_sink() const { return static_cast<bool>(tool_sink_); }
    // Contributes tool instances' state digests to the space's state digest.
    void set_tool_digest_source(std::function<crypto::Hash(const ToolInstanceId&)> source) {
        tool_digest_ = std::move(source);
    }

    // ---- state ----
    const std::string& name() const { return name_; }
    std::int64_t created_ms() const { return created_ms_; }
    // From the genesis: the creator's identity key and the salt the space id derives from (what
    // proves a creator's device to a relay; see docs/protocol-sync.md, "Relay membership").
    const std::string& creator_identity() const { return creator_identity_; }
    const std::string& genesis_salt() const { return genesis_salt_; }
    std::uint64_t delta_count() const { return delta_count_; }
    std::uint64_t max_lamport() const { return max_lamport_; }
    // The membership at this peer's frontier (all administrative operations it has applied,
    // folded in canonical order).
    const Membership& membership() const { return frontier_->membership(); }
    const AdminState& admin() const { return *frontier_; }
    const ChatState& chat() const { return chat_; }
    const std::map<ToolInstanceId, ToolInstanceRecord>& tool_instances() const { return tools_; }
    const std::map<crypto::SignPublicKey, DeviceProgress>& version_vector() const {
        return vector_;
    }
    bool knows(const DeltaId& id) const { return log_.contains(id); }
    std::vector<DeltaId> heads() const;
    const InvitationRecord* invitation(ByteView invitation_id) const;
    crypto::Hash heads_digest() const;
    crypto::Hash state_digest() const;

private:
    // A cut: the set of administrative operations (indices into admin_ops_) in some delta's
    // causal past, interned.
    using CutId = std::uint32_t;
    struct LogEntry {
        DeltaId id{};
        std::uint64_t lamport = 0;
        CutId cut = 0;
    };
    CutId intern(std::vector<std::uint32_t> ops);
    CutId parent_cut(const DecodedDelta& delta) const;
    CutId join(CutId a, CutId b);
    // The administrative state of a cut: its operations folded in canonical order, each
    // checked against the state before it (an operation a concurrent earlier one invalidates has
    // no effect), without those a removal or revocation voids (see fold_admin_ops).
    const AdminState& state_at(CutId cut);
    std::unique_ptr<AdminState> fold(const std::vector<std::uint32_t>& ops) const;
    void record_admin_op(AdminOp op, const DecodedDelta& delta, CutId& cut);

    Result<AppliedEffect> apply_space_op(const grove::space::v1::SpaceOp& op,
                                         const OpOrigin& origin, const MemberRecord* author);

    SpaceId id_;
    std::string name_;
    std::int64_t created_ms_ = 0;
    std::string creator_identity_;
    std::string genesis_salt_;
    std::map<std::uint32_t, crypto::SymmetricKey> epoch_keys_;
    std::map<std::uint32_t, crypto::Hash> commitments_;  // every epoch the log has started
    std::map<std::uint32_t, std::set<crypto::SignPublicKey>> holders_;
    std::uint64_t name_lamport_ = 0;
    crypto::SignPublicKey name_device_{};

    DeltaIndex<LogEntry> log_;  // every applied delta: 48 bytes + its slot
    std::unordered_set<DeltaId, DeltaIdHash> heads_;
    std::map<crypto::SignPublicKey, DeviceProgress> vector_;
    std::uint64_t max_lamport_ = 0;
    std::uint64_t delta_count_ = 0;

    std::vector<AdminOp> admin_ops_;
    std::vector<CutId> admin_op_past_;  // per operation: the cut of its causal past
    // Device → the identities certifying it, from every certificate the log's administrative
    // operations carry (to tell when a new operation may be voided).
    std::map<crypto::SignPublicKey, std::set<crypto::SignPublicKey>> device_identities_;
    // Identities and devices some removal, leave or revocation in the log targets.
    std::set<crypto::SignPublicKey> excluded_;
    std::vector<std::vector<std::uint32_t>> cuts_;
    std::map<std::vector<std::uint32_t>, CutId> cut_ids_;
    std::map<CutId, std::unique_ptr<AdminState>> states_;  // cache, bounded
    std::unique_ptr<AdminState> frontier_;
    CutId frontier_cut_ = 0;

    ChatState chat_;
    std::map<ToolInstanceId, ToolInstanceRecord> tools_;
    std::function<void(const ToolEvent&)> tool_sink_;
    std::function<crypto::Hash(const ToolInstanceId&)> tool_digest_;
};

}  // namespace grove::platform
