// PairingCodes: the one-time pairing codes this device has shown, each with the key that proves
// its secret, its expiry and whether it was used. Callers hold the peer's lock.
#pragma once

#include <grove/sdk/result.h>

#include <cstdint>
#include <map>
#include <string_view>

#include "common/bytes.h"
#include "crypto/keys.h"

namespace grove::platform {

class PairingCodes {
public:
    using CodeId = FixedBytes<16>;

    // Remembers a shown code: `verify_key` checks proofs of its secret until `expires_ms`.
    void issue(const CodeId& id, const crypto::SignPublicKey& verify_key, std::int64_t expires_ms);
    // The key that checks a proof for the code `id` (raw bytes, as a request carries it):
    // NotFound for a code this device did not show, PermissionDenied when used or expired.
    Result<crypto::SignPublicKey> verify_key(std::string_view id, std::int64_t now_ms) const;
    // Marks the code used: it is refused from now on, whatever follows.
    void consume(std::string_view id);

private:
    struct Pending {
        crypto::SignPublicKey verify_key{};
        std::int64_t expires_ms = 0;
        bool used = false;
    };
    std::map<CodeId, Pending> pending_;
};

}  // namespace grove::platform
