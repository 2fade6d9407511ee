// Space: one shared space's replicated state on this peer — its delta log index (version vector,
// heads, Lamport clock), epoch keys, membership, chat and tool instances — and the rules that
// decide whether a delta may be applied. Thread-compatible: the Peer serialises access.
#pragma once

#include <grove/sdk/result.h>

#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "core/chat_state.h"
#include "core/delta_envelope.h"
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
};

// A change to a tool instance — added, renamed, removed, or one of its operations applied —
// handed to whoever hosts tool instances (the tool runtime), in causal order.
struct ToolEvent {
    enum class Kind { Added, Renamed, Removed, Operation };
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
};

// A one-time invitation created in the space's log (CreateInvitation) and its use (AdmitMember).
struct InvitationRecord {
    FixedBytes<16> id{};
    Role role = Role::Guest;
    std::int64_t expires_ms = 0;
    crypto::SignPublicKey verify_key{};
    crypto::SignPublicKey created_by{};  // identity
    std::vector<crypto::SignPublicKey> used_by;  // identities admitted with it
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
    void add_epoch_key(std::uint32_t epoch, crypto::SymmetricKey key);
    const crypto::SymmetricKey* epoch_key(std::uint32_t epoch) const;
    std::uint32_t current_epoch() const { return current_epoch_; }

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
    enum class Readiness { Ready, Duplicate, Missing };
    // Whether `delta` can be applied now: Missing when its predecessor or a dependency is not
    // applied yet; an equivocating chain (another delta at an applied seq) is an error.
    Result<Readiness> readiness(const DecodedDelta& delta) const;
    // Applies a Ready delta: checks author membership and permission at this point of the
    // history, the epoch and the payload; on error nothing changes.
    // `trusted_local` skips nothing but the signature, which the caller has checked or made.
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
    std::uint64_t delta_count() const { return delta_count_; }
    std::uint64_t max_lamport() const { return max_lamport_; }
    const Membership& membership() const { return membership_; }
    const ChatState& chat() const { return chat_; }
    const std::map<ToolInstanceId, ToolInstanceRecord>& tool_instances() const {
        return tools_;
    }
    const std::map<crypto::SignPublicKey, DeviceProgress>& version_vector() const {
        return vector_;
    }
    bool knows(const DeltaId& id) const { return lamport_of_.count(id) != 0; }
    std::vector<DeltaId> heads() const;
    const InvitationRecord* invitation(ByteView invitation_id) const;
    crypto::Hash heads_digest() const;
    crypto::Hash state_digest() const;

private:
    Result<AppliedEffect> apply_space_op(const grove::space::v1::SpaceOp& op,
                                         const OpOrigin& origin, const MemberRecord* author,
                                         const DecodedDelta& delta);

    SpaceId id_;
    std::string name_;
    std::int64_t created_ms_ = 0;
    std::map<std::uint32_t, crypto::SymmetricKey> epoch_keys_;
    std::uint32_t current_epoch_ = 0;

    std::unordered_map<DeltaId, std::uint64_t, DeltaIdHash> lamport_of_;
    std::unordered_set<DeltaId, DeltaIdHash> heads_;
    std::map<crypto::SignPublicKey, DeviceProgress> vector_;
    std::uint64_t max_lamport_ = 0;
    std::uint64_t delta_count_ = 0;

    Membership membership_;
    ChatState chat_;
    std::map<ToolInstanceId, ToolInstanceRecord> tools_;
    std::map<FixedBytes<16>, InvitationRecord> invitations_;
    std::function<void(const ToolEvent&)> tool_sink_;
    std::function<crypto::Hash(const ToolInstanceId&)> tool_digest_;
};

}  // namespace grove::platform
