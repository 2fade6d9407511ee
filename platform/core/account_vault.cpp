#include "core/account_vault.h"

#include "crypto/primitives.h"

namespace grove::platform {
namespace {

constexpr std::size_t kSecretsSize = 64 + 32 + 64 + 32 + 32;

Bytes secrets_ad(const store::AccountRecord& r) {
    Bytes ad = to_bytes("grove.account.secrets.v1");
    append(ad, r.identity_sign);
    append(ad, r.identity_box);
    append(ad, r.device_sign);
    append(ad, r.device_box);
    append(ad, r.kdf_salt);
    append_u64le(ad, r.kdf_ops);
    append_u64le(ad, r.kdf_mem);
    return ad;
}

}  // namespace

LocalSeal seal_local(const crypto::SymmetricKey& storage_key, std::string_view purpose,
                     ByteView plaintext) {
    auto nonce = crypto::random_array<crypto::kNonceSize>();
    Bytes ad = to_bytes("grove.local.v1:");
    append(ad, as_bytes(purpose));
    return {Bytes(nonce.begin(), nonce.end()),
            crypto::aead_encrypt(storage_key, nonce, plaintext, ad)};
}

Result<Bytes> open_local(const crypto::SymmetricKey& storage_key, std::string_view purpose,
                         const Bytes& nonce, const Bytes& ciphertext) {
    auto n = fixed_from<crypto::kNonceSize>(nonce);
    if (!n) return make_error(ErrorCode::DataLoss, "local record has a bad nonce");
    Bytes ad = to_bytes("grove.local.v1:");
    append(ad, as_bytes(purpose));
    return crypto::aead_decrypt(storage_key, *n, ciphertext, ad);
}

Result<void> check_new_passphrase(const std::string& passphrase) {
    if (passphrase.size() < 8)
        return make_error(ErrorCode::InvalidArgument,
                          "the passphrase must be at least 8 characters long");
    if (passphrase.size() > 1024)
        return make_error(ErrorCode::InvalidArgument, "the passphrase is longer than 1024 bytes");
    return {};
}

Result<bool> AccountVault::exists() {
    auto r = store_.load_account();
    if (!r.ok()) return r.error();
    return r->has_value();
}

Result<std::unique_ptr<UnlockedAccount>> AccountVault::create(const std::string& display_name,
                                                              const std::string& passphrase,
                                                              const crypto::KdfParams& params,
                                                              std::int64_t now_ms) {
    if (display_name.empty() || display_name.size() > 200)
        return make_error(ErrorCode::InvalidArgument,
                          "the display name must be 1 to 200 bytes long");
    GROVE_TRY(check_new_passphrase(passphrase));
    auto ex = exists();
    if (!ex.ok()) return ex.error();
    if (*ex) return make_error(ErrorCode::AlreadyExists, "this profile already has an account");

    auto identity = LocalIdentity::generate(display_name);
    identity.issue_documents(now_ms);
    return create_with_identity(std::move(identity), passphrase, params);
}

Result<std::unique_ptr<UnlockedAccount>> AccountVault::create_with_identity(
    LocalIdentity identity, const std::string& passphrase, const crypto::KdfParams& params) {
    if (identity.display_name.empty() || identity.display_name.size() > 200)
        return make_error(ErrorCode::InvalidArgument,
                          "the display name must be 1 to 200 bytes long");
    GROVE_TRY(check_new_passphrase(passphrase));
    auto ex = exists();
    if (!ex.ok()) return ex.error();
    if (*ex) return make_error(ErrorCode::AlreadyExists, "this profile already has an account");
    auto account = std::make_unique<UnlockedAccount>();
    account->identity = std::move(identity);
    account->storage_key = crypto::random_symmetric_key();
    GROVE_TRY(write(*account, passphrase, params));
    return account;
}

Result<void> AccountVault::write(const UnlockedAccount& account, const std::string& passphrase,
                                 const crypto::KdfParams& params) {
    const auto& id = account.identity;
    store::AccountRecord r;
    r.identity_sign = id.identity_sign.public_key;
    r.identity_box = id.identity_box.public_key;
    r.device_sign = id.device_sign.public_key;
    r.device_box = id.device_box.public_key;
    auto salt = crypto::random_array<crypto::kSaltSize>();
    r.kdf_salt.assign(salt.begin(), salt.end());
    r.kdf_ops = params.ops_limit;
    r.kdf_mem = params.mem_limit;

    auto kek = crypto::derive_key(passphrase, salt, params);
    if (!kek.ok()) return kek.error();
    crypto::SecureBuffer secrets(kSecretsSize);
    std::uint8_t* p = secrets.data();
    auto put = [&p](ByteView v) { p = std::copy(v.begin(), v.end(), p); };
    put(id.identity_sign.secret_key.view());
    put(id.identity_box.secret_key.view());
    put(id.device_sign.secret_key.view());
    put(id.device_box.secret_key.view());
    put(account.storage_key.view());
    auto nonce = crypto::random_array<crypto::kNonceSize>();
    r.secrets_nonce.assign(nonce.begin(), nonce.end());
    r.wrapped_secrets = crypto::aead_encrypt(*kek, nonce, secrets.view(), secrets_ad(r));

    grove::space::v1::Member profile;
    *profile.mutable_identity() = id.card;
    *profile.add_devices() = id.device_cert;
    auto sealed = seal_local(account.storage_key, "profile", as_bytes(profile.SerializeAsString()));
    r.profile_nonce = std::move(sealed.nonce);
    r.sealed_profile = std::move(sealed.ciphertext);
    return store_.save_account(r);
}

Result<std::unique_ptr<UnlockedAccount>> AccountVault::unlock(const std::string& passphrase) {
    auto loaded = store_.load_account();
    if (!loaded.ok()) return loaded.error();
    if (!loaded->has_value())
        return make_error(ErrorCode::FailedPrecondition, "this profile has no account yet");
    const store::AccountRecord& r = **loaded;
    crypto::KdfParams params{r.kdf_ops, r.kdf_mem};
    if (!params.at_least(crypto::KdfParams::minimum()))
        return make_error(ErrorCode::PermissionDenied,
                          "the stored key-derivation parameters are weaker than Grove allows "
                          "(possible downgrade attack); refusing to unlock");
    auto salt = fixed_from<crypto::kSaltSize>(r.kdf_salt);
    auto nonce = fixed_from<crypto::kNonceSize>(r.secrets_nonce);
    if (!salt || !nonce) return make_error(ErrorCode::DataLoss, "the account record is damaged");
    auto kek = crypto::derive_key(passphrase, *salt, params);
    if (!kek.ok()) return kek.error();
    auto secrets = crypto::aead_decrypt_secret(*kek, *nonce, r.wrapped_secrets, secrets_ad(r));
    if (!secrets.ok() || secrets->size() != kSecretsSize)
        return make_error(ErrorCode::Unauthenticated, "wrong passphrase");

    auto account = std::make_unique<UnlockedAccount>();
    const std::uint8_t* p = secrets->data();
    auto take = [&p](std::size_t n) {
        ByteView v(p, n);
        p += n;
        return v;
    };
    auto& id = account->identity;
    id.identity_sign = crypto::SigningKeyPair::from_secret(take(64));
    id.identity_box = crypto::BoxKeyPair::from_secret(take(32));
    id.device_sign = crypto::SigningKeyPair::from_secret(take(64));
    id.device_box = crypto::BoxKeyPair::from_secret(take(32));
    account->storage_key = crypto::symmetric_key_from(take(32));
    if (id.identity_sign.public_key != r.identity_sign || id.device_sign.public_key != r.device_sign)
        return make_error(ErrorCode::DataLoss, "the account keys do not match their record");

    auto profile_bytes =
        open_local(account->storage_key, "profile", r.profile_nonce, r.sealed_profile);
    if (!profile_bytes.ok())
        return make_error(ErrorCode::DataLoss, "the account profile cannot be decrypted");
    grove::space::v1::Member profile;
    if (!profile.ParseFromArray(profile_bytes->data(), static_cast<int>(profile_bytes->size())) ||
        profile.devices_size() != 1)
        return make_error(ErrorCode::DataLoss, "the account profile is damaged");
    id.card = profile.identity();
    id.device_cert = profile.devices(0);
    id.display_name = id.card.display_name();
    return account;
}

Result<void> AccountVault::verify(const std::string& passphrase) {
    auto account = unlock(passphrase);
    if (!account.ok()) return account.error();
    return {};
}

Result<void> AccountVault::change_passphrase(const std::string& old_passphrase,
                                             const std::string& new_passphrase,
                                             const crypto::KdfParams& params) {
    GROVE_TRY(check_new_passphrase(new_passphrase));
    auto account = unlock(old_passphrase);
    if (!account.ok()) return account.error();
    return write(**account, new_passphrase, params);
}

}  // namespace grove::platform
