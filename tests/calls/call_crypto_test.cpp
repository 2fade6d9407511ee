// Call frames' end-to-end sealing: round trip, forgery and tampering, replay and reordering,
// epochs (a removed member's old key opens nothing), and the per-call key derivation.
#include <gtest/gtest.h>

#include "calls/call_frame_codec.h"
#include "crypto/primitives.h"

using namespace grove::platform;
using namespace grove::platform::calls;

namespace {

class FixedEpochs final : public blob::EpochKeySource {
public:
    std::uint32_t current = 1;
    std::map<std::uint32_t, crypto::SymmetricKey> keys;
    std::uint32_t current_epoch() const override { return current; }
    std::optional<crypto::SymmetricKey> epoch_key(std::uint32_t epoch) const override {
        auto it = keys.find(epoch);
        if (it == keys.end()) return std::nullopt;
        crypto::SymmetricKey copy;
        std::copy(it->second.view().begin(), it->second.view().end(), copy.data());
        return copy;
    }
};

SpaceId space_a() {
    SpaceId s{};
    s[0] = 0xa1;
    return s;
}

struct Call {
    std::shared_ptr<FixedEpochs> epochs = std::make_shared<FixedEpochs>();
    std::shared_ptr<CallKeys> keys;
    explicit Call(SpaceId space = space_a()) {
        crypto::initialize();
        epochs->keys.emplace(1, crypto::random_symmetric_key());
        keys = std::make_shared<CallKeys>(epochs, space);
    }
    // Another member's view of the same epoch keys.
    std::shared_ptr<CallKeys> member_view(SpaceId space = space_a()) const {
        auto copy = std::make_shared<FixedEpochs>();
        copy->current = epochs->current;
        for (const auto& [e, k] : epochs->keys) {
            crypto::SymmetricKey key;
            std::copy(k.view().begin(), k.view().end(), key.data());
            copy->keys.emplace(e, std::move(key));
        }
        return std::make_shared<CallKeys>(copy, space);
    }
};

crypto::SignPublicKey device(std::uint8_t b) {
    crypto::SignPublicKey d{};
    d.fill(b);
    return d;
}

grove::net::v1::CallPayload audio(std::uint32_t frame) {
    grove::net::v1::CallPayload p;
    p.mutable_audio()->set_frame(frame);
    p.mutable_audio()->set_opus("opus-bytes-" + std::to_string(frame));
    return p;
}

DropReason reason_of(const std::variant<OpenedFrame, DropReason>& r) {
    EXPECT_TRUE(std::holds_alternative<DropReason>(r));
    return std::holds_alternative<DropReason>(r) ? std::get<DropReason>(r) : DropReason::Malformed;
}

}  // namespace

TEST(CallCrypto, AMemberOpensWhatAnotherSealed) {
    Call call;
    CallFrameSealer sealer(call.keys, device(1));
    CallFrameOpener opener(call.member_view());
    auto frame = sealer.seal(audio(7));
    ASSERT_TRUE(frame.ok());
    EXPECT_EQ(frame->sequence(), 1u);
    EXPECT_EQ(frame->epoch(), 1u);
    // The payload is not readable on the wire.
    EXPECT_EQ(frame->sealed().find("opus-bytes"), std::string::npos);
    auto opened = opener.open(device(1), *frame);
    ASSERT_TRUE(std::holds_alternative<OpenedFrame>(opened));
    EXPECT_EQ(std::get<OpenedFrame>(opened).payload.audio().opus(), "opus-bytes-7");
    EXPECT_EQ(std::get<OpenedFrame>(opened).sequence, 1u);
    EXPECT_EQ(opener.opened(), 1u);
}

TEST(CallCrypto, ReplayedAndVeryOldFramesAreDropped) {
    Call call;
    CallFrameSealer sealer(call.keys, device(1));
    CallFrameOpener opener(call.member_view());
    std::vector<grove::net::v1::CallFrame> frames;
    for (int i = 0; i < 1100; ++i) frames.push_back(*sealer.seal(audio(i)));
    // Out of order within the window is fine.
    EXPECT_TRUE(std::holds_alternative<OpenedFrame>(opener.open(device(1), frames[5])));
    EXPECT_TRUE(std::holds_alternative<OpenedFrame>(opener.open(device(1), frames[3])));
    EXPECT_EQ(reason_of(opener.open(device(1), frames[5])), DropReason::Duplicate);
    EXPECT_EQ(reason_of(opener.open(device(1), frames[3])), DropReason::Duplicate);
    EXPECT_TRUE(std::holds_alternative<OpenedFrame>(opener.open(device(1), frames[1099])));
    // frames[4] is now more than 1024 behind the highest.
    EXPECT_EQ(reason_of(opener.open(device(1), frames[4])), DropReason::TooOld);
    EXPECT_TRUE(std::holds_alternative<OpenedFrame>(opener.open(device(1), frames[1000])));
    auto drops = opener.drops();
    EXPECT_EQ(drops[static_cast<int>(DropReason::Duplicate)], 2u);
    EXPECT_EQ(drops[static_cast<int>(DropReason::TooOld)], 1u);
}

TEST(CallCrypto, TamperedOrMisattributedFramesAreForgeries) {
    Call call;
    CallFrameSealer sealer(call.keys, device(1));
    CallFrameOpener opener(call.member_view());
    auto frame = *sealer.seal(audio(1));

    auto flipped = frame;
    std::string body = flipped.sealed();
    body[body.size() / 2] ^= 0x01;
    flipped.set_sealed(body);
    EXPECT_EQ(reason_of(opener.open(device(1), flipped)), DropReason::Forged);

    auto renumbered = frame;
    renumbered.set_sequence(2);
    EXPECT_EQ(reason_of(opener.open(device(1), renumbered)), DropReason::Forged);

    // The sender is bound: a relay (or anyone) naming another member as sender fails.
    EXPECT_EQ(reason_of(opener.open(device(2), frame)), DropReason::Forged);

    auto truncated = frame;
    truncated.set_sealed("short");
    EXPECT_EQ(reason_of(opener.open(device(1), truncated)), DropReason::Malformed);
    auto bad_stream = frame;
    bad_stream.set_stream("xx");
    EXPECT_EQ(reason_of(opener.open(device(1), bad_stream)), DropReason::Malformed);
    // A forged copy did not poison the window: the genuine frame still opens once.
    EXPECT_TRUE(std::holds_alternative<OpenedFrame>(opener.open(device(1), frame)));
}

TEST(CallCrypto, AnotherSpacesKeyOpensNothing) {
    Call call;
    SpaceId other{};
    other[0] = 0xb2;
    CallFrameSealer sealer(call.keys, device(1));
    // Same epoch key, other space id: a different call key and a different frame space.
    auto frame = *sealer.seal(audio(1));
    CallFrameOpener opener(call.member_view(other));
    EXPECT_EQ(reason_of(opener.open(device(1), frame)), DropReason::Malformed);
    frame.set_space_id(std::string(reinterpret_cast<const char*>(other.data()), other.size()));
    EXPECT_EQ(reason_of(opener.open(device(1), frame)), DropReason::Forged);
    EXPECT_FALSE(derive_call_key(*call.epochs->epoch_key(1), space_a(), 1)
                     .equals(derive_call_key(*call.epochs->epoch_key(1), other, 1)));
    EXPECT_FALSE(derive_call_key(*call.epochs->epoch_key(1), space_a(), 1)
                     .equals(derive_call_key(*call.epochs->epoch_key(1), space_a(), 2)));
}

TEST(CallCrypto, AfterARotationARemovedMembersOldKeyNeitherOpensNorInjects) {
    Call call;
    // Eve held epoch 1 and was removed: the others moved to epoch 2, which she lacks.
    auto eve_view = call.member_view();
    crypto::SymmetricKey epoch2 = crypto::random_symmetric_key();
    auto members = call.member_view();
    call.epochs->keys.emplace(2, std::move(epoch2));
    call.epochs->current = 2;
    auto bob_view = call.member_view();

    CallFrameSealer ada(call.keys, device(1));
    auto frame = *ada.seal(audio(1));
    EXPECT_EQ(frame.epoch(), 2u);
    CallFrameOpener eve(eve_view);
    EXPECT_EQ(reason_of(eve.open(device(1), frame)), DropReason::StaleEpoch);
    // Even if Eve believed epoch 2 were current, she holds no key for it.
    auto eve_epochs = std::make_shared<FixedEpochs>();
    eve_epochs->current = 2;
    eve_epochs->keys.emplace(1, *call.epochs->epoch_key(1));
    CallFrameOpener eve2(std::make_shared<CallKeys>(eve_epochs, space_a()));
    EXPECT_EQ(reason_of(eve2.open(device(1), frame)), DropReason::NoKey);

    // What Eve seals under epoch 1 is refused by current members.
    CallFrameSealer eve_sealer(eve_view, device(9));
    auto injected = *eve_sealer.seal(audio(1));
    EXPECT_EQ(injected.epoch(), 1u);
    CallFrameOpener bob(bob_view);
    EXPECT_EQ(reason_of(bob.open(device(9), injected)), DropReason::StaleEpoch);
    EXPECT_TRUE(std::holds_alternative<OpenedFrame>(bob.open(device(1), frame)));
}

TEST(CallCrypto, EachJoinIsAFreshStream) {
    Call call;
    CallFrameSealer first(call.keys, device(1)), second(call.keys, device(1));
    EXPECT_NE(first.stream(), second.stream());
    CallFrameOpener opener(call.member_view());
    // Both streams start at sequence 1 and both open: the window is per stream.
    EXPECT_TRUE(std::holds_alternative<OpenedFrame>(opener.open(device(1), *first.seal(audio(1)))));
    EXPECT_TRUE(
        std::holds_alternative<OpenedFrame>(opener.open(device(1), *second.seal(audio(1)))));
}
