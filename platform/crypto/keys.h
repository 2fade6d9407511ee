// Strong types for Grove's keys: Ed25519 signing keys, X25519 box keys, symmetric content keys.
// Public halves are plain fixed arrays; secret halves live in SecureBuffer memory.
#pragma once

#include "common/bytes.h"
#include "crypto/secure_buffer.h"

namespace grove::platform::crypto {

inline constexpr std::size_t kSignPublicKeySize = 32;
inline constexpr std::size_t kSignSecretKeySize = 64;
inline constexpr std::size_t kSignatureSize = 64;
inline constexpr std::size_t kBoxPublicKeySize = 32;
inline constexpr std::size_t kBoxSecretKeySize = 32;
inline constexpr std::size_t kSymmetricKeySize = 32;
inline constexpr std::size_t kNonceSize = 24;
inline constexpr std::size_t kAeadTagSize = 16;
inline constexpr std::size_t kSealOverhead = 48;
inline constexpr std::size_t kHashSize = 32;

using SignPublicKey = FixedBytes<kSignPublicKeySize>;
using BoxPublicKey = FixedBytes<kBoxPublicKeySize>;
using Signature = FixedBytes<kSignatureSize>;
using Hash = FixedBytes<kHashSize>;
using Nonce = FixedBytes<kNonceSize>;

// A secret of a given kind; the tag keeps a signing secret from being passed as a content key.
template <class Tag, std::size_t N>
class SecretKey {
public:
    static constexpr std::size_t kSize = N;
    SecretKey() : bytes_(N) {}
    std::uint8_t* data() { return bytes_.data(); }
    const std::uint8_t* data() const { return bytes_.data(); }
    ByteView view() const { return bytes_.view(); }
    bool equals(const SecretKey& other) const { return bytes_.equals(other.bytes_); }

private:
    SecureBuffer bytes_;
};

struct SignSecretTag {};
struct BoxSecretTag {};
struct SymmetricTag {};
using SignSecretKey = SecretKey<SignSecretTag, kSignSecretKeySize>;
using BoxSecretKey = SecretKey<BoxSecretTag, kBoxSecretKeySize>;
using SymmetricKey = SecretKey<SymmetricTag, kSymmetricKeySize>;

struct SigningKeyPair {
    SignPublicKey public_key{};
    SignSecretKey secret_key;

    static SigningKeyPair generate();
    // Rebuilds the pair from a 64-byte libsodium secret key (which embeds the public key).
    static SigningKeyPair from_secret(ByteView secret);
};

struct BoxKeyPair {
    BoxPublicKey public_key{};
    BoxSecretKey secret_key;

    static BoxKeyPair generate();
    static BoxKeyPair from_secret(ByteView secret);
};

SymmetricKey random_symmetric_key();
SymmetricKey symmetric_key_from(ByteView bytes);  // bytes must be kSymmetricKeySize long

}  // namespace grove::platform::crypto
