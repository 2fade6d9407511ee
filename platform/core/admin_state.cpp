#include "core/admin_state.h"

#include "core/identity.h"
#include "core/space.h"
#include "crypto/primitives.h"

namespace grove::platform {

namespace sp = grove::space::v1;

bool is_admin_op(const sp::SpaceOp& op) {
    switch (op.op_case()) {
        case sp::SpaceOp::kGenesis:
        case sp::SpaceOp::kCreateInvitation:
        case sp::SpaceOp::kRevokeInvitation:
        case sp::SpaceOp::kAdmit:
        case sp::SpaceOp::kChangeRole:
        case sp::SpaceOp::kRemoveMember:
        case sp::SpaceOp::kRotateEpoch:
        case sp::SpaceOp::kShareKeys:
        case sp::SpaceOp::kAddDevice:
        case sp::SpaceOp::kRevokeDevice:
            return true;
        default:
            return false;
    }
}

crypto::Hash epoch_key_commitment(ByteView space_id, std::uint32_t epoch, ByteView key) {
    Bytes e;
    append_u32le(e, epoch);
    return crypto::Hasher("grove.epoch.key.v1").update(space_id).update(e).update(key).finish();
}

namespace {
int rank(Role role) {  // higher = more rights
    switch (role) {
        case Role::Manager:
            return 2;
        case Role::Participant:
            return 1;
        case Role::Guest:
            return 0;
    }
    return 0;
}
}  // namespace

Result<void> AdminState::start_epoch(const sp::EpochStart& start, const AdminOp& op) {
    if (start.epoch() <= 1 || start.key_commitment().size() != crypto::kHashSize)
        return make_error(ErrorCode::InvalidArgument, "malformed epoch start");
    current_epoch_ = start.epoch();
    epoch_started_by_ = op.id;
    return {};
}

Result<void> AdminState::apply(const AdminOp& a, bool in_conflict) {
    const auto& op = a.op;
    if (op.has_genesis()) {
        if (has_genesis()) return make_error(ErrorCode::InvalidArgument, "a space has one genesis");
        GROVE_TRY(membership_.apply_genesis(op.genesis(), a.author_device));
        current_epoch_ = 1;
        epoch_started_by_ = a.id;
        return {};
    }
    const MemberRecord* author = membership_.by_device(a.author_device);
    if (!author && in_conflict) author = membership_.owner_of_device(a.author_device);
    if (!author)
        return make_error(ErrorCode::PermissionDenied, "the author is not a member of this space");
    const bool manager = author->role == Role::Manager;
    auto need_manager = [&](const char* what) -> Result<void> {
        if (!manager)
            return make_error(ErrorCode::PermissionDenied, std::string("only managers ") + what);
        return {};
    };

    switch (op.op_case()) {
        case sp::SpaceOp::kCreateInvitation: {
            const auto& ci = op.create_invitation();
            auto id = fixed_from<16>(as_bytes(ci.invitation_id()));
            auto key = fixed_from<32>(as_bytes(ci.verify_key()));
            std::optional<crypto::SignPublicKey> for_identity;
            if (!ci.for_identity().empty())
                for_identity = fixed_from<32>(as_bytes(ci.for_identity()));
            if (!id || !key || ci.expires_ms() <= 0 || ci.role() == sp::ROLE_UNSPECIFIED ||
                !sp::Role_IsValid(ci.role()) || (!ci.for_identity().empty() && !for_identity))
                return make_error(ErrorCode::InvalidArgument, "malformed invitation");
            if (ci.service_account() && !for_identity)
                return make_error(ErrorCode::InvalidArgument,
                                  "a service account's invitation must name its identity");
            GROVE_TRY(need_manager("create invitations"));
            if (invitations_.count(*id))
                return make_error(ErrorCode::AlreadyExists, "the invitation exists");
            InvitationRecord record;
            record.id = *id;
            record.role = role_from_proto(ci.role());
            record.expires_ms = ci.expires_ms();
            record.verify_key = *key;
            record.created_by = author->identity;
            record.for_identity = for_identity;
            record.service_account = ci.service_account();
            invitations_[*id] = std::move(record);
            return {};
        }
        case sp::SpaceOp::kRevokeInvitation: {
            auto id = fixed_from<16>(as_bytes(op.revoke_invitation().invitation_id()));
            auto it = id ? invitations_.find(*id) : invitations_.end();
            if (it == invitations_.end())
                return make_error(ErrorCode::NotFound, "no such invitation");
            GROVE_TRY(need_manager("revoke invitations"));
            if (it->second.revoked)
                return make_error(ErrorCode::FailedPrecondition, "the invitation is revoked");
            if (!it->second.used_by.empty())
                return make_error(ErrorCode::FailedPrecondition,
                                  "the invitation has been used: remove the member instead");
            it->second.revoked = true;
            return {};
        }
        case sp::SpaceOp::kAdmit: {
            const auto& admit = op.admit();
            auto id = fixed_from<16>(as_bytes(admit.invitation_id()));
            auto it = id ? invitations_.find(*id) : invitations_.end();
            if (it == invitations_.end())
                return make_error(ErrorCode::NotFound, "the admission names no known invitation");
            GROVE_TRY(need_manager("admit members"));
            if (it->second.revoked)
                return make_error(ErrorCode::PermissionDenied, "the invitation was revoked");
            // An invitation dies with its creator's membership: a removed member's codes
            // admit nobody, whoever's device handles the join.
            const MemberRecord* creator = membership_.by_identity(it->second.created_by);
            if (!creator || creator->removed)
                return make_error(ErrorCode::PermissionDenied,
                                  "the invitation's creator is no longer a member");
            if (a.wall_time_ms > it->second.expires_ms)
                return make_error(ErrorCode::PermissionDenied, "the invitation had expired");
            if (it->second.for_identity &&
                admit.member().identity().sign_key() != to_string(*it->second.for_identity))
                return make_error(ErrorCode::PermissionDenied,
                                  "the invitation was sealed to another identity: it admits only "
                                  "that contact");
            const auto& proof = admit.invitation_proof();
            if (proof.size() != 32 + crypto::kSignatureSize || admit.member().devices_size() != 1)
                return make_error(ErrorCode::InvalidArgument, "malformed admission");
            Bytes input = join_signing_input(space_, *id, admit.member().identity(),
                                             admit.member().devices(0),
                                             as_bytes(std::string_view(proof).substr(0, 32)));
            if (!crypto::verify(it->second.verify_key, input,
                                as_bytes(std::string_view(proof).substr(32))))
                return make_error(ErrorCode::PermissionDenied,
                                  "the admission's proof does not match the invitation");
            GROVE_TRY(membership_.admit(admit.member(), it->second.role));
            if (it->second.service_account)
                membership_.mark_service_account(*it->second.for_identity, it->second.created_by);
            // Concurrent uses during a partition are all kept (union), so every peer agrees; the
            // admitting device refuses a second use it can see (see docs/replication.md).
            it->second.used_by.push_back(
                *fixed_from<32>(as_bytes(admit.member().identity().sign_key())));
            return {};
        }
        case sp::SpaceOp::kChangeRole: {
            const auto& cr = op.change_role();
            auto target_id = fixed_from<32>(as_bytes(cr.identity()));
            const MemberRecord* target = target_id ? membership_.by_identity(*target_id) : nullptr;
            if (!target || target->removed)
                return make_error(ErrorCode::NotFound, "no such member");
            if (cr.role() == sp::ROLE_UNSPECIFIED || !sp::Role_IsValid(cr.role()))
                return make_error(ErrorCode::InvalidArgument, "malformed role");
            GROVE_TRY(need_manager("change roles"));
            Role role = role_from_proto(cr.role());
            if (role == target->role)
                return make_error(ErrorCode::FailedPrecondition, "the member has that role");
            const bool lowering = rank(role) < rank(target->role);
            if (lowering && !cr.has_new_epoch())
                return make_error(ErrorCode::InvalidArgument,
                                  "lowering a role must start a new content epoch");
            if (cr.has_new_epoch()) GROVE_TRY(start_epoch(cr.new_epoch(), a));
            membership_.set_role(*target_id, role);
            return {};
        }
        case sp::SpaceOp::kRemoveMember: {
            const auto& rm = op.remove_member();
            auto target_id = fixed_from<32>(as_bytes(rm.identity()));
            const MemberRecord* target = target_id ? membership_.by_identity(*target_id) : nullptr;
            if (!target || target->removed)
                return make_error(ErrorCode::NotFound, "no such member");
            if (*target_id == author->identity) {
                // Leaving: the leaver must not choose the next key; a remaining member rotates.
                if (rm.has_new_epoch())
                    return make_error(ErrorCode::InvalidArgument,
                                      "a member leaving does not start an epoch");
            } else {
                GROVE_TRY(need_manager("remove members"));
                if (!rm.has_new_epoch())
                    return make_error(ErrorCode::InvalidArgument,
                                      "removing a member must start a new content epoch");
                GROVE_TRY(start_epoch(rm.new_epoch(), a));
            }
            membership_.remove(*target_id);
            return {};
        }
        case sp::SpaceOp::kRotateEpoch:
            if (author->role == Role::Guest)
                return make_error(ErrorCode::PermissionDenied, "guests may not rotate keys");
            if (!op.rotate_epoch().has_new_epoch())
                return make_error(ErrorCode::InvalidArgument, "malformed epoch rotation");
            return start_epoch(op.rotate_epoch().new_epoch(), a);
        case sp::SpaceOp::kShareKeys:
            return {};  // the wraps travel in the header; any member may pass keys it holds on
        case sp::SpaceOp::kAddDevice: {
            const auto& cert = op.add_device().device();
            GROVE_TRY(verify_device_cert(cert));
            if (cert.identity() != to_string(author->identity))
                return make_error(ErrorCode::PermissionDenied,
                                  "a member adds only devices of its own identity");
            auto device = *fixed_from<32>(as_bytes(cert.device_sign()));
            if (membership_.knows_device(device))
                return make_error(ErrorCode::AlreadyExists,
                                  membership_.device_revoked(device)
                                      ? "a revoked device is never re-added"
                                      : "the device is already in the space");
            membership_.add_device(author->identity, cert);
            return {};
        }
        case sp::SpaceOp::kRevokeDevice: {
            const auto& rd = op.revoke_device();
            auto device = fixed_from<32>(as_bytes(rd.device()));
            const MemberRecord* owner = device ? membership_.by_device(*device) : nullptr;
            if (!owner && in_conflict && device && !membership_.device_revoked(*device))
                owner = membership_.owner_of_device(*device);
            if (!owner) return make_error(ErrorCode::NotFound, "no such device in this space");
            if (owner->identity != author->identity && !manager)
                return make_error(ErrorCode::PermissionDenied,
                                  "only the device's owner or a manager revokes a device");
            if (*device == a.author_device)
                return make_error(ErrorCode::InvalidArgument,
                                  "a device is revoked from another device");
            if (!in_conflict && membership_.live_devices(*owner).size() < 2)
                return make_error(ErrorCode::FailedPrecondition,
                                  "the member's last device: remove the member instead");
            if (!rd.has_new_epoch())
                return make_error(ErrorCode::InvalidArgument,
                                  "revoking a device must start a new content epoch");
            GROVE_TRY(start_epoch(rd.new_epoch(), a));
            membership_.revoke_device(*device);
            return {};
        }
        default:
            return make_error(ErrorCode::InvalidArgument, "not an administrative operation");
    }
}

void AdminState::digest_into(crypto::Hasher& hasher) const {
    membership_.digest_into(hasher);
    Bytes buf;
    append_u32le(buf, current_epoch_);
    for (const auto& [id, inv] : invitations_) {
        append(buf, id);
        buf.push_back(inv.revoked ? 1 : 0);
        append_u32le(buf, static_cast<std::uint32_t>(inv.used_by.size()));
        buf.push_back(inv.for_identity ? 1 : 0);
        if (inv.for_identity) append(buf, *inv.for_identity);
    }
    hasher.update(buf);
}

}  // namespace grove::platform
