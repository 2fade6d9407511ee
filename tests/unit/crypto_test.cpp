#include <gtest/gtest.h>

#include "crypto/primitives.h"

using namespace grove::platform;
using namespace grove::platform::crypto;

TEST(Crypto, SignVerifyRoundTripAndTamper) {
    auto pair = SigningKeyPair::generate();
    Bytes msg = to_bytes("hello grove");
    auto sig = sign(pair.secret_key, msg);
    EXPECT_TRUE(verify(pair.public_key, msg, sig));
    msg[0] ^= 1;
    EXPECT_FALSE(verify(pair.public_key, msg, sig));
    msg[0] ^= 1;
    auto other = SigningKeyPair::generate();
    EXPECT_FALSE(verify(other.public_key, msg, sig));
    EXPECT_FALSE(verify(pair.public_key, msg, ByteView(sig.data(), 63)));
}

TEST(Crypto, SigningKeyRebuildsFromSecret) {
    auto pair = SigningKeyPair::generate();
    auto again = SigningKeyPair::from_secret(pair.secret_key.view());
    EXPECT_EQ(pair.public_key, again.public_key);
    auto box = BoxKeyPair::generate();
    EXPECT_EQ(box.public_key, BoxKeyPair::from_secret(box.secret_key.view()).public_key);
}

TEST(Crypto, SealedBoxOpensOnlyForRecipient) {
    auto alice = BoxKeyPair::generate();
    auto eve = BoxKeyPair::generate();
    Bytes secret = to_bytes("epoch key material");
    Bytes sealed = seal(alice.public_key, secret);
    auto opened = open_sealed(alice, sealed);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(to_string(opened->view()), "epoch key material");
    EXPECT_FALSE(open_sealed(eve, sealed).ok());
    sealed.back() ^= 0x80;
    EXPECT_FALSE(open_sealed(alice, sealed).ok());
    EXPECT_FALSE(open_sealed(alice, ByteView(sealed.data(), 10)).ok());
}

TEST(Crypto, AeadDetectsEveryTamper) {
    auto key = random_symmetric_key();
    auto nonce = random_array<kNonceSize>();
    Bytes ad = to_bytes("header");
    Bytes ct = aead_encrypt(key, nonce, to_bytes("payload"), ad);
    auto pt = aead_decrypt(key, nonce, ct, ad);
    ASSERT_TRUE(pt.ok());
    EXPECT_EQ(to_string(*pt), "payload");

    Bytes flipped = ct;
    flipped[2] ^= 1;
    EXPECT_EQ(aead_decrypt(key, nonce, flipped, ad).error().code, grove::ErrorCode::DataLoss);
    EXPECT_FALSE(aead_decrypt(random_symmetric_key(), nonce, ct, ad).ok());
    EXPECT_FALSE(aead_decrypt(key, nonce, ct, to_bytes("Header")).ok());
    EXPECT_FALSE(aead_decrypt(key, nonce, ByteView(ct.data(), ct.size() - 1), ad).ok());
    EXPECT_FALSE(aead_decrypt(key, nonce, ByteView(ct.data(), 3), ad).ok());
    auto other_nonce = random_array<kNonceSize>();
    EXPECT_FALSE(aead_decrypt(key, other_nonce, ct, ad).ok());
}

TEST(Crypto, HashIsDomainSeparated) {
    Bytes data = to_bytes("x");
    EXPECT_EQ(hash("a", data), hash("a", data));
    EXPECT_NE(hash("a", data), hash("b", data));
    EXPECT_NE(hash(data), hash("a", data));
    auto k = random_symmetric_key();
    EXPECT_NE(keyed_hash(k, data), keyed_hash(random_symmetric_key(), data));
}

TEST(Crypto, Argon2idDerivesDeterministically) {
    auto salt = random_array<kSaltSize>();
    auto params = KdfParams::minimum();
    auto a = derive_key("correct horse", salt, params);
    auto b = derive_key("correct horse", salt, params);
    auto c = derive_key("correct hors", salt, params);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    EXPECT_TRUE(a->equals(*b));
    EXPECT_FALSE(a->equals(*c));
}

TEST(Crypto, SecureBufferCopiesAndCompares) {
    SecureBuffer a(32);
    random_bytes(a.span());
    SecureBuffer b = a;
    EXPECT_TRUE(a.equals(b));
    b.data()[0] ^= 1;
    EXPECT_FALSE(a.equals(b));
    SecureBuffer c = std::move(b);
    EXPECT_EQ(c.size(), 32u);
    EXPECT_TRUE(b.empty());
}

TEST(Crypto, FingerprintIsGroupedHex) {
    auto pair = SigningKeyPair::generate();
    std::string fp = fingerprint(pair.public_key);
    EXPECT_EQ(fp.size(), 8u * 4 + 7);
    EXPECT_EQ(fp[4], ' ');
}
