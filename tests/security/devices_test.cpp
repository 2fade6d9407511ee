// Devices: pairing a second device of an identity with a one-time code, every space
// replicating to both, and revoking a lost device — its later deltas rejected, a new epoch it
// never receives, the spaces dropped on it. Pairing runs through the Replicator steps a link
// drives (request, pair, accept) with a fresh challenge, as the network layer does.
#include <gtest/gtest.h>

#include "security_support.h"

using namespace grove;
using namespace grove::test;

namespace {

std::vector<std::string> chat_texts(Peer& p, const std::string& space) {
    std::vector<std::string> out;
    auto chat = p.list_chat(space);
    if (chat.ok())
        for (const auto& m : *chat) out.push_back(m.text);
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST(Devices, PairedDeviceActsForTheIdentityInEverySpace) {
    Trio t;
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "before pairing").ok());
    auto laptop = pair_new_device(*t.ada.peer);
    ASSERT_TRUE(laptop.ok()) << laptop.error().message;
    Peer& two = *laptop->peer;
    // Same identity, its own device.
    EXPECT_EQ(two.account()->identity_id, t.ada.peer->account()->identity_id);
    EXPECT_NE(two.account()->device_id, t.ada.peer->account()->device_id);
    // History arrives by sync; the new device reads and writes as Ada (still a manager).
    {
        // Links (and their subscriptions) end before the peers they serve.
        DirectPair link(*t.ada.peer, two);
        link.run();
        EXPECT_TRUE(contains(chat_texts(two, t.space), "before pairing"));
        EXPECT_EQ(two.get_space(t.space)->my_role, Role::Manager);
        ASSERT_TRUE(two.post_chat(t.space, "from the laptop").ok());
        link.run();
    }
    t.sync_all();
    EXPECT_TRUE(contains(chat_texts(*t.gus.peer, t.space), "from the laptop"));
    EXPECT_EQ(state(two, t.space), state(*t.gus.peer, t.space));
    // Both devices are listed; members still count one Ada.
    auto devices = t.ada.peer->list_devices();
    ASSERT_TRUE(devices.ok());
    EXPECT_EQ(devices->size(), 2u);
    EXPECT_EQ(t.gus.peer->get_space(t.space)->member_count, 3u);
    // The new device survives a restart with its own passphrase.
    const auto profile = laptop->dir->path() / "profile";
    laptop->peer.reset();
    auto reopened = Peer::open(profile);
    ASSERT_TRUE(reopened.ok());
    ASSERT_TRUE((*reopened)->unlock(kPassphrase).ok());
    EXPECT_TRUE(contains(chat_texts(**reopened, t.space), "from the laptop"));
}

TEST(Devices, PairingCodeIsSingleUseAndBoundToItsSecretAndLink) {
    auto ada = make_account("Ada");
    ASSERT_TRUE(ada.peer->create_space("S").ok());
    std::string text;
    auto first = pair_new_device(*ada.peer, &text);
    ASSERT_TRUE(first.ok()) << first.error().message;
    auto code = decode_pairing_code(text).value();
    // Reused.
    {
        TempDir dir;
        auto fresh = Peer::open(dir.path() / "p").value();
        Replicator r(*fresh), old(*ada.peer);
        ASSERT_TRUE(r.prepare_pairing().ok());
        auto challenge = crypto::random_array<32>();
        auto req = r.make_pair_request(code, challenge).value();
        auto resp = old.pair(req, challenge, r.device());
        ASSERT_FALSE(resp.ok());
        EXPECT_EQ(resp.error().code, ErrorCode::PermissionDenied);
    }
    // Wrong secret, replay on another link, and another device than the link's.
    auto text2 = ada.peer->create_pairing(wall_ms() + 600'000, {});
    ASSERT_TRUE(text2.ok());
    auto code2 = decode_pairing_code(*text2).value();
    TempDir dir;
    auto fresh = Peer::open(dir.path() / "p").value();
    Replicator r(*fresh), old(*ada.peer);
    auto challenge = crypto::random_array<32>();
    // The pending device keys are made by prepare_pairing, once: a request before it is refused,
    // and preparing again (a retried dial) keeps the key the link authenticates with.
    auto unprepared = r.make_pair_request(code2, challenge);
    ASSERT_FALSE(unprepared.ok());
    EXPECT_EQ(unprepared.error().code, ErrorCode::FailedPrecondition);
    auto prepared = r.prepare_pairing();
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    EXPECT_EQ(*prepared, r.device());
    EXPECT_EQ(r.prepare_pairing().value(), *prepared);
    auto wrong = code2;
    wrong.set_secret(std::string(32, '\x07'));
    EXPECT_FALSE(
        old.pair(r.make_pair_request(wrong, challenge).value(), challenge, r.device()).ok());
    auto req = r.make_pair_request(code2, challenge).value();
    auto other = crypto::random_array<32>();
    EXPECT_FALSE(old.pair(req, other, r.device()).ok()) << "bound to the link's challenge";
    EXPECT_FALSE(old.pair(req, challenge, identity_of(*ada.peer).device_sign.public_key).ok());
    // An expired or too-long-lived code is refused up front.
    EXPECT_FALSE(ada.peer->create_pairing(wall_ms() - 1, {}).ok());
    EXPECT_FALSE(ada.peer->create_pairing(wall_ms() + 2 * 3'600'000, {}).ok());
    // A profile that already has an account cannot be paired into.
    EXPECT_EQ(Replicator(*ada.peer).prepare_pairing().error().code, ErrorCode::FailedPrecondition);
    EXPECT_FALSE(Replicator(*ada.peer).make_pair_request(code2, challenge).ok());
}

TEST(Devices, LostDeviceRevokedAndSpacesReKeyed) {
    Trio t;
    auto laptop = pair_new_device(*t.ada.peer);
    ASSERT_TRUE(laptop.ok()) << laptop.error().message;
    Peer& lost = *laptop->peer;
    {
        DirectPair link(*t.ada.peer, lost);
        link.run();
    }
    t.sync_all();
    const auto lost_id = lost.account()->device_id;
    const auto before = with_space(*t.ada.peer, t.sid, [](Space& s) { return s.current_epoch(); });
    auto revoked = t.ada.peer->revoke_device(lost_id.substr(0, 12));
    ASSERT_TRUE(revoked.ok()) << revoked.error().message;
    const auto epoch = with_space(*t.ada.peer, t.sid, [](Space& s) { return s.current_epoch(); });
    EXPECT_NE(epoch, before);
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "after revocation").ok());
    t.sync_all();
    // Every member's peer has the new key; the lost device never gets it.
    EXPECT_TRUE(
        with_space(*t.gus.peer, t.sid, [&](Space& s) { return s.epoch_key(epoch) != nullptr; }));
    // Whoever holds the lost device's keys cannot write as Ada any more.
    auto forged = author_as(*t.ada.peer, t.sid, identity_of(lost), {chat_post("thief")});
    for (Account* peer : {&t.ada, &t.bob, &t.gus}) {
        auto report = ingest(*peer->peer, t.sid, sealed_of(forged));
        EXPECT_EQ(report.applied, 0u);
        EXPECT_FALSE(contains(chat_texts(*peer->peer, t.space), "thief"));
    }
    // The lost device, when it next syncs, drops the space (and never held the new key).
    DirectPair link(*t.ada.peer, lost);
    link.run();
    EXPECT_FALSE(lost.get_space(t.space).ok());
    EXPECT_EQ(lost.journal().profile_store().count_deltas(t.sid).value(), 0u);
    // Ada herself is still a member with her first device; listing shows the revocation.
    EXPECT_EQ(t.gus.peer->get_space(t.space)->member_count, 3u);
    bool flagged = false;
    auto listed = t.ada.peer->list_devices();
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    for (const auto& d : *listed)
        if (d.device_id == lost_id) flagged = d.revoked;
    EXPECT_TRUE(flagged);
    // A device cannot revoke itself, and a revoked device is refused a second time.
    EXPECT_FALSE(t.ada.peer->revoke_device(t.ada.peer->account()->device_id).ok());
    EXPECT_FALSE(t.ada.peer->revoke_device(lost_id).ok());
}
