// Seals a full invitation code under a short code: Argon2id of the short code's symbols keys
// XChaCha20-Poly1305, so whoever holds the sealed form must still guess 60 bits, slowly.
#pragma once

#include <grove/sdk/result.h>

#include <string>

#include "core/short_code.h"
#include "crypto/primitives.h"
#include "grove/net/v1/sync.pb.h"

namespace grove::platform {

inline constexpr std::size_t kMaxSealedShortInvitationBytes = 4096;
// The most a sealed invitation may ask the opener to spend (a resolver cannot make a joiner
// allocate more): 256 MiB and 8 passes.
inline constexpr std::uint64_t kMaxShortInvitationMemLimit = 256ull << 20;
inline constexpr std::uint64_t kMaxShortInvitationOpsLimit = 8;

grove::net::v1::ShortInvitationSealed seal_short_invitation(
    const ShortCode& code, std::string_view full_code,
    const crypto::KdfParams& kdf = crypto::KdfParams::standard());
// The full code, or: InvalidArgument for a malformed or too costly seal,
// PermissionDenied when the short code does not open it (a wrong code, or a resolver that
// answered with something else).
Result<std::string> open_short_invitation(const ShortCode& code,
                                          const grove::net::v1::ShortInvitationSealed& sealed);

}  // namespace grove::platform
