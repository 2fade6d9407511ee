// Attacks on the delta log through the ingest path a network peer drives (Replicator::ingest):
// forged authors, bad signatures, replays, forks, cross-space injection, tampering, role abuse
// and Lamport clocks.
#include <gtest/gtest.h>

#include "core/replication_state.h"
#include "security_support.h"

using namespace grove;
using namespace grove::test;

namespace {
std::size_t chat_count(Peer& p, const std::string& space) { return p.list_chat(space)->size(); }
}  // namespace

TEST(DeltaAttack, ForgedDeltaFromNonMemberKeyRejectedAndNotStored) {
    Trio t;
    // Mallory is no member but is given the content key (the worst case: a leaked key).
    auto mallory = LocalIdentity::generate("Mallory");
    auto forged = author_as(*t.ada.peer, t.sid, mallory, {chat_post("forged")});
    ASSERT_TRUE(verify_delta_signature(forged.back()));  // validly signed by its own key
    const auto before = t.ada.peer->sync_status(t.space).value();
    auto report = ingest(*t.ada.peer, t.sid, sealed_of(forged));
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 1u);
    ASSERT_FALSE(report.reasons.empty());
    EXPECT_NE(report.reasons.front().find("not a member"), std::string::npos)
        << report.reasons.front();
    EXPECT_EQ(heads(*t.ada.peer, t.space), before.heads_digest);
    EXPECT_EQ(t.ada.peer->sync_status(t.space)->delta_count, before.delta_count);
    EXPECT_EQ(chat_count(*t.ada.peer, t.space), 0u);
    EXPECT_FALSE(stores_delta(*t.ada.peer, t.sid, forged.back().id));
    // Nor may a non-member pose as a member's device: Bob's key signs nothing Mallory sends.
    auto posing = reseal(forged.back(),
                         [&](auto& h) {
                             h.set_author_device(to_string(identity_of(*t.bob.peer).device_sign.public_key));
                         },
                         epoch_key_of(*t.ada.peer, t.sid), &mallory.device_sign.secret_key);
    report = ingest(*t.ada.peer, t.sid, {posing.sealed});
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 1u);
    EXPECT_EQ(chat_count(*t.ada.peer, t.space), 0u);
}

TEST(DeltaAttack, BadSignatureRejected) {
    Trio t;
    auto ds = author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer), {chat_post("hello")});
    auto sealed = ds.back().sealed;
    std::string sig = sealed.signature();
    sig[7] ^= 0x01;
    sealed.set_signature(sig);
    auto report = ingest(*t.ada.peer, t.sid, {sealed});
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 1u);
    EXPECT_FALSE(stores_delta(*t.ada.peer, t.sid, ds.back().id));
    // Signature of another delta (valid signer, wrong message).
    auto other = author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer), {chat_post("other")});
    sealed = ds.back().sealed;
    sealed.set_signature(other.back().sealed.signature());
    report = ingest(*t.ada.peer, t.sid, {sealed});
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(chat_count(*t.ada.peer, t.space), 0u);
}

TEST(DeltaAttack, UnsignedChainTailRejected) {
    Trio t;
    // A batch of three: only the last is signed; drop it, or strip its signature.
    auto ds = author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer),
                        {chat_post("a"), chat_post("b"), chat_post("c")});
    ASSERT_TRUE(ds[0].sealed.signature().empty());
    ASSERT_FALSE(ds[2].sealed.signature().empty());
    auto report = ingest(*t.ada.peer, t.sid, {ds[0].sealed, ds[1].sealed});
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 2u);
    EXPECT_EQ(report.pending, 0u);  // never held either
    auto stripped = ds[2].sealed;
    stripped.clear_signature();
    report = ingest(*t.ada.peer, t.sid, {ds[0].sealed, ds[1].sealed, stripped});
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 3u);
    // An unsigned delta vouched for by a signed delta of ANOTHER author is still rejected.
    auto ada_signed = author_as(*t.ada.peer, t.sid, identity_of(*t.ada.peer), {chat_post("x")});
    report = ingest(*t.ada.peer, t.sid, {ds[0].sealed, ada_signed.back().sealed});
    EXPECT_EQ(report.applied, 1u);
    EXPECT_EQ(report.rejected, 1u);
    EXPECT_EQ(chat_count(*t.ada.peer, t.space), 1u);
    // The genuine batch is accepted: the rejections above were the attack, not the data.
    auto good = author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer),
                          {chat_post("a"), chat_post("b"), chat_post("c")});
    report = ingest(*t.ada.peer, t.sid, sealed_of(good));
    EXPECT_EQ(report.applied, 3u);
}

TEST(DeltaAttack, ExactReplayIsNoOp) {
    Trio t;
    ASSERT_TRUE(t.bob.peer->post_chat(t.space, "once").ok());
    auto bobs = stored_deltas(*t.bob.peer, t.sid);
    auto first = ingest(*t.ada.peer, t.sid, bobs);
    EXPECT_EQ(first.applied, 1u);
    const auto status = t.ada.peer->sync_status(t.space).value();
    for (int round = 0; round < 3; ++round) {
        auto again = ingest(*t.ada.peer, t.sid, bobs);
        EXPECT_EQ(again.applied, 0u);
        EXPECT_EQ(again.rejected, 0u);
        EXPECT_EQ(again.duplicates, bobs.size());
    }
    auto after = t.ada.peer->sync_status(t.space).value();
    EXPECT_EQ(after.delta_count, status.delta_count);
    EXPECT_EQ(after.heads_digest, status.heads_digest);
    EXPECT_EQ(after.state_digest, status.state_digest);
    EXPECT_EQ(chat_count(*t.ada.peer, t.space), 1u);
    // Replaying a delete of a message does not delete a later message either (ids differ).
}

TEST(DeltaAttack, ForkedChainRejected) {
    Trio t;
    auto& bob = identity_of(*t.bob.peer);
    auto one = author_as(*t.ada.peer, t.sid, bob, {chat_post("version one")});
    auto two = author_as(*t.ada.peer, t.sid, bob, {chat_post("version two")});
    ASSERT_EQ(one.back().seq, two.back().seq);
    ASSERT_NE(one.back().id, two.back().id);
    EXPECT_EQ(ingest(*t.ada.peer, t.sid, sealed_of(one)).applied, 1u);
    auto report = ingest(*t.ada.peer, t.sid, sealed_of(two));
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 1u);
    ASSERT_FALSE(report.reasons.empty());
    EXPECT_NE(report.reasons.front().find("forked"), std::string::npos) << report.reasons.front();
    EXPECT_FALSE(stores_delta(*t.ada.peer, t.sid, two.back().id));
    // Both branches in one batch, to a peer that has neither: exactly one wins.
    auto report2 = ingest(*t.gus.peer, t.sid, {one.back().sealed, two.back().sealed});
    EXPECT_EQ(report2.applied, 1u);
    EXPECT_EQ(report2.rejected, 1u);
    // A successor whose prev names a delta that is not the author's chain tip is a fork too.
    auto next = author_as(*t.ada.peer, t.sid, bob, {chat_post("three")});
    auto bad_prev = reseal(next.back(), [&](auto& h) { h.set_prev(to_string(two.back().id)); },
                           epoch_key_of(*t.ada.peer, t.sid), &bob.device_sign.secret_key);
    report = ingest(*t.ada.peer, t.sid, {bad_prev.sealed});
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 1u);
}

TEST(DeltaAttack, DeltaFromSpaceAInjectedIntoSpaceBRejected) {
    Trio t;
    // A second space shared by the same members.
    auto b = t.ada.peer->create_space("B");
    ASSERT_TRUE(b.ok());
    auto inv = t.ada.peer->create_invitation(b->id, Role::Participant, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    {
        DirectPair link(*t.ada.peer, *t.bob.peer);
        ASSERT_TRUE(link.join(inv->code).ok());
        link.run();
    }
    const SpaceId sid_b = space_id(b->id);
    auto& bob = identity_of(*t.bob.peer);
    auto in_a = author_as(*t.ada.peer, t.sid, bob, {chat_post("meant for A")});
    const auto before = t.ada.peer->sync_status(b->id).value();

    // 1) As is: the header names space A.
    auto report = ingest(*t.ada.peer, sid_b, sealed_of(in_a));
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 1u);
    EXPECT_EQ(report.pending, 0u);
    // 2) A's sealed payload under a header that is valid in B (Bob's next seq in B, B's heads
    //    and clock), signed by Bob, a member of B: the ciphertext was sealed under A's key with
    //    A's header as associated data, so it does not open.
    auto in_b = author_as(*t.ada.peer, sid_b, bob, {chat_post("cover")});
    auto transplanted = in_b.back().sealed;
    transplanted.set_nonce(in_a.back().sealed.nonce());
    transplanted.set_ciphertext(in_a.back().sealed.ciphertext());
    auto redecoded = decode_delta(transplanted);
    ASSERT_TRUE(redecoded.ok());
    transplanted.set_signature(
        to_string(crypto::sign(bob.device_sign.secret_key, delta_signing_input(redecoded->id))));
    report = ingest(*t.ada.peer, sid_b, {transplanted});
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 1u);
    EXPECT_EQ(report.pending, 0u);
    auto after = t.ada.peer->sync_status(b->id).value();
    EXPECT_EQ(after.heads_digest, before.heads_digest);
    EXPECT_EQ(t.ada.peer->list_chat(b->id)->size(), 0u);
    // 3) AEAD binding alone: even under the right key, a ciphertext moved under another header
    //    (same space, re-signed) fails to open.
    auto moved = in_a.back();
    moved.header.set_wall_time_ms(moved.header.wall_time_ms() + 1);
    moved.sealed.set_header(moved.header.SerializeAsString());
    auto md = decode_delta(moved.sealed);
    ASSERT_TRUE(md.ok());
    moved.sealed.set_signature(
        to_string(crypto::sign(bob.device_sign.secret_key, delta_signing_input(md->id))));
    report = ingest(*t.ada.peer, t.sid, {moved.sealed});
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 1u);
    EXPECT_EQ(chat_count(*t.ada.peer, t.space), 0u);
}

TEST(DeltaAttack, BitFlipAnywhereInSealedDeltaRejected) {
    Trio t;
    auto ds = author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer), {chat_post("integrity")});
    const std::string wire = ds.back().sealed.SerializeAsString();
    std::size_t accepted = 0, tried = 0;
    for (std::size_t i = 0; i < wire.size(); ++i) {
        for (int bit = 0; bit < 8; bit += 3) {  // bits 0, 3, 6 of every byte
            std::string flipped = wire;
            flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
            ++tried;
            auto d = decode_delta_bytes(as_bytes(flipped));
            if (!d.ok()) continue;  // refused at decoding: fine
            auto report = ingest(*t.ada.peer, t.sid, {d->sealed});
            if (report.applied != 0) {
                ++accepted;
                ADD_FAILURE() << "a flip of bit " << bit << " of byte " << i << " was applied";
            }
        }
    }
    EXPECT_GT(tried, 300u);
    EXPECT_EQ(accepted, 0u);
    EXPECT_EQ(chat_count(*t.ada.peer, t.space), 0u);
    // The untouched delta is accepted.
    EXPECT_EQ(ingest(*t.ada.peer, t.sid, {ds.back().sealed}).applied, 1u);
}

TEST(DeltaAttack, GuestWriteRejectedOnEveryPeer) {
    Trio t;
    // Through the guest's own API.
    auto local = t.gus.peer->post_chat(t.space, "guest speaks");
    EXPECT_FALSE(local.ok());
    // Forged by a modified client with the guest's real device key.
    auto& gus = identity_of(*t.gus.peer);
    sp::SpaceOp rename;
    rename.mutable_rename()->set_name("guest was here");
    for (Account* victim : {&t.ada, &t.bob, &t.gus}) {
        for (auto draft : {chat_post("guest speaks"), space_op(rename)}) {
            auto ds = author_as(*victim->peer, t.sid, gus, {draft});
            auto report = ingest(*victim->peer, t.sid, sealed_of(ds));
            EXPECT_EQ(report.applied, 0u);
            EXPECT_EQ(report.rejected, 1u);
            ASSERT_FALSE(report.reasons.empty());
            EXPECT_NE(report.reasons.front().find("guest"), std::string::npos)
                << report.reasons.front();
        }
        EXPECT_EQ(chat_count(*victim->peer, t.space), 0u);
        EXPECT_EQ(victim->peer->get_space(t.space)->name, "Trio");
    }
}

TEST(DeltaAttack, ParticipantManagerOnlyActionsRejected) {
    Trio t;
    auto& ada = identity_of(*t.ada.peer);
    auto& bob = identity_of(*t.bob.peer);
    // Ada adds a tool instance and posts a message; everyone syncs.
    sp::SpaceOp add;
    auto instance = crypto::random_array<kToolInstanceIdSize>();
    add.mutable_add_tool()->set_instance_id(to_string(instance));
    add.mutable_add_tool()->set_tool_id("org.grove.discussion");
    add.mutable_add_tool()->set_name("Notes");
    ASSERT_EQ(ingest(*t.ada.peer, t.sid, sealed_of(author_as(*t.ada.peer, t.sid, ada, {space_op(add)})))
                  .applied,
              1u);
    auto msg = t.ada.peer->post_chat(t.space, "manager's message");
    ASSERT_TRUE(msg.ok());
    t.sync_all();
    ASSERT_EQ(chat_count(*t.bob.peer, t.space), 1u);
    const auto before = state(*t.ada.peer, t.space);

    // Bob's own API refuses.
    EXPECT_EQ(t.bob.peer->delete_chat(t.space, msg->id).error().code, ErrorCode::PermissionDenied);
    EXPECT_FALSE(t.bob.peer->remove_tool(t.space, to_hex(instance)).ok());

    sp::SpaceOp rename;
    rename.mutable_rename()->set_name("Bob's now");
    sp::SpaceOp remove;
    remove.mutable_remove_tool()->set_instance_id(to_string(instance));
    sp::SpaceOp rename_tool;
    rename_tool.mutable_rename_tool()->set_instance_id(to_string(instance));
    rename_tool.mutable_rename_tool()->set_name("mine");
    sp::SpaceOp invite;
    invite.mutable_create_invitation()->set_invitation_id(to_string(crypto::random_array<16>()));
    invite.mutable_create_invitation()->set_role(sp::ROLE_MANAGER);
    invite.mutable_create_invitation()->set_expires_ms(wall_ms() + 100000);
    invite.mutable_create_invitation()->set_verify_key(to_string(crypto::random_array<32>()));
    struct Case {
        const char* what;
        Space::Draft draft;
    } cases[] = {{"rename space", space_op(rename)},
                 {"remove another's tool instance", space_op(remove)},
                 {"rename another's tool instance", space_op(rename_tool)},
                 {"create an invitation", space_op(invite)},
                 {"delete another's chat message", chat_delete(msg->id)}};
    for (auto& c : cases) {
        for (Account* victim : {&t.ada, &t.bob, &t.gus}) {
            auto ds = author_as(*victim->peer, t.sid, bob, {c.draft});
            auto report = ingest(*victim->peer, t.sid, sealed_of(ds));
            EXPECT_EQ(report.applied, 0u) << c.what;
            EXPECT_EQ(report.rejected, 1u) << c.what;
            EXPECT_EQ(state(*victim->peer, t.space), before) << c.what;
        }
    }
    // A manager may do what the participant may not (the rules, not the plumbing, refused it).
    auto ok = author_as(*t.ada.peer, t.sid, ada, {chat_delete(msg->id)});
    EXPECT_EQ(ingest(*t.ada.peer, t.sid, sealed_of(ok)).applied, 1u);
}

TEST(DeltaAttack, LamportClockNotExceedingDepsRejected) {
    Trio t;
    auto& bob = identity_of(*t.bob.peer);
    auto key = epoch_key_of(*t.ada.peer, t.sid);
    const std::uint64_t max = with_space(*t.ada.peer, t.sid, [](Space& s) { return s.max_lamport(); });
    auto ds = author_as(*t.ada.peer, t.sid, bob, {chat_post("from the past")});
    for (std::uint64_t lamport : {max, max - 1, std::uint64_t{1}}) {
        auto bad = reseal(ds.back(), [&](auto& h) { h.set_lamport(lamport); }, key,
                          &bob.device_sign.secret_key);
        auto report = ingest(*t.ada.peer, t.sid, {bad.sealed});
        EXPECT_EQ(report.applied, 0u) << lamport;
        EXPECT_EQ(report.rejected, 1u) << lamport;
        ASSERT_FALSE(report.reasons.empty());
        EXPECT_NE(report.reasons.front().find("Lamport"), std::string::npos);
    }
    // Lamport 0 is malformed outright.
    auto zero = reseal(ds.back(), [&](auto& h) { h.set_lamport(0); }, key, &bob.device_sign.secret_key);
    EXPECT_FALSE(decode_delta(zero.sealed).ok());
    EXPECT_EQ(ingest(*t.ada.peer, t.sid, {ds.back().sealed}).applied, 1u);
}

TEST(DeltaAttack, FloodWithMissingDependenciesIsBounded) {
    Trio t;
    // A small buffer for the test (the default is 100 000 deltas / 256 MiB per space).
    constexpr std::size_t kMax = 500;
    Replicator(*t.ada.peer).limit_pending(t.sid, kMax, 1u << 20);
    auto mallory = LocalIdentity::generate("Mallory");
    auto key = epoch_key_of(*t.ada.peer, t.sid);
    auto base = author_as(*t.ada.peer, t.sid, mallory, {chat_post("flood")});
    std::vector<SealedDelta> batch;
    std::size_t pending_max = 0;
    for (std::uint64_t seq = 2; seq < 2 + 3 * kMax; ++seq) {
        auto d = reseal(base.back(),
                        [&](auto& h) {
                            h.set_seq(seq);
                            h.set_prev(to_string(crypto::random_array<32>()));
                            h.add_deps(to_string(crypto::random_array<32>()));
                        },
                        key, &mallory.device_sign.secret_key);
        batch.push_back(d.sealed);
        if (batch.size() == 250) {
            auto report = ingest(*t.ada.peer, t.sid, std::move(batch));
            batch.clear();
            pending_max = std::max(pending_max, report.pending);
            EXPECT_EQ(report.applied, 0u);
        }
    }
    EXPECT_LE(pending_max, kMax);
    auto status = t.ada.peer->sync_status(t.space).value();
    EXPECT_LE(status.pending, kMax);
    EXPECT_LE(Replicator(*t.ada.peer).pending_load(t.sid).bytes, 1u << 20);
    // The default bound is finite too.
    EXPECT_EQ(PendingBuffer::kDefaultMaxDeltas, 100'000u);
    EXPECT_LE(PendingBuffer::kDefaultMaxBytes, 256u * 1024 * 1024);
    // A batch larger than the protocol's maximum is refused outright.
    Replicator r(*t.ada.peer);
    std::vector<SealedDelta> huge(Replicator::kMaxBatchDeltas + 1, base.back().sealed);
    auto refused = r.ingest(t.sid, std::move(huge));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::ResourceExhausted);
}

TEST(DeltaAttack, JoinerRejectsForgedGenesisFromMember) {
    // Fixed: the space id is derived from the creator's identity and the genesis salt, so no
    // other identity can write a genesis for it (Genesis.space_salt, docs/protocol.md).
    Trio t;
    auto carol = make_account("Carol");
    auto inv = t.ada.peer->create_invitation(t.space, Role::Participant, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    auto code = decode_invitation_code(inv->code).value();
    // Carol is admitted, holds the key, but no history yet.
    auto challenge = crypto::random_array<32>();
    auto req = Replicator(*carol.peer).make_join_request(code, challenge);
    ASSERT_TRUE(req.ok());
    auto admission = Replicator(*t.ada.peer)
                         .admit(*req, challenge, identity_of(*carol.peer).device_sign.public_key);
    ASSERT_TRUE(admission.ok()) << admission.error().message;
    ASSERT_TRUE(Replicator(*carol.peer).accept_join(code, *admission).ok());
    // Bob, a participant holding the content key, shows Carol a different genesis naming
    // himself the manager of the same space id.
    auto& bob = identity_of(*t.bob.peer);
    Space fake(t.sid);
    fake.add_epoch_key(1, epoch_key_of(*t.ada.peer, t.sid));
    sp::SpaceOp op;
    auto* g = op.mutable_genesis();
    g->set_name("Bob's space now");
    g->set_created_ms(wall_ms());
    *g->mutable_creator()->mutable_identity() = bob.card;
    *g->mutable_creator()->add_devices() = bob.device_cert;
    g->mutable_creator()->set_role(sp::ROLE_MANAGER);
    auto draft = space_op(op);
    auto forged = fake.author(bob, std::span(&draft, 1), wall_ms());
    auto report = ingest(*carol.peer, t.sid, sealed_of(forged));
    EXPECT_EQ(report.applied, 0u);
    ingest(*carol.peer, t.sid, stored_deltas(*t.ada.peer, t.sid));
    EXPECT_EQ(heads(*carol.peer, t.space), heads(*t.ada.peer, t.space));
    EXPECT_EQ(carol.peer->get_space(t.space)->name, "Trio");
}
