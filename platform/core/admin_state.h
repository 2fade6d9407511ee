// AdminState: who may do what in a space — members, roles, invitations and the current content
// epoch — as a deterministic fold of the space's administrative operations (see docs/security.md).
#pragma once

#include <grove/sdk/result.h>

#include <map>
#include <optional>
#include <vector>

#include "core/delta_envelope.h"
#include "core/membership.h"

namespace grove::platform {

// A one-time invitation created in the space's log (CreateInvitation) and its use (AdmitMember).
struct InvitationRecord {
    FixedBytes<16> id{};
    Role role = Role::Guest;
    std::int64_t expires_ms = 0;
    crypto::SignPublicKey verify_key{};
    crypto::SignPublicKey created_by{};  // identity
    // The only identity it admits (an invitation sealed to a contact); none: whoever has the code.
    std::optional<crypto::SignPublicKey> for_identity;
    std::vector<crypto::SignPublicKey> used_by;  // identities admitted with it
    bool revoked = false;
    bool service_account = false;  // admits a service account (for_identity is set)
};

// An administrative operation as it appears in the log: genesis, invitations, admissions, role
// changes, removals, epoch rotations. Ordered canonically by (Lamport, delta id), an order that
// extends causality.
struct AdminOp {
    DeltaId id{};
    std::uint64_t lamport = 0;
    crypto::SignPublicKey author_device{};
    std::int64_t wall_time_ms = 0;
    grove::space::v1::SpaceOp op;

    bool before(const AdminOp& other) const {
        return lamport != other.lamport ? lamport < other.lamport : id < other.id;
    }
};

// Whether a space operation is administrative (changes who may do what, or the epoch).
bool is_admin_op(const grove::space::v1::SpaceOp& op);

// The commitment an EpochStart carries for `key`.
crypto::Hash epoch_key_commitment(ByteView space_id, std::uint32_t epoch, ByteView key);

class AdminState {
public:
    explicit AdminState(const SpaceId& space) : space_(space) {}

    // Checks `op` against this state and applies it; on error nothing changes. Checks only what
    // the state decides (author's role, the invitation, the target member); payload shapes too.
    // `in_conflict`: a removal or revocation that takes effect together with a concurrent one
    // that excluded its own author (see docs/protocol.md): its author counts with the role it
    // held, and a revocation may take a member's last device.
    Result<void> apply(const AdminOp& op, bool in_conflict = false);

    const Membership& membership() const { return membership_; }
    const std::map<FixedBytes<16>, InvitationRecord>& invitations() const { return invitations_; }
    std::uint32_t current_epoch() const { return current_epoch_; }
    // The delta that started the current epoch (genesis for epoch 1).
    const DeltaId& epoch_started_by() const { return epoch_started_by_; }
    bool has_genesis() const { return current_epoch_ != 0; }

    void digest_into(crypto::Hasher& hasher) const;

private:
    Result<void> start_epoch(const grove::space::v1::EpochStart& start, const AdminOp& op);

    SpaceId space_;
    Membership membership_;
    std::map<FixedBytes<16>, InvitationRecord> invitations_;
    std::uint32_t current_epoch_ = 0;
    DeltaId epoch_started_by_{};
};

}  // namespace grove::platform
