// Membership: who belongs to a space, with which role and which device keys, as established by
// the space's own signed log. Every delta's author is checked against it at its causal position.
#pragma once

#include <grove/sdk/result.h>

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "core/chat_state.h"
#include "core/peer.h"
#include "grove/space/v1/ops.pb.h"

namespace grove::platform {

struct MemberRecord {
    grove::space::v1::IdentityCard card;
    crypto::SignPublicKey identity{};
    Role role = Role::Guest;
    std::vector<grove::space::v1::DeviceCert> devices;
    bool removed = false;
    // A non-person identity a manager (`added_by`, identity) created and admitted.
    bool service_account = false;
    crypto::SignPublicKey added_by{};
};

Role role_from_proto(grove::space::v1::Role role);
grove::space::v1::Role role_to_proto(Role role);

class Membership {
public:
    // The genesis names the creator as manager; its author device must be one of the creator's.
    Result<void> apply_genesis(const grove::space::v1::Genesis& genesis,
                               const crypto::SignPublicKey& author_device);

    // Adds an admitted member (certificates checked); an existing identity gains the devices.
    Result<void> admit(const grove::space::v1::Member& member, Role role);

    // The log's later decisions about an existing member (validity is checked by AdminState).
    void set_role(const crypto::SignPublicKey& identity, Role role);
    void remove(const crypto::SignPublicKey& identity);
    void mark_service_account(const crypto::SignPublicKey& identity,
                              const crypto::SignPublicKey& added_by);
    // Another device of an existing member (certificate checked by the caller).
    void add_device(const crypto::SignPublicKey& identity,
                    const grove::space::v1::DeviceCert& cert);
    void revoke_device(const crypto::SignPublicKey& device) { revoked_.insert(device); }
    bool device_revoked(const crypto::SignPublicKey& device) const {
        return revoked_.count(device) != 0;
    }
    // The member's devices that are not revoked.
    std::vector<const grove::space::v1::DeviceCert*> live_devices(const MemberRecord& m) const;

    const MemberRecord* by_device(const crypto::SignPublicKey& device) const;
    // The record of the member the device belongs to, even if removed or the device revoked.
    const MemberRecord* owner_of_device(const crypto::SignPublicKey& device) const;
    // Whether the device is or was a member's (removed members' devices still learn of it).
    bool knows_device(const crypto::SignPublicKey& device) const {
        return device_owner_.count(device) != 0;
    }
    const MemberRecord* by_identity(const crypto::SignPublicKey& identity) const;
    std::vector<const MemberRecord*> active() const;
    std::size_t active_count() const;
    std::vector<crypto::SignPublicKey> active_devices() const;
    // The active device certificates (for sealing keys to them).
    std::vector<const grove::space::v1::DeviceCert*> active_device_certs() const;

    void digest_into(crypto::Hasher& hasher) const;

private:
    Result<void> add(const grove::space::v1::Member& member, Role role);
    std::map<crypto::SignPublicKey, MemberRecord> members_;                // by identity
    std::map<crypto::SignPublicKey, crypto::SignPublicKey> device_owner_;  // device → identity
    std::set<crypto::SignPublicKey> revoked_;
};

}  // namespace grove::platform
