#include "core/pairing_codes.h"

namespace grove::platform {

void PairingCodes::issue(const CodeId& id, const crypto::SignPublicKey& verify_key,
                         std::int64_t expires_ms) {
    pending_[id] = Pending{verify_key, expires_ms, false};
}

Result<crypto::SignPublicKey> PairingCodes::verify_key(std::string_view id,
                                                       std::int64_t now_ms) const {
    auto key = fixed_from<16>(as_bytes(id));
    auto it = key ? pending_.find(*key) : pending_.end();
    if (it == pending_.end())
        return make_error(ErrorCode::NotFound, "no such pairing code on this device");
    if (it->second.used)
        return make_error(ErrorCode::PermissionDenied, "the pairing code has been used");
    if (now_ms > it->second.expires_ms)
        return make_error(ErrorCode::PermissionDenied, "the pairing code has expired");
    return it->second.verify_key;
}

void PairingCodes::consume(std::string_view id) {
    if (auto key = fixed_from<16>(as_bytes(id)))
        if (auto it = pending_.find(*key); it != pending_.end()) it->second.used = true;
}

}  // namespace grove::platform
