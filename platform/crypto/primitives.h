// The cryptographic operations Grove uses, over libsodium: Ed25519 signatures, X25519 sealed boxes,
// XChaCha20-Poly1305 with associated data, BLAKE2b hashing, Argon2id key derivation, randomness.
#pragma once

#include <grove/sdk/result.h>

#include <string_view>

#include "crypto/keys.h"

namespace grove::platform::crypto {

// Must be called once before anything else (idempotent, thread-safe).
void initialize();

void random_bytes(std::span<std::uint8_t> out);
template <std::size_t N>
FixedBytes<N> random_array() {
    FixedBytes<N> out;
    random_bytes(out);
    return out;
}

// A fresh random 24-byte nonce. Served from a per-thread buffer of OS randomness refilled 4 KiB
// at a time (one getrandom call per ~170 nonces instead of one each); refilled after fork().
Nonce random_nonce();

// ---- signatures -------------------------------------------------------------------------------
Signature sign(const SignSecretKey& key, ByteView message);
bool verify(const SignPublicKey& key, ByteView message, ByteView signature);

// ---- sealed boxes (anonymous sender, to one X25519 recipient) -------------------------------------
Bytes seal(const BoxPublicKey& recipient, ByteView plaintext);
Result<SecureBuffer> open_sealed(const BoxKeyPair& recipient, ByteView sealed);

// ---- authenticated encryption with associated data (XChaCha20-Poly1305-IETF) --------------------
// Returns ciphertext || tag. The nonce must never repeat for one key: use random_array<kNonceSize>.
Bytes aead_encrypt(const SymmetricKey& key, const Nonce& nonce, ByteView plaintext, ByteView ad);
// Fails (DataLoss) when the key, nonce, ciphertext or associated data do not match.
Result<Bytes> aead_decrypt(const SymmetricKey& key, const Nonce& nonce, ByteView ciphertext,
                           ByteView ad);
// The same, into secure memory (for wrapped secrets).
Result<SecureBuffer> aead_decrypt_secret(const SymmetricKey& key, const Nonce& nonce,
                                         ByteView ciphertext, ByteView ad);

// ---- hashing (BLAKE2b) ---------------------------------------------------------------------------
class Hasher {
public:
    explicit Hasher(std::string_view domain = {});
    Hasher& update(ByteView data);
    Hasher& update(std::string_view data);
    Hash finish();

private:
    alignas(64) unsigned char state_[384];
};
Hash hash(ByteView data);
Hash hash(std::string_view domain, ByteView data);
// Keyed BLAKE2b (a MAC / PRF), 32-byte output.
Hash keyed_hash(const SymmetricKey& key, ByteView data);

// ---- passphrase key derivation (Argon2id) -------------------------------------------------------
inline constexpr std::size_t kSaltSize = 16;
struct KdfParams {
    std::uint64_t ops_limit = 0;
    std::uint64_t mem_limit = 0;  // bytes
    // Argon2id with 64 MiB and 2 passes (libsodium "interactive"); see docs/security.md.
    static KdfParams standard();
    // The smallest parameters the store accepts: anything weaker is a downgrade and refused.
    static KdfParams minimum();
    bool at_least(const KdfParams& floor) const {
        return ops_limit >= floor.ops_limit && mem_limit >= floor.mem_limit;
    }
};
Result<SymmetricKey> derive_key(std::string_view passphrase, const FixedBytes<kSaltSize>& salt,
                                const KdfParams& params);

// Human-comparable fingerprint of a public key: 8 groups of 4 hex digits of its BLAKE2b hash.
std::string fingerprint(ByteView public_key);

}  // namespace grove::platform::crypto
