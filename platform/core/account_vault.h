// AccountVault: creates, unlocks and re-keys the account's secrets in the profile store.
// Secrets are stored only wrapped by an Argon2id-derived key; profile data only under the storage key.
#pragma once

#include <grove/sdk/result.h>

#include <memory>
#include <string>

#include "core/identity.h"
#include "crypto/keys.h"
#include "crypto/primitives.h"
#include "store/profile_store.h"

namespace grove::platform {

// What an unlocked account holds in memory.
struct UnlockedAccount {
    LocalIdentity identity;
    crypto::SymmetricKey storage_key;  // wraps epoch keys and local state at rest
};

struct LocalSeal {
    Bytes nonce;
    Bytes ciphertext;
};
// Encrypts local data at rest under the storage key, bound to a purpose string.
LocalSeal seal_local(const crypto::SymmetricKey& storage_key, std::string_view purpose,
                     ByteView plaintext);
Result<Bytes> open_local(const crypto::SymmetricKey& storage_key, std::string_view purpose,
                         const Bytes& nonce, const Bytes& ciphertext);

class AccountVault {
public:
    explicit AccountVault(store::ProfileStore& store) : store_(store) {}

    Result<bool> exists();
    // `now_ms`: the peer's wall clock (Unix ms), the issue time of the identity documents.
    Result<std::unique_ptr<UnlockedAccount>> create(const std::string& display_name,
                                                    const std::string& passphrase,
                                                    const crypto::KdfParams& params,
                                                    std::int64_t now_ms);
    // An account for an identity that already exists on another device (device pairing):
    // `identity` holds the paired identity's keys and this device's own keys.
    Result<std::unique_ptr<UnlockedAccount>> create_with_identity(LocalIdentity identity,
                                                                  const std::string& passphrase,
                                                                  const crypto::KdfParams& params);
    // Wrong passphrase → Unauthenticated (after the full KDF cost). Parameters weaker than
    // KdfParams::minimum() in the store are a downgrade: PermissionDenied, nothing is derived.
    Result<std::unique_ptr<UnlockedAccount>> unlock(const std::string& passphrase);
    // Whether `passphrase` unlocks the account, with the same errors and cost as unlock(); the
    // secrets it derives are wiped before it returns.
    Result<void> verify(const std::string& passphrase);
    Result<void> change_passphrase(const std::string& old_passphrase,
                                   const std::string& new_passphrase,
                                   const crypto::KdfParams& params);

private:
    Result<void> write(const UnlockedAccount& account, const std::string& passphrase,
                       const crypto::KdfParams& params);
    store::ProfileStore& store_;
};

// Minimal passphrase policy for new passphrases.
Result<void> check_new_passphrase(const std::string& passphrase);

}  // namespace grove::platform
