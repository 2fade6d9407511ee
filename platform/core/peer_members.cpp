// Peer's membership calls — list members, change roles, remove members, leave a space, revoke
// invitations — and the key duties that follow administrative changes (see docs/security.md).
#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "core/peer_impl.h"
#include "crypto/primitives.h"

namespace grove::platform {

namespace sp = grove::space::v1;
using grove::wire::v1::DeltaKind;

namespace {

MemberView member_view(const MemberRecord& m, const crypto::SignPublicKey& me) {
    MemberView v;
    v.identity_id = to_hex(m.identity);
    v.display_name = m.card.display_name();
    v.fingerprint = crypto::fingerprint(m.identity);
    v.role = m.role;
    for (const auto& d : m.devices) v.devices.push_back(to_hex(as_bytes(d.device_sign())));
    v.is_me = m.identity == me;
    v.service_account = m.service_account;
    if (m.service_account) v.added_by = to_hex(m.added_by);
    return v;
}

std::string squeeze(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
    std::transform(text.begin(), text.end(), text.begin(), ::tolower);
    return text;
}

// An active member by identity id (or prefix of ≥ 4 hex digits), fingerprint or display name.
Result<const MemberRecord*> resolve_member(const Space& space, const std::string& ref) {
    if (ref.empty()) return make_error(ErrorCode::InvalidArgument, "no member given");
    const std::string key = squeeze(ref);
    std::vector<const MemberRecord*> by_id, by_fingerprint, by_name;
    for (const MemberRecord* m : space.membership().active()) {
        const std::string hex = to_hex(m->identity);
        if (hex == key || (key.size() >= 4 && hex.rfind(key, 0) == 0)) by_id.push_back(m);
        if (squeeze(crypto::fingerprint(m->identity)) == key) by_fingerprint.push_back(m);
        if (m->card.display_name() == ref) by_name.push_back(m);
    }
    for (const auto* list : {&by_id, &by_fingerprint, &by_name}) {
        if (list->size() == 1) return list->front();
        if (list->size() > 1)
            return make_error(ErrorCode::InvalidArgument,
                              "\"" + ref + "\" matches more than one member: use the id");
    }
    return make_error(ErrorCode::NotFound, "no member \"" + ref + "\" in this space");
}

// This device's member record if it is an active manager's, else PermissionDenied with `why`.
Result<const MemberRecord*> require_manager(const Space& space, const LocalIdentity& me,
                                            const char* why) {
    const MemberRecord* mine = space.membership().by_device(me.device_sign.public_key);
    if (!mine || mine->role != Role::Manager) return make_error(ErrorCode::PermissionDenied, why);
    return mine;
}

int rank(Role role) {
    return role == Role::Manager ? 2 : role == Role::Participant ? 1 : 0;
}

std::size_t manager_count(const Space& space) {
    std::size_t n = 0;
    for (const MemberRecord* m : space.membership().active()) n += m->role == Role::Manager;
    return n;
}

}  // namespace

// ---- key handling ----

bool Peer::Impl::harvest_keys(Space& space, std::span<const DecodedDelta> deltas) {
    const auto& me = account->identity;
    const std::string mine = to_string(me.device_sign.public_key);
    bool got = false;
    for (const auto& d : deltas)
        for (const auto& w : d.header.epoch_keys()) {
            if (w.device() != mine) continue;
            const std::uint32_t epoch = w.epoch() ? w.epoch() : d.header.epoch();
            if (space.epoch_key(epoch) || !space.knows_epoch(epoch)) continue;
            auto raw = crypto::open_sealed(me.device_box, as_bytes(w.sealed_key()));
            if (!raw.ok() || raw->view().size() != crypto::kSymmetricKeySize) continue;
            auto key = crypto::symmetric_key_from(raw->view());
            if (!space.offer_epoch_key(epoch, key)) continue;  // not the committed key
            (void)store_epoch_key(space.id(), epoch, key);
            got = true;
        }
    return got;
}

Result<std::vector<grove::wire::v1::EpochKeyWrap>> Peer::Impl::new_epoch(
    Space& space, sp::EpochStart* start, const crypto::SignPublicKey* excluded_identity) {
    std::uint32_t epoch = 0;
    while (epoch <= 1 || space.knows_epoch(epoch) || space.epoch_key(epoch)) {
        auto r = crypto::random_array<4>();
        std::memcpy(&epoch, r.data(), sizeof epoch);
    }
    auto key = crypto::random_symmetric_key();
    start->set_epoch(epoch);
    start->set_key_commitment(to_string(epoch_key_commitment(space.id(), epoch, key.view())));
    std::vector<grove::wire::v1::EpochKeyWrap> wraps;
    for (const auto* cert : space.membership().active_device_certs()) {
        if (excluded_identity && cert->identity() == to_string(*excluded_identity)) continue;
        auto box = fixed_from<32>(as_bytes(cert->device_box()));
        if (!box) continue;
        grove::wire::v1::EpochKeyWrap w;
        w.set_device(cert->device_sign());
        w.set_sealed_key(to_string(crypto::seal(*box, key.view())));
        w.set_epoch(epoch);
        wraps.push_back(std::move(w));
    }
    GROVE_TRY(store_epoch_key(space.id(), epoch, key));
    space.add_epoch_key(epoch, std::move(key));
    return wraps;
}

Result<void> Peer::Impl::drop_space(SpaceId id, std::vector<SpaceEvent>& events) {
    GROVE_TRY(store->remove_space(id));
    if (tools) {
        tools->reset_space(id);
        tools->schedule();
    }
    spaces.erase(id);
    SpaceEvent ev;
    ev.kind = SpaceEvent::Kind::SpaceRemoved;
    ev.space_id = to_hex(id);
    events.push_back(std::move(ev));
    return {};
}

void Peer::Impl::perform_key_duties(const SpaceId& id, std::vector<SpaceEvent>& events) {
    auto it = spaces.find(id);
    if (it == spaces.end() || !account) return;
    Space& space = *it->second;
    if (!space.admin().has_genesis()) return;
    const auto& me = account->identity;
    const MemberRecord* mine = space.membership().by_device(me.device_sign.public_key);
    if (!mine) {
        if (space.membership().device_revoked(me.device_sign.public_key) ||
            space.departure_settled(me.identity_sign.public_key))
            (void)drop_space(id, events);
        return;
    }
    if (!space.can_author()) return;  // the current key is still on its way to this device
    const bool responsible = mine->role == Role::Manager ||
                             (mine->role == Role::Participant && manager_count(space) == 0);
    if (space.rotation_due() && responsible) {
        sp::SpaceOp op;
        auto wraps = new_epoch(space, op.mutable_rotate_epoch()->mutable_new_epoch(), nullptr);
        if (wraps.ok()) {
            (void)submit_one(space, space_op_draft(op, std::move(wraps).value()), events);
        }
    }
    auto owed = space.keys_to_share();
    if (owed.empty()) return;
    std::map<std::string, const sp::DeviceCert*> certs;
    for (const auto* c : space.membership().active_device_certs()) certs[c->device_sign()] = c;
    Space::Draft draft{DeltaKind::DELTA_KIND_SPACE, {}, {}, {}};
    sp::SpaceOp op;
    op.mutable_share_keys();
    draft.payload = to_bytes(op.SerializeAsString());
    for (const auto& [device, epochs] : owed) {
        auto c = certs.find(to_string(device));
        auto box =
            c == certs.end() ? std::nullopt : fixed_from<32>(as_bytes(c->second->device_box()));
        if (!box) continue;
        for (auto epoch : epochs) {
            grove::wire::v1::EpochKeyWrap w;
            w.set_device(to_string(device));
            w.set_sealed_key(to_string(crypto::seal(*box, space.epoch_key(epoch)->view())));
            w.set_epoch(epoch);
            draft.epoch_keys.push_back(std::move(w));
        }
    }
    if (!draft.epoch_keys.empty()) (void)submit(space, std::span(&draft, 1), events);
}

// ---- membership calls ----

Result<std::vector<MemberView>> Peer::list_members(const std::string& space) const {
    return impl_->list_members(space, false);
}

Result<std::vector<MemberView>> Peer::list_service_accounts(const std::string& space) const {
    return impl_->list_members(space, true);
}

Result<std::vector<MemberView>> Peer::Impl::list_members(const std::string& space,
                                                         bool service_accounts_only) {
    std::lock_guard lock(mutex);
    auto s = resolve(space);
    if (!s.ok()) return s.error();
    const auto& me = account->identity.identity_sign.public_key;
    std::vector<MemberView> out;
    for (const MemberRecord* m : (*s)->membership().active())
        if (!service_accounts_only || m->service_account) out.push_back(member_view(*m, me));
    std::sort(out.begin(), out.end(), [](const MemberView& a, const MemberView& b) {
        return std::tie(a.role, a.display_name, a.identity_id) <
               std::tie(b.role, b.display_name, b.identity_id);
    });
    return out;
}

Result<MemberView> Peer::change_role(const std::string& space, const std::string& member,
                                     Role role) {
    return impl_->mutate(space, [&](Space& sp_, auto& events) -> Result<MemberView> {
        const auto& me = impl_->account->identity;
        GROVE_TRY(require_manager(sp_, me, "only managers change roles"));
        auto target = resolve_member(sp_, member);
        if (!target.ok()) return target.error();
        const MemberRecord& t = **target;
        if (t.role == role)
            return make_error(ErrorCode::AlreadyExists,
                              t.card.display_name() + " is already a " + to_string(role));
        if (t.role == Role::Manager && manager_count(sp_) == 1)
            return make_error(ErrorCode::FailedPrecondition,
                              "a space needs a manager: make someone else a manager first");
        if (!sp_.can_author())
            return make_error(ErrorCode::Unavailable,
                              "this device is waiting for the space's current key");
        const auto identity = t.identity;
        sp::SpaceOp op;
        op.mutable_change_role()->set_identity(to_string(identity));
        op.mutable_change_role()->set_role(role_to_proto(role));
        Space::Draft draft{DeltaKind::DELTA_KIND_SPACE, {}, {}, {}};
        if (rank(role) < rank(t.role)) {
            auto wraps =
                impl_->new_epoch(sp_, op.mutable_change_role()->mutable_new_epoch(), nullptr);
            if (!wraps.ok()) return wraps.error();
            draft.epoch_keys = std::move(wraps).value();
        }
        draft.payload = to_bytes(op.SerializeAsString());
        GROVE_TRY(impl_->submit_one(sp_, std::move(draft), events));
        const MemberRecord* after = sp_.membership().by_identity(identity);
        return member_view(*after, me.identity_sign.public_key);
    });
}

Result<void> Peer::remove_member(const std::string& space, const std::string& member) {
    return impl_->remove_member(space, member, false);
}

Result<void> Peer::remove_service_account(const std::string& space, const std::string& member) {
    return impl_->remove_member(space, member, true);
}

Result<void> Peer::Impl::remove_member(const std::string& space, const std::string& member,
                                       bool service_accounts_only) {
    return mutate(space, [&](Space& sp_, auto& events) -> Result<void> {
        const auto& me = account->identity;
        GROVE_TRY(require_manager(sp_, me, "only managers remove members"));
        auto target = resolve_member(sp_, member);
        if (!target.ok()) return target.error();
        if (service_accounts_only && !(*target)->service_account)
            return make_error(ErrorCode::FailedPrecondition,
                              "\"" + member + "\" is a person, not a service account: use "
                              "member remove");
        if ((*target)->identity == me.identity_sign.public_key)
            return make_error(ErrorCode::InvalidArgument,
                              "to remove yourself, leave the space instead");
        if (!sp_.can_author())
            return make_error(ErrorCode::Unavailable,
                              "this device is waiting for the space's current key");
        const auto identity = (*target)->identity;
        sp::SpaceOp op;
        op.mutable_remove_member()->set_identity(to_string(identity));
        auto wraps =
            new_epoch(sp_, op.mutable_remove_member()->mutable_new_epoch(), &identity);
        if (!wraps.ok()) return wraps.error();
        GROVE_TRY(submit_one(sp_, Impl::space_op_draft(op, std::move(wraps).value()),
                                    events));
        return {};
    });
}

Result<void> Peer::leave_space(const std::string& space) {
    return impl_->mutate(space, [&](Space& sp_, auto& events) -> Result<void> {
        const auto& me = impl_->account->identity;
        const MemberRecord* mine = sp_.membership().by_device(me.device_sign.public_key);
        const std::size_t members = sp_.membership().active_count();
        if (mine && members > 1) {
            if (mine->role == Role::Manager && manager_count(sp_) == 1)
                return make_error(ErrorCode::FailedPrecondition,
                                  "you are the space's only manager: make another member a "
                                  "manager first");
            if (!sp_.can_author())
                return make_error(ErrorCode::Unavailable,
                                  "this device is waiting for the space's current key");
            // The others learn of the leave from this delta; the space's data stays here until
            // another member has seen it (perform_key_duties), hidden from every listing.
            sp::SpaceOp op;
            op.mutable_remove_member()->set_identity(to_string(me.identity_sign.public_key));
            GROVE_TRY(impl_->submit_one(sp_, Impl::space_op_draft(op), events));
            SpaceEvent ev;
            ev.kind = SpaceEvent::Kind::SpaceRemoved;
            ev.space_id = sp_.id_hex();
            events.push_back(std::move(ev));
        } else {
            GROVE_TRY(impl_->drop_space(sp_.id(), events));  // nobody else to tell
        }
        return {};
    });
}

Result<std::vector<InvitationView>> Peer::list_invitations(const std::string& space) const {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->resolve(space);
    if (!s.ok()) return s.error();
    GROVE_TRY(require_manager(**s, impl_->account->identity, "only managers see invitations"));
    const auto now = impl_->now_ms();
    std::vector<InvitationView> out;
    for (const auto& [id, inv] : (*s)->admin().invitations()) {
        InvitationView v;
        v.invitation_id = to_hex(id);
        v.role = inv.role;
        v.expires_ms = inv.expires_ms;
        v.created_by = to_hex(inv.created_by);
        for (const auto& who : inv.used_by) v.used_by.push_back(to_hex(who));
        v.revoked = inv.revoked;
        v.expired = now > inv.expires_ms;
        out.push_back(std::move(v));
    }
    std::sort(out.begin(), out.end(), [](const InvitationView& a, const InvitationView& b) {
        return std::tie(b.expires_ms, a.invitation_id) < std::tie(a.expires_ms, b.invitation_id);
    });
    return out;
}

Result<void> Peer::revoke_invitation(const std::string& space, const std::string& invitation_id) {
    return impl_->mutate(space, [&](Space& sp_, auto& events) -> Result<void> {
        const auto& me = impl_->account->identity;
        GROVE_TRY(require_manager(sp_, me, "only managers revoke invitations"));
        const std::string key = squeeze(invitation_id);
        std::vector<const InvitationRecord*> found;
        for (const auto& [id, inv] : sp_.admin().invitations()) {
            const std::string hex = to_hex(id);
            if (hex == key || (key.size() >= 4 && hex.rfind(key, 0) == 0)) found.push_back(&inv);
        }
        if (found.empty()) return make_error(ErrorCode::NotFound, "no invitation " + invitation_id);
        if (found.size() > 1)
            return make_error(ErrorCode::InvalidArgument,
                              "the invitation id prefix " + invitation_id + " is ambiguous");
        if (found.front()->revoked)
            return make_error(ErrorCode::AlreadyExists, "the invitation is already revoked");
        if (!found.front()->used_by.empty())
            return make_error(ErrorCode::FailedPrecondition,
                              "the invitation has been used: remove the member instead");
        sp::SpaceOp op;
        op.mutable_revoke_invitation()->set_invitation_id(to_string(found.front()->id));
        GROVE_TRY(impl_->submit_one(sp_, Impl::space_op_draft(op), events));
        return {};
    });
}

}  // namespace grove::platform
