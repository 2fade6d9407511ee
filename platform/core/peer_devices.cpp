// Peer's device calls: list this identity's devices as the spaces' logs certify them, and revoke
// one (a new epoch in every space that has it). Pairing a new device lives in peer_pairing.cpp.
#include <algorithm>
#include <map>

#include "core/peer_impl.h"

namespace grove::platform {

namespace sp = grove::space::v1;
using grove::wire::v1::DeltaKind;

Result<std::vector<DeviceView>> Peer::list_devices() const {
    std::lock_guard lock(impl_->mutex);
    GROVE_TRY(impl_->require_unlocked());
    const auto& me = impl_->account->identity;
    std::map<std::string, DeviceView> devices;
    auto& mine = devices[to_hex(me.device_sign.public_key)];
    mine.device_id = to_hex(me.device_sign.public_key);
    mine.this_device = true;
    mine.issued_ms = me.device_cert.issued_ms();
    for (const auto& [id, space] : impl_->spaces) {
        const MemberRecord* rec = space->membership().by_identity(me.identity_sign.public_key);
        if (!rec || rec->removed) continue;
        for (const auto& cert : rec->devices) {
            const std::string hex = to_hex(as_bytes(cert.device_sign()));
            auto& v = devices[hex];
            v.device_id = hex;
            v.issued_ms = std::max(v.issued_ms, cert.issued_ms());
            auto key = *fixed_from<32>(as_bytes(cert.device_sign()));
            if (space->membership().device_revoked(key))
                v.revoked = true;
            else
                v.spaces.push_back(space->id_hex());
        }
    }
    std::vector<DeviceView> out;
    for (auto& [hex, v] : devices) out.push_back(std::move(v));
    std::stable_sort(out.begin(), out.end(), [](const DeviceView& a, const DeviceView& b) {
        return a.this_device > b.this_device;
    });
    return out;
}

Result<void> Peer::revoke_device(const std::string& device) {
    std::vector<SpaceEvent> events;
    {
        std::lock_guard lock(impl_->mutex);
        GROVE_TRY(impl_->require_unlocked());
        const auto& me = impl_->account->identity;
        std::string key = device;
        std::transform(key.begin(), key.end(), key.begin(), ::tolower);
        if (key.size() < 4)
            return make_error(ErrorCode::InvalidArgument, "give at least 4 hex digits");
        // Find the device among this identity's devices in every space.
        std::optional<crypto::SignPublicKey> target;
        for (const auto& [id, space] : impl_->spaces) {
            const MemberRecord* rec = space->membership().by_identity(me.identity_sign.public_key);
            if (!rec) continue;
            for (const auto& cert : rec->devices) {
                const std::string hex = to_hex(as_bytes(cert.device_sign()));
                if (hex.rfind(key, 0) != 0) continue;
                auto k = *fixed_from<32>(as_bytes(cert.device_sign()));
                if (target && *target != k)
                    return make_error(ErrorCode::InvalidArgument,
                                      "the device prefix " + device + " is ambiguous");
                target = k;
            }
        }
        if (!target) return make_error(ErrorCode::NotFound, "no device " + device + " of yours");
        if (*target == me.device_sign.public_key)
            return make_error(ErrorCode::InvalidArgument,
                              "this is the device you are using: revoke it from another one");
        std::size_t revoked = 0;
        for (auto& [id, space] : impl_->spaces) {
            if (!impl_->listed(*space) || !space->membership().by_device(*target)) continue;
            if (!space->can_author())
                return make_error(ErrorCode::Unavailable,
                                  "space " + space->id_hex() + " is waiting for its current key");
            sp::SpaceOp op;
            op.mutable_revoke_device()->set_device(to_string(*target));
            // New epoch for every device but the revoked one.
            auto wraps =
                impl_->new_epoch(*space, op.mutable_revoke_device()->mutable_new_epoch(), nullptr);
            if (!wraps.ok()) return wraps.error();
            std::vector<grove::wire::v1::EpochKeyWrap> kept;
            for (auto& w : *wraps)
                if (w.device() != to_string(*target)) kept.push_back(std::move(w));
            GROVE_TRY(impl_->submit_one(*space, Impl::space_op_draft(op, std::move(kept)), events));
            ++revoked;
        }
        if (revoked == 0)
            return make_error(ErrorCode::FailedPrecondition,
                              "the device is already revoked everywhere");
    }
    impl_->dispatch(events);
    return {};
}

}  // namespace grove::platform
