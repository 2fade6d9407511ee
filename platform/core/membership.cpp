#include "core/membership.h"

#include "core/identity.h"
#include "crypto/primitives.h"

namespace grove::platform {

namespace {
// The state digest's byte for a role: manager 0, participant 1, guest 2, as digests were always
// computed (the role's own values are 1–3), so that digests of existing stores stay comparable.
std::uint8_t digest_byte(Role role) {
    switch (role) {
        case Role::Manager:
            return 0;
        case Role::Participant:
            return 1;
        case Role::Guest:
            return 2;
    }
    return 2;
}
}  // namespace

Role role_from_proto(grove::space::v1::Role role) {
    switch (role) {
        case grove::space::v1::ROLE_MANAGER:
            return Role::Manager;
        case grove::space::v1::ROLE_PARTICIPANT:
            return Role::Participant;
        default:
            return Role::Guest;
    }
}

grove::space::v1::Role role_to_proto(Role role) {
    switch (role) {
        case Role::Manager:
            return grove::space::v1::ROLE_MANAGER;
        case Role::Participant:
            return grove::space::v1::ROLE_PARTICIPANT;
        case Role::Guest:
            return grove::space::v1::ROLE_GUEST;
    }
    return grove::space::v1::ROLE_GUEST;
}

Result<void> Membership::add(const grove::space::v1::Member& member, Role role) {
    GROVE_TRY(verify_identity_card(member.identity()));
    MemberRecord rec;
    rec.card = member.identity();
    rec.identity = *fixed_from<32>(as_bytes(member.identity().sign_key()));
    rec.role = role;
    for (const auto& cert : member.devices()) {
        GROVE_TRY(verify_device_cert(cert));
        if (cert.identity() != member.identity().sign_key())
            return make_error(ErrorCode::InvalidArgument,
                              "a device certificate names another identity");
        rec.devices.push_back(cert);
    }
    if (rec.devices.empty())
        return make_error(ErrorCode::InvalidArgument, "a member needs at least one device");
    for (const auto& cert : rec.devices)
        device_owner_[*fixed_from<32>(as_bytes(cert.device_sign()))] = rec.identity;
    members_[rec.identity] = std::move(rec);
    return {};
}

Result<void> Membership::apply_genesis(const grove::space::v1::Genesis& genesis,
                                       const crypto::SignPublicKey& author_device) {
    if (!members_.empty())
        return make_error(ErrorCode::InvalidArgument, "a space has exactly one genesis");
    if (genesis.name().empty() || genesis.name().size() > 200)
        return make_error(ErrorCode::InvalidArgument, "a space name must be 1 to 200 bytes long");
    bool author_listed = false;
    for (const auto& cert : genesis.creator().devices())
        author_listed |= cert.device_sign() == to_string(author_device);
    if (!author_listed)
        return make_error(ErrorCode::InvalidArgument,
                          "the genesis author is not a device of the creator");
    return add(genesis.creator(), Role::Manager);
}

Result<void> Membership::admit(const grove::space::v1::Member& member, Role role) {
    auto identity = fixed_from<32>(as_bytes(member.identity().sign_key()));
    if (!identity) return make_error(ErrorCode::InvalidArgument, "malformed member identity");
    auto it = members_.find(*identity);
    if (it == members_.end() || it->second.removed) return add(member, role);
    // Known identity: a new device of an existing member; the role stays as the log set it.
    GROVE_TRY(verify_identity_card(member.identity()));
    for (const auto& cert : member.devices()) {
        GROVE_TRY(verify_device_cert(cert));
        if (cert.identity() != member.identity().sign_key())
            return make_error(ErrorCode::InvalidArgument,
                              "a device certificate names another identity");
    }
    for (const auto& cert : member.devices()) {
        auto device = *fixed_from<32>(as_bytes(cert.device_sign()));
        if (device_owner_.count(device)) continue;
        it->second.devices.push_back(cert);
        device_owner_[device] = *identity;
    }
    return {};
}

void Membership::mark_service_account(const crypto::SignPublicKey& identity,
                                      const crypto::SignPublicKey& added_by) {
    auto it = members_.find(identity);
    if (it == members_.end()) return;
    it->second.service_account = true;
    it->second.added_by = added_by;
}

void Membership::set_role(const crypto::SignPublicKey& identity, Role role) {
    if (auto it = members_.find(identity); it != members_.end()) it->second.role = role;
}

void Membership::remove(const crypto::SignPublicKey& identity) {
    if (auto it = members_.find(identity); it != members_.end()) it->second.removed = true;
}

void Membership::add_device(const crypto::SignPublicKey& identity,
                            const grove::space::v1::DeviceCert& cert) {
    auto it = members_.find(identity);
    if (it == members_.end()) return;
    it->second.devices.push_back(cert);
    device_owner_[*fixed_from<32>(as_bytes(cert.device_sign()))] = identity;
}

std::vector<const grove::space::v1::DeviceCert*> Membership::live_devices(
    const MemberRecord& m) const {
    std::vector<const grove::space::v1::DeviceCert*> out;
    for (const auto& d : m.devices)
        if (!revoked_.count(*fixed_from<32>(as_bytes(d.device_sign())))) out.push_back(&d);
    return out;
}

std::vector<const grove::space::v1::DeviceCert*> Membership::active_device_certs() const {
    std::vector<const grove::space::v1::DeviceCert*> out;
    for (const auto& [id, m] : members_)
        if (!m.removed)
            for (const auto* d : live_devices(m)) out.push_back(d);
    return out;
}

const MemberRecord* Membership::by_device(const crypto::SignPublicKey& device) const {
    auto it = device_owner_.find(device);
    if (it == device_owner_.end() || revoked_.count(device)) return nullptr;
    const MemberRecord* m = by_identity(it->second);
    return m && !m->removed ? m : nullptr;
}

const MemberRecord* Membership::owner_of_device(const crypto::SignPublicKey& device) const {
    auto it = device_owner_.find(device);
    return it == device_owner_.end() ? nullptr : by_identity(it->second);
}

const MemberRecord* Membership::by_identity(const crypto::SignPublicKey& identity) const {
    auto it = members_.find(identity);
    return it == members_.end() ? nullptr : &it->second;
}

std::vector<const MemberRecord*> Membership::active() const {
    std::vector<const MemberRecord*> out;
    for (const auto& [id, m] : members_)
        if (!m.removed) out.push_back(&m);
    return out;
}

std::size_t Membership::active_count() const {
    return active().size();
}

std::vector<crypto::SignPublicKey> Membership::active_devices() const {
    std::vector<crypto::SignPublicKey> out;
    for (const auto& [device, owner] : device_owner_) {
        const MemberRecord* m = by_identity(owner);
        if (m && !m->removed && !revoked_.count(device)) out.push_back(device);
    }
    return out;
}

void Membership::digest_into(crypto::Hasher& hasher) const {
    Bytes buf;
    for (const auto& [id, m] : members_) {
        buf.clear();
        append(buf, id);
        buf.push_back(digest_byte(m.role));
        buf.push_back(m.removed ? 1 : 0);
        append_u32le(buf, static_cast<std::uint32_t>(m.devices.size()));
        for (const auto& d : m.devices) {
            append(buf, as_bytes(d.device_sign()));
            buf.push_back(revoked_.count(*fixed_from<32>(as_bytes(d.device_sign()))) ? 1 : 0);
        }
        hasher.update(buf);
    }
}

}  // namespace grove::platform
