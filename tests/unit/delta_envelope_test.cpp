#include <gtest/gtest.h>

#include "core/delta_envelope.h"
#include "crypto/primitives.h"

using namespace grove::platform;

namespace {
struct Fixture {
    crypto::SigningKeyPair device = crypto::SigningKeyPair::generate();
    crypto::SymmetricKey key = crypto::random_symmetric_key();

    grove::wire::v1::DeltaHeader header() const {
        grove::wire::v1::DeltaHeader h;
        h.set_version(kEnvelopeVersion);
        h.set_space_id(std::string(16, 's'));
        h.set_author_device(to_string(device.public_key));
        h.set_seq(1);
        h.set_lamport(1);
        h.set_epoch(1);
        h.set_kind(grove::wire::v1::DELTA_KIND_CHAT);
        return h;
    }
    DecodedDelta sealed(ByteView payload = as_bytes("secret text")) const {
        return seal_delta(header(), payload, key, &device.secret_key);
    }
};
}  // namespace

TEST(DeltaEnvelope, SealDecodeVerifyOpen) {
    Fixture f;
    auto d = f.sealed();
    auto decoded = decode_delta_bytes(as_bytes(d.sealed.SerializeAsString()));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->id, d.id);
    EXPECT_TRUE(verify_delta_signature(*decoded));
    auto payload = open_delta_payload(*decoded, f.key);
    ASSERT_TRUE(payload.ok());
    EXPECT_EQ(to_string(*payload), "secret text");
}

TEST(DeltaEnvelope, FlippedBitAnywhereIsDetected) {
    Fixture f;
    auto d = f.sealed();
    std::string wire = d.sealed.SerializeAsString();
    int detected = 0;
    for (std::size_t i = 0; i < wire.size(); ++i) {
        std::string tampered = wire;
        tampered[i] ^= 0x01;
        auto decoded = decode_delta_bytes(as_bytes(tampered));
        bool accepted = decoded.ok() && verify_delta_signature(*decoded) &&
                        open_delta_payload(*decoded, f.key).ok();
        if (!accepted) ++detected;
    }
    EXPECT_EQ(detected, static_cast<int>(wire.size()));
}

TEST(DeltaEnvelope, WrongKeyAndWrongHeaderFail) {
    Fixture f;
    auto d = f.sealed();
    EXPECT_FALSE(open_delta_payload(d, crypto::random_symmetric_key()).ok());
    // Same ciphertext moved under another header (e.g. another space): AD mismatch.
    auto h = f.header();
    h.set_space_id(std::string(16, 't'));
    auto moved = d;
    moved.sealed.set_header(h.SerializeAsString());
    auto decoded = decode_delta(moved.sealed);
    ASSERT_TRUE(decoded.ok());
    EXPECT_FALSE(verify_delta_signature(*decoded));
    EXPECT_FALSE(open_delta_payload(*decoded, f.key).ok());
}

TEST(DeltaEnvelope, TruncatedEnvelopesAreRejected) {
    Fixture f;
    std::string wire = f.sealed().sealed.SerializeAsString();
    for (std::size_t n = 0; n < wire.size(); ++n) {
        auto decoded = decode_delta_bytes(as_bytes(std::string_view(wire).substr(0, n)));
        if (decoded.ok()) {
            EXPECT_FALSE(verify_delta_signature(*decoded) && open_delta_payload(*decoded, f.key).ok())
                << "prefix of " << n << " bytes accepted";
        }
    }
}

TEST(DeltaEnvelope, OversizedPartsAreRefusedBeforeParsing) {
    Fixture f;
    auto d = f.sealed();
    auto big = d.sealed;
    big.set_ciphertext(std::string(kMaxCiphertextBytes + 1, 'x'));
    auto r = decode_delta(big);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, grove::ErrorCode::ResourceExhausted);
    auto h = f.header();
    for (int i = 0; i < 300; ++i) h.add_deps(std::string(32, 'd'));
    auto many = seal_delta(h, as_bytes("x"), f.key, &f.device.secret_key);
    EXPECT_EQ(decode_delta(many.sealed).error().code, grove::ErrorCode::ResourceExhausted);
}

TEST(DeltaEnvelope, MalformedHeadersAreInvalid) {
    Fixture f;
    auto check = [&](auto mutate) {
        auto h = f.header();
        mutate(h);
        auto d = seal_delta(h, as_bytes("x"), f.key, &f.device.secret_key);
        auto r = decode_delta(d.sealed);
        EXPECT_FALSE(r.ok());
        if (!r.ok()) {
            EXPECT_EQ(r.error().code, grove::ErrorCode::InvalidArgument);
        }
    };
    check([](auto& h) { h.set_version(9); });
    check([](auto& h) { h.set_space_id("short"); });
    check([](auto& h) { h.set_author_device("short"); });
    check([](auto& h) { h.set_seq(0); });
    check([](auto& h) { h.set_seq(2); });  // seq 2 needs prev
    check([](auto& h) { h.set_prev(std::string(32, 'p')); });  // seq 1 must not have prev
    check([](auto& h) { h.set_lamport(0); });
    check([](auto& h) { h.set_kind(grove::wire::v1::DELTA_KIND_UNSPECIFIED); });
    check([](auto& h) { h.set_kind(grove::wire::v1::DELTA_KIND_TOOL); });  // no target
    check([](auto& h) { h.add_deps("short"); });
}

TEST(DeltaEnvelope, BatchSignatureCoversTheChain) {
    Fixture f;
    auto h1 = f.header();
    auto d1 = seal_delta(h1, as_bytes("one"), f.key, nullptr);
    auto h2 = f.header();
    h2.set_seq(2);
    h2.set_prev(to_string(d1.id));
    h2.set_lamport(2);
    auto d2 = seal_delta(h2, as_bytes("two"), f.key, &f.device.secret_key);
    EXPECT_FALSE(verify_delta_signature(d1));
    EXPECT_TRUE(verify_delta_signature(d2));
    // Changing d1 changes its id, which d2's signed header names: the chain no longer links.
    auto forged = seal_delta(h1, as_bytes("ONE"), f.key, nullptr);
    EXPECT_NE(forged.id, d1.id);
    EXPECT_EQ(d2.prev, d1.id);
}
