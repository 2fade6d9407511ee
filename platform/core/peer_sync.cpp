// Peer facade methods of replication: sync status and invitation codes.
#include <sodium.h>

#include "core/invitation_code.h"
#include "core/peer.h"
#include "core/peer_impl.h"
#include "core/replication_state.h"
#include "crypto/primitives.h"

namespace grove::platform {

namespace sp = grove::space::v1;

void fill_retention_status(Peer::Impl& impl, const Space& space,
                           SyncStatus& out);  // peer_retention.cpp
void fill_relay_refusals(Peer::Impl& impl, const Space& space,
                         SyncStatus& out);  // peer_roster.cpp

Result<SyncStatus> Peer::sync_status(const std::string& space) const {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->resolve(space);
    if (!s.ok()) return s.error();
    SyncStatus out;
    out.space_id = (*s)->id_hex();
    for (const auto& [device, p] : (*s)->version_vector())
        out.vector.emplace_back(to_hex(device), p.seq);
    out.heads_digest = to_hex((*s)->heads_digest());
    out.state_digest = to_hex((*s)->state_digest());
    out.delta_count = (*s)->delta_count();
    if (impl_->replication) {
        auto it = impl_->replication->pending.find((*s)->id());
        if (it != impl_->replication->pending.end()) out.pending = it->second.size();
    }
    fill_retention_status(*impl_, **s, out);
    fill_relay_refusals(*impl_, **s, out);
    return out;
}

Result<InvitationInfo> Peer::create_invitation(const std::string& space, Role role,
                                               std::int64_t expires_ms,
                                               const std::vector<std::string>& addresses) {
    return impl_->create_invitation(space, role, expires_ms, addresses, nullptr);
}

Result<InvitationInfo> Peer::Impl::create_invitation(const std::string& space, Role role,
                                                     std::int64_t expires_ms,
                                                     const std::vector<std::string>& addresses,
                                                     const crypto::SignPublicKey* for_identity) {
    if (addresses.size() > 16)
        return make_error(ErrorCode::InvalidArgument, "at most 16 addresses fit in a code");
    for (const auto& a : addresses)
        if (a.empty() || a.size() > 256)
            return make_error(ErrorCode::InvalidArgument, "bad address \"" + a + "\"");
    return mutate(space, [&](Space& target, auto& events) -> Result<InvitationInfo> {
        InvitationInfo info;
        if (expires_ms <= now_ms())
            return make_error(ErrorCode::InvalidArgument, "the expiry lies in the past");
        const MemberRecord* me =
            target.membership().by_device(account->identity.device_sign.public_key);
        if (!me || me->role != Role::Manager)
            return make_error(ErrorCode::PermissionDenied, "only managers invite");
        auto invitation_id = crypto::random_array<16>();
        auto secret = crypto::random_array<32>();
        crypto::SignPublicKey verify_key{};
        crypto::SignSecretKey secret_key;
        crypto_sign_seed_keypair(verify_key.data(), secret_key.data(), secret.data());
        sp::SpaceOp op;
        auto* ci = op.mutable_create_invitation();
        ci->set_invitation_id(to_string(invitation_id));
        ci->set_role(role_to_proto(role));
        ci->set_expires_ms(expires_ms);
        ci->set_verify_key(to_string(verify_key));
        if (for_identity) ci->set_for_identity(to_string(*for_identity));
        grove::net::v1::InvitationCode code;
        code.set_space_id(to_string(target.id()));
        code.set_invitation_id(to_string(invitation_id));
        code.set_secret(to_string(secret));
        for (const auto& a : addresses) code.add_addresses(a);
        code.set_expires_ms(expires_ms);
        info.code = encode_invitation_code(code);
        sodium_memzero(secret.data(), secret.size());
        sodium_memzero(code.mutable_secret()->data(), code.secret().size());
        // A code join would refuse (too long) is never issued; nothing is written for it.
        if (info.code.size() > kMaxInvitationCodeChars) {
            sodium_memzero(info.code.data(), info.code.size());
            return make_error(ErrorCode::InvalidArgument,
                              "the addresses do not fit in an invitation code (at most " +
                                  std::to_string(kMaxInvitationCodeChars) + " characters)");
        }
        auto id = submit_one(target, space_op_draft(op), events);
        if (!id.ok()) {
            sodium_memzero(info.code.data(), info.code.size());
            return id.error();
        }
        info.invitation_id = to_hex(invitation_id);
        info.role = role;
        info.expires_ms = expires_ms;
        return info;
    });
}

}  // namespace grove::platform
