#include "core/short_invitation_seal.h"

#include "common/bytes.h"

namespace grove::platform {

namespace {
constexpr std::string_view kDomain = "grove.short-invite.v1";

Bytes associated_data(const ShortCode& code) {
    std::string ad = std::string(kDomain) + code.locator();
    return Bytes(ad.begin(), ad.end());
}
}  // namespace

grove::net::v1::ShortInvitationSealed seal_short_invitation(const ShortCode& code,
                                                            std::string_view full_code,
                                                            const crypto::KdfParams& kdf) {
    auto salt = crypto::random_array<crypto::kSaltSize>();
    auto key = crypto::derive_key(code.canonical(), salt, kdf);
    grove::net::v1::ShortInvitationSealed out;
    if (!key) return out;  // out of memory for Argon2id: an empty seal, refused by the opener
    auto nonce = crypto::random_nonce();
    auto ct = crypto::aead_encrypt(*key, nonce, as_bytes(full_code), associated_data(code));
    out.set_salt(salt.data(), salt.size());
    out.set_ops_limit(kdf.ops_limit);
    out.set_mem_limit(kdf.mem_limit);
    out.set_nonce(nonce.data(), nonce.size());
    out.set_ciphertext(ct.data(), ct.size());
    return out;
}

Result<std::string> open_short_invitation(const ShortCode& code,
                                          const grove::net::v1::ShortInvitationSealed& sealed) {
    auto salt = fixed_from<crypto::kSaltSize>(as_bytes(sealed.salt()));
    auto nonce = fixed_from<crypto::kNonceSize>(as_bytes(sealed.nonce()));
    if (!salt || !nonce || sealed.ciphertext().empty() ||
        sealed.ciphertext().size() > kMaxSealedShortInvitationBytes)
        return make_error(ErrorCode::InvalidArgument, "the resolver's answer is malformed");
    if (sealed.ops_limit() < 1 || sealed.ops_limit() > kMaxShortInvitationOpsLimit ||
        sealed.mem_limit() < 8192 || sealed.mem_limit() > kMaxShortInvitationMemLimit)
        return make_error(ErrorCode::InvalidArgument,
                          "the resolver's answer asks for key derivation out of range");
    auto key = crypto::derive_key(code.canonical(), *salt,
                                  crypto::KdfParams{sealed.ops_limit(), sealed.mem_limit()});
    if (!key) return key.error();
    auto plain = crypto::aead_decrypt(*key, *nonce, as_bytes(sealed.ciphertext()),
                                      associated_data(code));
    if (!plain)
        return make_error(ErrorCode::PermissionDenied,
                          "this code does not open the invitation filed under it: check the "
                          "code (or ask for a new one)");
    return std::string(plain->begin(), plain->end());
}

}  // namespace grove::platform
