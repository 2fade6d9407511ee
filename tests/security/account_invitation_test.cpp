// The account at rest (passphrase, KDF floor, what the profile holds) and invitation codes
// (reuse, expiry, tampering, wrong one-time key, replayed join requests).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "security_support.h"

using namespace grove;
using namespace grove::test;

TEST(AccountAttack, WrongPassphraseIsUnauthenticated) {
    auto ada = make_account("Ada");
    ASSERT_TRUE(ada.peer->lock().ok());
    for (const char* wrong : {"", "correct horse batter", "correct horse battery ", "x"}) {
        auto r = ada.peer->unlock(wrong);
        ASSERT_FALSE(r.ok()) << wrong;
        EXPECT_EQ(r.error().code, ErrorCode::Unauthenticated) << wrong;
        EXPECT_EQ(ada.peer->account_state(), AccountState::Locked);
    }
    EXPECT_FALSE(ada.peer->create_space("while locked").ok());
    EXPECT_TRUE(ada.peer->unlock(kPassphrase).ok());
}

// Unlock is also how a client checks a passphrase: while the account is unlocked, a wrong one
// must fail the same way (and change nothing), not answer OK.
TEST(AccountAttack, WrongPassphraseWhileUnlockedIsUnauthenticated) {
    auto ada = make_account("Ada");
    auto space = ada.peer->create_space("Kept");
    ASSERT_TRUE(space.ok());
    for (const char* wrong : {"", "correct horse batter", "x"}) {
        auto r = ada.peer->unlock(wrong);
        ASSERT_FALSE(r.ok()) << wrong;
        EXPECT_EQ(r.error().code, ErrorCode::Unauthenticated) << wrong;
        EXPECT_EQ(ada.peer->account_state(), AccountState::Unlocked);
    }
    // Nothing was locked or reloaded: the space is still there, and the right passphrase still
    // answers with the account.
    EXPECT_TRUE(ada.peer->get_space(space->id).ok());
    auto right = ada.peer->unlock(kPassphrase);
    ASSERT_TRUE(right.ok()) << right.error().message;
    EXPECT_TRUE(right->unlocked);
    ASSERT_TRUE(ada.peer->lock().ok());
    EXPECT_TRUE(ada.peer->unlock(kPassphrase).ok());
}

TEST(AccountAttack, DowngradedKdfParametersRefused) {
    auto ada = make_account("Ada");
    ASSERT_TRUE(ada.peer->lock().ok());
    auto& store = ada.peer->journal().profile_store();
    auto original = store.load_account().value().value();
    const auto floor = crypto::KdfParams::minimum();
    struct Weak {
        std::uint64_t ops, mem;
    } weak[] = {{floor.ops_limit, floor.mem_limit / 2}, {floor.ops_limit - 1, floor.mem_limit},
                {1, 8192}};
    for (auto w : weak) {
        auto r = original;
        r.kdf_ops = w.ops;
        r.kdf_mem = w.mem;
        ASSERT_TRUE(store.save_account(r).ok());
        auto unlocked = ada.peer->unlock(kPassphrase);
        ASSERT_FALSE(unlocked.ok()) << w.ops << "/" << w.mem;
        EXPECT_EQ(unlocked.error().code, ErrorCode::PermissionDenied) << unlocked.error().message;
    }
    // Stronger-looking but altered parameters are authenticated (associated data): refused too.
    auto r = original;
    r.kdf_ops = original.kdf_ops + 1;
    ASSERT_TRUE(store.save_account(r).ok());
    auto altered = ada.peer->unlock(kPassphrase);
    ASSERT_FALSE(altered.ok());
    EXPECT_EQ(altered.error().code, ErrorCode::Unauthenticated);
    ASSERT_TRUE(store.save_account(original).ok());
    EXPECT_TRUE(ada.peer->unlock(kPassphrase).ok());
}

namespace {
std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
// Every file under `dir` that contains `needle`.
std::vector<std::string> files_containing(const std::filesystem::path& dir, ByteView needle) {
    std::vector<std::string> hits;
    const std::string n = to_string(needle);
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        if (read_all(e.path()).find(n) != std::string::npos) hits.push_back(e.path().string());
    }
    return hits;
}
}  // namespace

TEST(AccountAttack, ProfileHoldsNoPlaintextOrSecretKeys) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto space = ada.peer->create_space("Secret plans");
    ASSERT_TRUE(space.ok());
    const std::string marker = "ZEBRA-7f3c-PLAINTEXT-MARKER";
    ASSERT_TRUE(ada.peer->post_chat(space->id, marker + " in chat").ok());
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    {
        DirectPair link(*ada.peer, *bob.peer);
        ASSERT_TRUE(link.join(inv->code).ok());
        link.run();
    }
    ASSERT_EQ(bob.peer->list_chat(space->id)->size(), 1u);
    const SpaceId sid = space_id(space->id);

    for (Account* a : {&ada, &bob}) {
        auto& id = identity_of(*a->peer);
        const crypto::SignPublicKey device_public = id.device_sign.public_key;
        std::vector<std::pair<std::string, Bytes>> secrets = {
            {"passphrase", to_bytes(kPassphrase)},
            {"chat marker", to_bytes(marker)},
            {"identity signing seed", Bytes(id.identity_sign.secret_key.view().begin(),
                                            id.identity_sign.secret_key.view().begin() + 32)},
            {"identity box secret", Bytes(id.identity_box.secret_key.view().begin(),
                                          id.identity_box.secret_key.view().end())},
            {"device signing seed", Bytes(id.device_sign.secret_key.view().begin(),
                                          id.device_sign.secret_key.view().begin() + 32)},
            {"device box secret",
             Bytes(id.device_box.secret_key.view().begin(), id.device_box.secret_key.view().end())},
        };
        (void)a->peer->journal().read_account([&](const UnlockedAccount& account) {
            auto key = account.storage_key.view();
            secrets.emplace_back("storage key", Bytes(key.begin(), key.end()));
        });
        auto epoch = epoch_key_of(*a->peer, sid);
        secrets.emplace_back("space content key", Bytes(epoch.view().begin(), epoch.view().end()));
        auto scan = [&](const char* when) {
            for (const auto& [what, bytes] : secrets) {
                auto hits = files_containing(a->profile(), bytes);
                EXPECT_TRUE(hits.empty())
                    << what << " found in plain " << when << ": " << hits.front();
            }
        };
        scan("while unlocked (database and WAL)");
        ASSERT_TRUE(a->peer->lock().ok());
        scan("after lock");
        a->peer.reset();  // closes the database: checkpoints the WAL into the main file
        scan("after close");
        // The scan can find what it looks for: the public device key is stored in plain.
        EXPECT_FALSE(files_containing(a->profile(), ByteView(device_public)).empty());
    }
}

// ---- invitations ----

namespace {
grove::net::v1::InvitationCode parse(const std::string& text) {
    auto c = decode_invitation_code(text);
    EXPECT_TRUE(c.ok());
    return *c;
}
}  // namespace

TEST(InvitationAttack, CodeReusedRejected) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto eve = make_account("Eve");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    DirectPair ab(*ada.peer, *bob.peer);
    ASSERT_TRUE(ab.join(inv->code).ok());
    DirectPair ae(*ada.peer, *eve.peer);
    auto again = ae.join(inv->code);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::PermissionDenied);
    EXPECT_FALSE(eve.peer->get_space(space->id).ok());
    EXPECT_EQ(ada.peer->get_space(space->id)->member_count, 2u);
    // And Bob cannot use it a second time for another device of his either (same device here).
    DirectPair ab2(*ada.peer, *bob.peer);
    EXPECT_FALSE(ab2.join(inv->code).ok());
}

TEST(InvitationAttack, ExpiredCodeRejected) {
    auto ada = make_account("Ada");
    auto eve = make_account("Eve");
    auto space = ada.peer->create_space("S");
    // An expiry in the past is refused at creation...
    EXPECT_FALSE(ada.peer->create_invitation(space->id, Role::Guest, wall_ms() - 1, {"x:1"}).ok());
    // ...and one that lapses before use is refused at admission.
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, wall_ms() + 300, {"x:1"});
    ASSERT_TRUE(inv.ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(450));
    DirectPair link(*ada.peer, *eve.peer);
    auto joined = link.join(inv->code);
    ASSERT_FALSE(joined.ok());
    EXPECT_NE(joined.error().message.find("expired"), std::string::npos) << joined.error().message;
    EXPECT_FALSE(eve.peer->get_space(space->id).ok());
    EXPECT_EQ(ada.peer->get_space(space->id)->member_count, 1u);
}

TEST(InvitationAttack, TamperedCodeRejected) {
    auto ada = make_account("Ada");
    auto eve = make_account("Eve");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    // Any single-character change of the text fails the checksum or the parse.
    for (std::size_t i = std::string(kInvitationPrefix).size(); i < inv->code.size(); ++i) {
        std::string t = inv->code;
        t[i] = t[i] == 'a' ? 'b' : 'a';
        auto r = decode_invitation_code(t);
        EXPECT_FALSE(r.ok()) << "position " << i;
        if (!r.ok()) {
            EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
        }
    }
    // Re-encoded with a valid checksum but altered fields: the inviter refuses every one.
    auto good = parse(inv->code);
    auto alt_space = good;
    alt_space.set_space_id(to_string(crypto::random_array<16>()));
    auto alt_invitation = good;
    alt_invitation.set_invitation_id(to_string(crypto::random_array<16>()));
    auto alt_secret = good;
    std::string s = alt_secret.secret();
    s[0] ^= 1;
    alt_secret.set_secret(s);
    for (const auto* code : {&alt_space, &alt_invitation, &alt_secret}) {
        DirectPair link(*ada.peer, *eve.peer);
        auto joined = link.join(encode_invitation_code(*code));
        EXPECT_FALSE(joined.ok());
    }
    EXPECT_FALSE(eve.peer->get_space(space->id).ok());
    EXPECT_EQ(ada.peer->get_space(space->id)->member_count, 1u);
    // The unaltered code still works: the attempts did not burn it.
    DirectPair link(*ada.peer, *eve.peer);
    EXPECT_TRUE(link.join(inv->code).ok());
}

TEST(InvitationAttack, WrongOneTimeKeyRejected) {
    auto ada = make_account("Ada");
    auto eve = make_account("Eve");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Manager, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    // Eve knows the space id and invitation id (e.g. saw the log) but not the secret.
    auto code = parse(inv->code);
    code.set_secret(to_string(crypto::random_array<32>()));
    DirectPair link(*ada.peer, *eve.peer);
    auto joined = link.join(code);
    ASSERT_FALSE(joined.ok());
    EXPECT_NE(joined.error().message.find("does not match"), std::string::npos)
        << joined.error().message;
    EXPECT_FALSE(eve.peer->get_space(space->id).ok());
}

// A stranger who saw a space id (on a relay, in a log) sends join requests with made-up
// invitations to find out which peers hold that space. Every answer before the invitation's
// secret is proven is the same — unknown space, known space without that invitation, a peer
// that holds the space but may not admit, a wrong secret — in code and in text.
TEST(InvitationAttack, JoinRefusalDoesNotTellWhetherThePeerHoldsTheSpace) {
    Trio t;  // Ada manages the space, Bob is a participant in it
    auto eve = make_account("Eve");
    auto inv = t.ada.peer->create_invitation(t.space, Role::Participant, wall_ms() + 3'600'000,
                                             {"x:1"});
    ASSERT_TRUE(inv.ok());
    const auto real = parse(inv->code);
    auto code_for = [](std::string space_id, std::string invitation_id) {
        grove::net::v1::InvitationCode code;
        code.set_space_id(std::move(space_id));
        code.set_invitation_id(std::move(invitation_id));
        code.set_secret(to_string(crypto::random_array<32>()));
        code.add_addresses("x:1");
        code.set_expires_ms(wall_ms() + 3'600'000);
        return code;
    };
    const std::string made_up_invitation = to_string(crypto::random_array<16>());
    struct Probe {
        const char* what;
        Peer* target;
        grove::net::v1::InvitationCode code;
    };
    std::vector<Probe> probes = {
        {"unknown space", t.ada.peer.get(),
         code_for(to_string(crypto::random_array<16>()), made_up_invitation)},
        {"held space, made-up invitation", t.ada.peer.get(),
         code_for(real.space_id(), made_up_invitation)},
        {"held space, real invitation, wrong secret", t.ada.peer.get(),
         code_for(real.space_id(), real.invitation_id())},
        {"held by a participant", t.bob.peer.get(),
         code_for(real.space_id(), real.invitation_id())},
        {"unknown to the participant", t.bob.peer.get(),
         code_for(to_string(crypto::random_array<16>()), made_up_invitation)},
    };
    const auto eve_device = identity_of(*eve.peer).device_sign.public_key;
    std::set<std::string> admit_answers, link_answers;
    for (auto& probe : probes) {
        auto challenge = crypto::random_array<32>();
        auto request = Replicator(*eve.peer).make_join_request(probe.code, challenge);
        ASSERT_TRUE(request.ok()) << probe.what;
        auto refused = Replicator(*probe.target).admit(*request, challenge, eve_device);
        ASSERT_FALSE(refused.ok()) << probe.what;
        EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied) << probe.what;
        admit_answers.insert(refused.error().describe());
        // Over a link, as the stranger sees it.
        DirectPair link(*probe.target, *eve.peer);
        auto joined = link.join(probe.code);
        ASSERT_FALSE(joined.ok()) << probe.what;
        link_answers.insert(joined.error().describe());
    }
    EXPECT_EQ(admit_answers.size(), 1u) << ::testing::PrintToString(admit_answers);
    EXPECT_EQ(link_answers.size(), 1u) << ::testing::PrintToString(link_answers);
    EXPECT_FALSE(eve.peer->get_space(t.space).ok());
    EXPECT_EQ(t.ada.peer->get_space(t.space)->member_count, 3u);
    // The probes did not burn the invitation.
    auto bea = make_account("Bea");
    DirectPair link(*t.ada.peer, *bea.peer);
    EXPECT_TRUE(link.join(inv->code).ok());
}

TEST(InvitationAttack, JoinRequestReplayedOnAnotherLinkRejected) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto eve = make_account("Eve");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    auto code = parse(inv->code);
    // Bob's request, bound to Bob's link challenge, captured by Eve (e.g. a relay).
    auto bob_challenge = crypto::random_array<32>();
    auto req = Replicator(*bob.peer).make_join_request(code, bob_challenge);
    ASSERT_TRUE(req.ok());
    Replicator ra(*ada.peer);
    const auto eve_device = identity_of(*eve.peer).device_sign.public_key;
    const auto bob_device = identity_of(*bob.peer).device_sign.public_key;
    // On Eve's link (another challenge, Eve's device).
    auto r1 = ra.admit(*req, crypto::random_array<32>(), eve_device);
    ASSERT_FALSE(r1.ok());
    EXPECT_EQ(r1.error().code, ErrorCode::PermissionDenied);
    // Even with the same challenge, the link's device must be the joining device.
    auto r2 = ra.admit(*req, bob_challenge, eve_device);
    ASSERT_FALSE(r2.ok());
    // On a link claiming Bob's device but another challenge (a different session).
    auto r3 = ra.admit(*req, crypto::random_array<32>(), bob_device);
    ASSERT_FALSE(r3.ok());
    EXPECT_EQ(ada.peer->get_space(space->id)->member_count, 1u);
    // The genuine exchange succeeds, and an admission cannot be accepted by someone else.
    auto admission = ra.admit(*req, bob_challenge, bob_device);
    ASSERT_TRUE(admission.ok()) << admission.error().message;
    auto stolen = Replicator(*eve.peer).accept_join(code, *admission);
    ASSERT_FALSE(stolen.ok());
    EXPECT_EQ(stolen.error().code, ErrorCode::PermissionDenied);
    EXPECT_TRUE(Replicator(*bob.peer).accept_join(code, *admission).ok());
}
