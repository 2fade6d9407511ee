// Contacts and invitations to a known contact: changed keys are flagged and not trusted; a sealed
// invitation is usable only by its contact (opening it, and admission by the inviter and by every
// peer); a forged or re-signed inviter signature is refused.
#include <gtest/gtest.h>

#include "core/contacts.h"
#include "security_support.h"

using namespace grove::test;
namespace nv = grove::net::v1;

namespace {

std::int64_t day_from_now() { return wall_ms() + 86'400'000; }

// Ada has Bob as a verified contact (under `name`).
void befriend(Account& ada, Account& bob, const std::string& name = "Bob") {
    auto added = ada.peer->add_contact(*bob.peer->my_contact_card(), name);
    ASSERT_TRUE(added.ok()) << added.error().message;
    ASSERT_TRUE(ada.peer->verify_contact(name).ok());
}

}  // namespace

TEST(ContactAttack, ChangedKeysAreFlaggedAndNotTrusted) {
    Account ada = make_account("Ada");
    Account bob = make_account("Bob");
    befriend(ada, bob);
    auto space = ada.peer->create_space("Plans");
    ASSERT_TRUE(space.ok());
    const auto& bob_id = identity_of(*bob.peer);
    const std::string old_box = to_hex(bob_id.identity_box.public_key);

    // A newer card of Bob's identity with another box key (e.g. Bob re-keyed, or his identity
    // key is being misused): stored flagged, the verified keys stay in use.
    auto new_box = crypto::BoxKeyPair::generate();
    auto changed = make_identity_card("Bob", bob_id.identity_sign, new_box.public_key,
                                      bob_id.card.issued_ms() + 1000);
    auto flagged = ada.peer->add_contact(encode_contact_card(changed), "");
    ASSERT_TRUE(flagged.ok()) << flagged.error().message;
    EXPECT_EQ(flagged->status, "keys_changed");
    EXPECT_FALSE(flagged->verified);
    EXPECT_EQ(flagged->box_key, old_box);
    EXPECT_EQ(flagged->pending_box_key, to_hex(new_box.public_key));
    EXPECT_NE(flagged->warning.find("compare fingerprints"), std::string::npos);
    // Not trusted: no invitation is sealed to a flagged contact.
    auto refused =
        ada.peer->create_invitation_for(space->id, "Bob", Role::Participant, day_from_now(), {"x:1"});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, grove::ErrorCode::FailedPrecondition);
    // An older card with other keys cannot roll the contact back either.
    auto older = make_identity_card("Bob", bob_id.identity_sign,
                                    crypto::BoxKeyPair::generate().public_key, 1);
    EXPECT_EQ(ada.peer->add_contact(encode_contact_card(older), "").error().code,
              grove::ErrorCode::FailedPrecondition);

    // Someone else's identity calling itself Bob: added flagged under another name; "Bob" still
    // names the real Bob.
    Account mallory = make_account("Bob");
    auto impostor = ada.peer->add_contact(*mallory.peer->my_contact_card(), "");
    ASSERT_TRUE(impostor.ok()) << impostor.error().message;
    EXPECT_EQ(impostor->status, "name_conflict");
    EXPECT_EQ(impostor->name, "Bob (2)");
    EXPECT_EQ(impostor->conflicts_with, "Bob");
    EXPECT_FALSE(impostor->verified);
    EXPECT_EQ(ada.peer->get_contact("Bob")->identity_id, to_hex(bob_id.identity_sign.public_key));
    EXPECT_EQ(ada.peer->create_invitation_for(space->id, "Bob (2)", Role::Participant,
                                              day_from_now(), {"x:1"})
                  .error()
                  .code,
              grove::ErrorCode::FailedPrecondition);
    // An explicit name taken by a contact is refused outright.
    EXPECT_EQ(ada.peer->add_contact(*mallory.peer->my_contact_card(), "Bob").error().code,
              grove::ErrorCode::InvalidArgument);

    // Only after an explicit verification do the new keys count.
    auto verified = ada.peer->verify_contact("Bob");
    ASSERT_TRUE(verified.ok());
    EXPECT_EQ(verified->status, "ok");
    EXPECT_TRUE(verified->verified);
    EXPECT_EQ(verified->box_key, to_hex(new_box.public_key));
}

TEST(ContactAttack, SealedInvitationUsableOnlyByItsContact) {
    Account ada = make_account("Ada");
    Account bob = make_account("Bob");
    Account eve = make_account("Eve");
    befriend(ada, bob);
    auto space = ada.peer->create_space("Plans");
    ASSERT_TRUE(space.ok());
    auto inv =
        ada.peer->create_invitation_for(space->id, "Bob", Role::Participant, day_from_now(), {"x:1"});
    ASSERT_TRUE(inv.ok()) << inv.error().message;
    EXPECT_TRUE(is_sealed_invitation(inv->code));
    // Not a plain code: nothing in it joins by itself.
    EXPECT_FALSE(decode_invitation_code(inv->code).ok());

    // Eve cannot open it.
    auto by_eve = eve.peer->open_invitation(inv->code);
    ASSERT_FALSE(by_eve.ok());
    EXPECT_EQ(by_eve.error().code, grove::ErrorCode::PermissionDenied);
    // Pointing it at herself breaks the inviter's signature...
    auto sealed = decode_sealed_invitation(inv->code);
    ASSERT_TRUE(sealed.ok());
    auto redirected = *sealed;
    redirected.set_recipient(to_string(identity_of(*eve.peer).identity_sign.public_key));
    redirected.set_recipient_box(to_string(identity_of(*eve.peer).identity_box.public_key));
    auto r = eve.peer->open_invitation(encode_sealed_invitation(redirected));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, grove::ErrorCode::PermissionDenied);
    // ...and the box does not open with her key anyway.
    EXPECT_FALSE(
        crypto::open_sealed(identity_of(*eve.peer).identity_box, as_bytes(sealed->sealed_body()))
            .ok());
    // Its content is not readable by anyone in between: no secret, no address in the text.
    EXPECT_EQ(inv->code.find("x:1"), std::string::npos);

    // Bob opens it, sees who invited him, and joins through the normal path.
    auto opened = bob.peer->open_invitation(inv->code);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->space_id, space->id);
    EXPECT_EQ(opened->space_name, "Plans");
    EXPECT_EQ(opened->role, Role::Participant);
    EXPECT_EQ(opened->inviter_name, "Ada");
    EXPECT_EQ(opened->inviter_trust, "unknown");  // Ada is not (yet) Bob's contact
    ASSERT_TRUE(bob.peer->add_contact(*ada.peer->my_contact_card(), "").ok());
    EXPECT_EQ(bob.peer->open_invitation(inv->code)->inviter_trust, "unverified");
    ASSERT_TRUE(bob.peer->verify_contact("Ada").ok());
    EXPECT_EQ(bob.peer->open_invitation(inv->code)->inviter_trust, "verified");
    DirectPair link(*ada.peer, *bob.peer);
    auto joined = link.join(opened->code);
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    link.run();
    EXPECT_EQ(joined->id, space->id);
    EXPECT_EQ(heads(*ada.peer, space->id), heads(*bob.peer, space->id));
    // Single use, like any code.
    DirectPair again(*ada.peer, *eve.peer);
    EXPECT_FALSE(again.join(opened->code).ok());
}

TEST(ContactAttack, ForgedInviterSignatureRefused) {
    Account ada = make_account("Ada");
    Account bob = make_account("Bob");
    Account eve = make_account("Eve");
    befriend(ada, bob);
    ASSERT_TRUE(bob.peer->add_contact(*ada.peer->my_contact_card(), "").ok());
    ASSERT_TRUE(bob.peer->verify_contact("Ada").ok());
    auto space = ada.peer->create_space("Plans");
    ASSERT_TRUE(space.ok());
    auto inv =
        ada.peer->create_invitation_for(space->id, "Bob", Role::Participant, day_from_now(), {"x:1"});
    ASSERT_TRUE(inv.ok());
    auto sealed = decode_sealed_invitation(inv->code);
    ASSERT_TRUE(sealed.ok());
    const auto& eve_id = identity_of(*eve.peer);

    // Eve signs her own invitation with Ada's card on it: the signature is not Ada's.
    auto eve_space = eve.peer->create_space("Phish");
    ASSERT_TRUE(eve_space.ok());
    ASSERT_TRUE(eve.peer->add_contact(*bob.peer->my_contact_card(), "").ok());
    auto eves = eve.peer->create_invitation_for(eve_space->id, "Bob", Role::Participant,
                                                day_from_now(), {"x:1"});
    ASSERT_TRUE(eves.ok());
    auto posing = *decode_sealed_invitation(eves->code);
    *posing.mutable_inviter() = identity_of(*ada.peer).card;
    posing.set_signature(
        to_string(crypto::sign(eve_id.identity_sign.secret_key,
                               sealed_invitation_signing_input(posing))));
    auto r1 = bob.peer->open_invitation(encode_sealed_invitation(posing));
    ASSERT_FALSE(r1.ok());
    EXPECT_EQ(r1.error().code, grove::ErrorCode::PermissionDenied);
    EXPECT_NE(r1.error().message.find("signature"), std::string::npos) << r1.error().message;

    // Eve takes Ada's real invitation and re-signs it as its inviter: the sealed body names Ada.
    auto resigned = *sealed;
    *resigned.mutable_inviter() = eve_id.card;
    resigned.set_signature(to_string(
        crypto::sign(eve_id.identity_sign.secret_key, sealed_invitation_signing_input(resigned))));
    auto r2 = bob.peer->open_invitation(encode_sealed_invitation(resigned));
    ASSERT_FALSE(r2.ok());
    EXPECT_EQ(r2.error().code, grove::ErrorCode::PermissionDenied);

    // Any changed byte of the sealed body, or of the time, breaks Ada's signature.
    auto tampered = *sealed;
    std::string body = tampered.sealed_body();
    body[body.size() / 2] ^= 1;
    tampered.set_sealed_body(body);
    EXPECT_EQ(bob.peer->open_invitation(encode_sealed_invitation(tampered)).error().code,
              grove::ErrorCode::PermissionDenied);
    auto retimed = *sealed;
    retimed.set_issued_ms(sealed->issued_ms() + 1);
    EXPECT_EQ(bob.peer->open_invitation(encode_sealed_invitation(retimed)).error().code,
              grove::ErrorCode::PermissionDenied);
    // A typo is caught by the checksum first.
    std::string typo = inv->code;
    typo[typo.size() / 2] = typo[typo.size() / 2] == 'a' ? 'b' : 'a';
    EXPECT_EQ(bob.peer->open_invitation(typo).error().code, grove::ErrorCode::InvalidArgument);

    // The untouched invitation still works.
    auto opened = bob.peer->open_invitation(inv->code);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->inviter_trust, "verified");
}

// The opened code of an invitation sealed to Carol, passed on to Eve: the admitting manager
// refuses Eve's join, and an AdmitMember for Eve written anyway (by a manager's modified
// software) is rejected by every peer. Carol joins with the same invitation afterwards.
TEST(ContactAttack, SealedInvitationAdmitsOnlyItsContact) {
    Trio trio;
    Account carol = make_account("Carol");
    Account eve = make_account("Eve");
    befriend(trio.ada, carol, "Carol");
    auto inv = trio.ada.peer->create_invitation_for(trio.space, "Carol", Role::Participant,
                                                    day_from_now(), {"x:1"});
    ASSERT_TRUE(inv.ok()) << inv.error().message;
    auto opened = carol.peer->open_invitation(inv->code);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    trio.sync_all();
    // Every member's log records whom the invitation is for.
    const auto carol_key = identity_of(*carol.peer).identity_sign.public_key;
    const auto inv_id = *fixed_from<16>(*from_hex(inv->invitation_id));
    for (Account* a : {&trio.ada, &trio.bob, &trio.gus}) {
        with_space(*a->peer, trio.sid, [&](Space& s) {
            const InvitationRecord* r = s.invitation(inv_id);
            ASSERT_NE(r, nullptr);
            ASSERT_TRUE(r->for_identity.has_value());
            EXPECT_EQ(*r->for_identity, carol_key);
        });
    }
    const std::string state_before = state(*trio.bob.peer, trio.space);

    // Carol passes the opened code to Eve: the admitting manager refuses Eve, clearly.
    {
        DirectPair link(*trio.ada.peer, *eve.peer);
        auto joined = link.join(opened->code);
        ASSERT_FALSE(joined.ok());
        EXPECT_EQ(joined.error().code, grove::ErrorCode::PermissionDenied);
        EXPECT_NE(joined.error().message.find("sealed to another identity"), std::string::npos)
            << joined.error().message;
        EXPECT_FALSE(eve.peer->get_space(trio.space).ok());
    }
    // Directly at the admitter too (the same check, before anything is written).
    auto code = *decode_invitation_code(opened->code);
    auto challenge = crypto::random_array<32>();
    auto eve_req = Replicator(*eve.peer).make_join_request(code, challenge);
    ASSERT_TRUE(eve_req.ok());
    auto refused = Replicator(*trio.ada.peer)
                       .admit(*eve_req, challenge, identity_of(*eve.peer).device_sign.public_key);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, grove::ErrorCode::PermissionDenied);
    EXPECT_EQ(trio.ada.peer->get_space(trio.space)->member_count, 3u);

    // A manager's device writes the admission for Eve anyway, with a valid proof of the secret:
    // every peer rejects it (the manager's own applies the same rule when it authors).
    sp::SpaceOp forged;
    auto* admit = forged.mutable_admit();
    *admit->mutable_member()->mutable_identity() = eve_req->card();
    *admit->mutable_member()->add_devices() = eve_req->device();
    admit->mutable_member()->set_role(sp::ROLE_PARTICIPANT);
    admit->set_invitation_id(eve_req->invitation_id());
    admit->set_invitation_proof(eve_req->proof());
    auto deltas = author_as(*trio.ada.peer, trio.sid, identity_of(*trio.ada.peer),
                            {space_op(forged)});
    ASSERT_EQ(deltas.size(), 1u);
    for (Account* a : {&trio.bob, &trio.gus}) {
        auto report = ingest(*a->peer, trio.sid, sealed_of(deltas));
        EXPECT_EQ(report.applied, 0u);
        EXPECT_EQ(report.rejected, 1u);
        ASSERT_FALSE(report.reasons.empty());
        EXPECT_NE(report.reasons.front().find("sealed to another identity"), std::string::npos)
            << report.reasons.front();
        EXPECT_FALSE(stores_delta(*a->peer, trio.sid, deltas.front().id));
        EXPECT_EQ(a->peer->get_space(trio.space)->member_count, 3u);
    }
    {
        auto& journal = trio.ada.peer->journal();
        Space::Draft draft = space_op(forged);
        auto self =
            journal.mutate(trio.sid, [&](Space& space, auto& events) -> grove::Result<void> {
                auto ids = journal.submit(space, std::span(&draft, 1), events);
                if (!ids.ok()) return ids.error();
                return {};
            });
        ASSERT_FALSE(self.ok());
        EXPECT_NE(self.error().message.find("sealed to another identity"), std::string::npos)
            << self.error().message;
    }
    EXPECT_EQ(state(*trio.bob.peer, trio.space), state_before);

    // Carol, the contact it was sealed for, joins with it and everyone converges.
    DirectPair link(*trio.ada.peer, *carol.peer);
    auto joined = link.join(opened->code);
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    link.run();
    trio.sync_all();
    EXPECT_EQ(trio.bob.peer->get_space(trio.space)->member_count, 4u);
    EXPECT_EQ(heads(*trio.ada.peer, trio.space), heads(*trio.bob.peer, trio.space));
    // Used once: even Carol's code is spent now.
    DirectPair again(*trio.ada.peer, *eve.peer);
    EXPECT_FALSE(again.join(opened->code).ok());
}

// A plain invitation (not sealed to anyone) records no identity and admits whoever holds it.
TEST(ContactAttack, PlainInvitationStillAdmitsWhoeverHoldsIt) {
    Account ada = make_account("Ada");
    Account eve = make_account("Eve");
    auto space = ada.peer->create_space("Open");
    ASSERT_TRUE(space.ok());
    auto inv = ada.peer->create_invitation(space->id, Role::Guest, day_from_now(), {"x:1"});
    ASSERT_TRUE(inv.ok());
    with_space(*ada.peer, space_id(space->id), [&](Space& s) {
        const InvitationRecord* r = s.invitation(*fixed_from<16>(*from_hex(inv->invitation_id)));
        ASSERT_NE(r, nullptr);
        EXPECT_FALSE(r->for_identity.has_value());
    });
    DirectPair link(*ada.peer, *eve.peer);
    auto joined = link.join(inv->code);
    ASSERT_TRUE(joined.ok()) << joined.error().message;
}

// Found by fuzz_sealed_invitation's invariant (fuzz/corpus/fuzz_sealed_invitation/
// code-too-long-for-join): a validly signed sealed invitation could open to a code too long for
// join to accept. It is refused when opened, and no invitation (sealed or plain) is issued whose
// code join would refuse: nothing is written for it.
TEST(ContactAttack, InvitationWhoseCodeCannotJoinIsRefused) {
    Account ada = make_account("Ada");
    Account bob = make_account("Bob");
    befriend(ada, bob);
    auto space = ada.peer->create_space("Plans");
    ASSERT_TRUE(space.ok());
    std::vector<std::string> long_addresses;
    for (int i = 0; i < 16; ++i)
        long_addresses.push_back("host" + std::to_string(i) + "." + std::string(100, 'x') +
                                 ".example:7420");
    grove::net::v1::InvitationCode code;
    code.set_space_id(to_string(space_id(space->id)));
    code.set_invitation_id(std::string(16, '\x02'));
    code.set_secret(std::string(32, '\x03'));
    for (const auto& a : long_addresses) code.add_addresses(a);
    code.set_expires_ms(day_from_now());
    std::string sealed = seal_invitation(identity_of(*ada.peer), identity_of(*bob.peer).card, code,
                                         "Plans", Role::Participant, wall_ms());
    ASSERT_TRUE(decode_sealed_invitation(sealed).ok());  // well-formed and validly signed
    auto opened = bob.peer->open_invitation(sealed);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, grove::ErrorCode::InvalidArgument);
    EXPECT_NE(opened.error().message.find("too long"), std::string::npos)
        << opened.error().message;

    const std::string before = heads(*ada.peer, space->id);
    auto plain = ada.peer->create_invitation(space->id, Role::Guest, day_from_now(), long_addresses);
    ASSERT_FALSE(plain.ok());
    EXPECT_EQ(plain.error().code, grove::ErrorCode::InvalidArgument);
    auto for_bob = ada.peer->create_invitation_for(space->id, "Bob", Role::Guest, day_from_now(),
                                                   long_addresses);
    ASSERT_FALSE(for_bob.ok());
    EXPECT_EQ(heads(*ada.peer, space->id), before);
    EXPECT_TRUE(ada.peer->list_invitations(space->id)->empty());
    // Fewer addresses fit and still work.
    long_addresses.resize(4);
    EXPECT_TRUE(
        ada.peer->create_invitation_for(space->id, "Bob", Role::Guest, day_from_now(), long_addresses)
            .ok());
}
