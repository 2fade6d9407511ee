#include "crypto/primitives.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <unistd.h>

namespace grove::platform::crypto {

static_assert(kSignPublicKeySize == crypto_sign_PUBLICKEYBYTES);
static_assert(kSignSecretKeySize == crypto_sign_SECRETKEYBYTES);
static_assert(kSignatureSize == crypto_sign_BYTES);
static_assert(kBoxPublicKeySize == crypto_box_PUBLICKEYBYTES);
static_assert(kBoxSecretKeySize == crypto_box_SECRETKEYBYTES);
static_assert(kSealOverhead == crypto_box_SEALBYTES);
static_assert(kSymmetricKeySize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kNonceSize == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kAeadTagSize == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(sizeof(crypto_generichash_state) <= 384);

void initialize() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) std::abort();  // no usable randomness: nothing is safe to do
    });
}

void random_bytes(std::span<std::uint8_t> out) {
    initialize();
    randombytes_buf(out.data(), out.size());
}

Nonce random_nonce() {
    struct Pool {
        std::array<std::uint8_t, 4096> bytes;
        std::size_t used = sizeof(bytes);
        pid_t owner = 0;
    };
    thread_local Pool pool;
    pid_t pid = ::getpid();
    if (pool.used + kNonceSize > pool.bytes.size() || pool.owner != pid) {
        random_bytes(pool.bytes);
        pool.used = 0;
        pool.owner = pid;
    }
    Nonce out;
    std::copy_n(pool.bytes.begin() + pool.used, kNonceSize, out.begin());
    sodium_memzero(pool.bytes.data() + pool.used, kNonceSize);
    pool.used += kNonceSize;
    return out;
}

Signature sign(const SignSecretKey& key, ByteView message) {
    Signature sig;
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), key.data());
    return sig;
}

bool verify(const SignPublicKey& key, ByteView message, ByteView signature) {
    if (signature.size() != kSignatureSize) return false;
    return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                       key.data()) == 0;
}

Bytes seal(const BoxPublicKey& recipient, ByteView plaintext) {
    initialize();
    Bytes out(plaintext.size() + kSealOverhead);
    crypto_box_seal(out.data(), plaintext.data(), plaintext.size(), recipient.data());
    return out;
}

Result<SecureBuffer> open_sealed(const BoxKeyPair& recipient, ByteView sealed) {
    if (sealed.size() < kSealOverhead)
        return make_error(ErrorCode::DataLoss, "sealed box is truncated");
    SecureBuffer out(sealed.size() - kSealOverhead);
    if (crypto_box_seal_open(out.data(), sealed.data(), sealed.size(), recipient.public_key.data(),
                             recipient.secret_key.data()) != 0)
        return make_error(ErrorCode::DataLoss, "sealed box does not open with this key");
    return out;
}

Bytes aead_encrypt(const SymmetricKey& key, const Nonce& nonce, ByteView plaintext, ByteView ad) {
    Bytes out(plaintext.size() + kAeadTagSize);
    unsigned long long len = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data(), &len, plaintext.data(), plaintext.size(),
                                               ad.data(), ad.size(), nullptr, nonce.data(),
                                               key.data());
    out.resize(len);
    return out;
}

Result<Bytes> aead_decrypt(const SymmetricKey& key, const Nonce& nonce, ByteView ciphertext,
                           ByteView ad) {
    if (ciphertext.size() < kAeadTagSize)
        return make_error(ErrorCode::DataLoss, "ciphertext is truncated");
    Bytes out(ciphertext.size() - kAeadTagSize);
    unsigned long long len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &len, nullptr, ciphertext.data(),
                                                   ciphertext.size(), ad.data(), ad.size(),
                                                   nonce.data(), key.data()) != 0)
        return make_error(ErrorCode::DataLoss, "authentication failed: wrong key or tampered data");
    out.resize(len);
    return out;
}

Result<SecureBuffer> aead_decrypt_secret(const SymmetricKey& key, const Nonce& nonce,
                                         ByteView ciphertext, ByteView ad) {
    if (ciphertext.size() < kAeadTagSize)
        return make_error(ErrorCode::DataLoss, "ciphertext is truncated");
    SecureBuffer out(ciphertext.size() - kAeadTagSize);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), nullptr, nullptr, ciphertext.data(),
                                                   ciphertext.size(), ad.data(), ad.size(),
                                                   nonce.data(), key.data()) != 0)
        return make_error(ErrorCode::DataLoss, "authentication failed: wrong key or tampered data");
    return out;
}

Hasher::Hasher(std::string_view domain) {
    auto* st = reinterpret_cast<crypto_generichash_state*>(state_);
    crypto_generichash_init(st, nullptr, 0, kHashSize);
    if (!domain.empty()) {
        std::uint8_t len = static_cast<std::uint8_t>(std::min<std::size_t>(domain.size(), 255));
        crypto_generichash_update(st, &len, 1);
        crypto_generichash_update(st, reinterpret_cast<const unsigned char*>(domain.data()), len);
    }
}

Hasher& Hasher::update(ByteView data) {
    crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_), data.data(),
                              data.size());
    return *this;
}

Hasher& Hasher::update(std::string_view data) { return update(as_bytes(data)); }

Hash Hasher::finish() {
    Hash out;
    crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_), out.data(),
                             out.size());
    return out;
}

Hash hash(ByteView data) { return Hasher().update(data).finish(); }
Hash hash(std::string_view domain, ByteView data) { return Hasher(domain).update(data).finish(); }

Hash keyed_hash(const SymmetricKey& key, ByteView data) {
    Hash out;
    crypto_generichash(out.data(), out.size(), data.data(), data.size(), key.data(),
                       kSymmetricKeySize);
    return out;
}

KdfParams KdfParams::standard() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

KdfParams KdfParams::minimum() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

Result<SymmetricKey> derive_key(std::string_view passphrase, const FixedBytes<kSaltSize>& salt,
                                const KdfParams& params) {
    static_assert(kSaltSize == crypto_pwhash_SALTBYTES);
    initialize();
    if (params.ops_limit > crypto_pwhash_OPSLIMIT_MAX || params.mem_limit > (1ull << 32))
        return make_error(ErrorCode::InvalidArgument, "key derivation parameters out of range");
    SymmetricKey key;
    if (crypto_pwhash(key.data(), kSymmetricKeySize, passphrase.data(), passphrase.size(),
                      salt.data(), params.ops_limit, static_cast<std::size_t>(params.mem_limit),
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return make_error(ErrorCode::ResourceExhausted,
                          "key derivation failed: not enough memory for Argon2id");
    return key;
}

std::string fingerprint(ByteView public_key) {
    Hash h = hash("grove.fingerprint.v1", public_key);
    std::string hex = to_hex(ByteView(h.data(), 16));
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 4) {
        if (i) out.push_back(' ');
        out += hex.substr(i, 4);
    }
    return out;
}

}  // namespace grove::platform::crypto
