#include "crypto/keys.h"

#include <sodium.h>

#include <stdexcept>

#include "crypto/primitives.h"

namespace grove::platform::crypto {

SigningKeyPair SigningKeyPair::generate() {
    initialize();
    SigningKeyPair pair;
    crypto_sign_keypair(pair.public_key.data(), pair.secret_key.data());
    return pair;
}

SigningKeyPair SigningKeyPair::from_secret(ByteView secret) {
    if (secret.size() != kSignSecretKeySize) throw std::invalid_argument("signing secret size");
    SigningKeyPair pair;
    std::copy(secret.begin(), secret.end(), pair.secret_key.data());
    crypto_sign_ed25519_sk_to_pk(pair.public_key.data(), pair.secret_key.data());
    return pair;
}

BoxKeyPair BoxKeyPair::generate() {
    initialize();
    BoxKeyPair pair;
    crypto_box_keypair(pair.public_key.data(), pair.secret_key.data());
    return pair;
}

BoxKeyPair BoxKeyPair::from_secret(ByteView secret) {
    if (secret.size() != kBoxSecretKeySize) throw std::invalid_argument("box secret size");
    BoxKeyPair pair;
    std::copy(secret.begin(), secret.end(), pair.secret_key.data());
    crypto_scalarmult_base(pair.public_key.data(), pair.secret_key.data());
    return pair;
}

SymmetricKey random_symmetric_key() {
    initialize();
    SymmetricKey key;
    crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
    return key;
}

SymmetricKey symmetric_key_from(ByteView bytes) {
    if (bytes.size() != kSymmetricKeySize) throw std::invalid_argument("symmetric key size");
    SymmetricKey key;
    std::copy(bytes.begin(), bytes.end(), key.data());
    return key;
}

}  // namespace grove::platform::crypto
