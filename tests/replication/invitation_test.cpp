#include <gtest/gtest.h>

#include "core/invitation_code.h"
#include "direct_pair.h"
#include "replication_support.h"

using namespace grove;
using namespace grove::platform;
using grove::test::DirectPair;
using grove::test::in_days;
using grove::test::make_account;

TEST(InvitationCode, RoundTripsAndRejectsTypos) {
    grove::net::v1::InvitationCode code;
    code.set_space_id(std::string(16, 'a'));
    code.set_invitation_id(std::string(16, 'b'));
    code.set_secret(std::string(32, 'c'));
    code.add_addresses("127.0.0.1:7000");
    code.set_expires_ms(123);
    std::string text = encode_invitation_code(code);
    ASSERT_EQ(text.rfind("grove-invite:", 0), 0u);
    auto back = decode_invitation_code("  " + text + "\n");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->addresses(0), "127.0.0.1:7000");
    std::string typo = text;
    typo[20] = typo[20] == 'a' ? 'b' : 'a';
    EXPECT_EQ(decode_invitation_code(typo).error().code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(decode_invitation_code("grove-invite:!!!").ok());
    EXPECT_FALSE(decode_invitation_code("hello").ok());
    EXPECT_FALSE(decode_invitation_code("grove-invite:" + std::string(5000, 'a')).ok());
}

TEST(Invitation, JoinAdmitsAndSyncsHistory) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto space = ada.peer->create_space("Design");
    ASSERT_TRUE(space.ok());
    ASSERT_TRUE(ada.peer->post_chat(space->id, "before bob").ok());
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(7),
                                           {"127.0.0.1:1"});
    ASSERT_TRUE(inv.ok()) << inv.error().message;

    DirectPair link(*ada.peer, *bob.peer);
    auto joined = link.join(inv->code);
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    EXPECT_EQ(joined->id, space->id);
    link.run();
    auto bs = bob.peer->get_space(space->id);
    ASSERT_TRUE(bs.ok());
    EXPECT_EQ(bs->name, "Design");
    EXPECT_EQ(bs->my_role, Role::Participant);
    EXPECT_EQ(bs->member_count, 2u);
    ASSERT_TRUE(bob.peer->post_chat(space->id, "hi from bob").ok());
    link.run();
    auto chat = ada.peer->list_chat(space->id);
    ASSERT_TRUE(chat.ok());
    ASSERT_EQ(chat->size(), 2u);
    EXPECT_EQ(chat->back().author_name, "Bob");
    EXPECT_EQ(ada.peer->sync_status(space->id)->heads_digest,
              bob.peer->sync_status(space->id)->heads_digest);
    EXPECT_EQ(ada.peer->sync_status(space->id)->state_digest,
              bob.peer->sync_status(space->id)->state_digest);
}

TEST(Invitation, SecondUseIsRejected) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto eve = make_account("Eve");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Guest, in_days(1), {"x:1"});
    ASSERT_TRUE(inv.ok());
    DirectPair ab(*ada.peer, *bob.peer);
    ASSERT_TRUE(ab.join(inv->code).ok());
    DirectPair ae(*ada.peer, *eve.peer);
    auto again = ae.join(inv->code);
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.error().message.find("already been used"), std::string::npos)
        << again.error().message;
    EXPECT_FALSE(eve.peer->get_space(space->id).ok());
}

TEST(Invitation, ExpiredIsRejected) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(0) + 150, {"x:1"});
    ASSERT_TRUE(inv.ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    DirectPair ab(*ada.peer, *bob.peer);
    auto r = ab.join(inv->code);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("expired"), std::string::npos) << r.error().message;
}

TEST(Invitation, WrongSecretIsRejected) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(1), {"x:1"});
    auto code = decode_invitation_code(inv->code);
    ASSERT_TRUE(code.ok());
    code->set_secret(std::string(32, 'z'));
    DirectPair ab(*ada.peer, *bob.peer);
    auto r = ab.join(encode_invitation_code(*code));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("proof"), std::string::npos) << r.error().message;
}

TEST(Invitation, ProofIsBoundToTheLinkDevice) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto mallory = make_account("Mallory");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(1), {"x:1"});
    auto code = decode_invitation_code(inv->code);
    // Bob's proof, replayed by Mallory on her own link, names Bob's device: refused.
    Replicator bob_rep(*bob.peer);
    auto challenge = crypto::random_array<32>();
    auto req = bob_rep.make_join_request(*code, challenge);
    ASSERT_TRUE(req.ok());
    Replicator ada_rep(*ada.peer);
    auto r = ada_rep.admit(*req, challenge, Replicator(*mallory.peer).device());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::PermissionDenied);
    // And with another challenge than the one of the link.
    auto other = crypto::random_array<32>();
    auto r2 = ada_rep.admit(*req, other, bob_rep.device());
    ASSERT_FALSE(r2.ok());
    // The real thing works.
    auto ok = ada_rep.admit(*req, challenge, bob_rep.device());
    ASSERT_TRUE(ok.ok()) << ok.error().message;
}

TEST(Ingest, RejectsForgedAndUnsignedAndNeverForwards) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto eve = make_account("Eve");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(1), {"x:1"});
    DirectPair ab(*ada.peer, *bob.peer);
    ASSERT_TRUE(ab.join(inv->code).ok());
    ab.run();
    auto sid = *fixed_from<16>(*from_hex(space->id));

    // A delta authored by Bob, then tampered: bad signature.
    ASSERT_TRUE(bob.peer->post_chat(space->id, "real").ok());
    Replicator bob_rep(*bob.peer);
    VersionVector nothing;
    auto out = bob_rep.outgoing(sid, 0, nothing, 100, 1 << 20);
    ASSERT_TRUE(out.ok());
    auto last = out->deltas.back();
    Replicator ada_rep(*ada.peer);
    auto before = ada.peer->sync_status(space->id)->heads_digest;
    auto tampered = last;
    tampered.mutable_ciphertext()->back() ^= 1;
    auto r = ada_rep.ingest(sid, {tampered});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->rejected, 1u);
    EXPECT_EQ(r->applied, 0u);
    // Unsigned, with no signed successor: rejected.
    auto unsigned_delta = last;
    unsigned_delta.clear_signature();
    r = ada_rep.ingest(sid, {unsigned_delta});
    EXPECT_EQ(r->rejected, 1u);
    // Garbage bytes: rejected with a reason, nothing lost.
    grove::wire::v1::SealedDelta junk;
    junk.set_header(std::string(100, '\xff'));
    junk.set_nonce(std::string(24, 0));
    junk.set_ciphertext(std::string(20, 0));
    r = ada_rep.ingest(sid, {junk});
    EXPECT_EQ(r->rejected, 1u);
    EXPECT_EQ(ada.peer->sync_status(space->id)->heads_digest, before);
    // A non-member's validly signed delta (Eve made her own space id match): rejected.
    auto eve_space = eve.peer->create_space("E");
    ASSERT_TRUE(eve_space.ok());
    // The real one applies, and a duplicate is a no-op.
    r = ada_rep.ingest(sid, {last});
    EXPECT_EQ(r->applied, 1u);
    r = ada_rep.ingest(sid, {last});
    EXPECT_EQ(r->duplicates, 1u);
    // Nothing rejected was stored: what Ada would send is exactly Bob's log.
    VersionVector none;
    auto ada_out = ada_rep.outgoing(sid, 0, none, 100, 1 << 20);
    EXPECT_EQ(ada_out->deltas.size(), out->deltas.size());
}

TEST(Ingest, HoldsOutOfOrderDeltasUntilTheGapFills) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(1), {"x:1"});
    DirectPair ab(*ada.peer, *bob.peer);
    ASSERT_TRUE(ab.join(inv->code).ok());
    ab.run();
    auto sid = *fixed_from<16>(*from_hex(space->id));
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(ada.peer->post_chat(space->id, "m" + std::to_string(i)).ok());
    Replicator ada_rep(*ada.peer), bob_rep(*bob.peer);
    auto bob_info = bob_rep.info(sid);
    ASSERT_TRUE(bob_info.ok());
    VersionVector bob_has = bob_info->vector;
    auto out = ada_rep.outgoing(sid, 0, bob_has, 100, 1 << 20);
    ASSERT_EQ(out->deltas.size(), 5u);
    // Deliver in reverse, one at a time: all but the first wait, then everything applies.
    for (int i = 4; i >= 1; --i) {
        auto r = bob_rep.ingest(sid, {out->deltas[i]});
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(r->applied, 0u);
        EXPECT_TRUE(r->gap);
    }
    EXPECT_EQ(bob.peer->sync_status(space->id)->pending, 4u);
    auto r = bob_rep.ingest(sid, {out->deltas[0]});
    EXPECT_EQ(r->applied, 5u);
    EXPECT_EQ(bob.peer->sync_status(space->id)->pending, 0u);
    EXPECT_EQ(ada.peer->sync_status(space->id)->state_digest,
              bob.peer->sync_status(space->id)->state_digest);
}
