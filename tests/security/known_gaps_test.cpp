// Scenarios of issue 4 whose feature is missing or incomplete. Each states the exact expected
// behaviour. Tests of operations that exist in the wire format but not yet in Space::apply
// (RemoveMember, ChangeRole, RevokeInvitation) skip with "KNOWN GAP" only while the operation is
// refused as unsupported; the day it is implemented they run and can fail.
#include <gtest/gtest.h>

#include "core/replication_state.h"
#include "security_support.h"

using namespace grove;
using namespace grove::test;

namespace {

sp::SpaceOp remove_member(Peer& who) {
    sp::SpaceOp op;
    op.mutable_remove_member()->set_identity(to_string(identity_of(who).identity_sign.public_key));
    return op;
}
sp::SpaceOp change_role(Peer& who, sp::Role role) {
    sp::SpaceOp op;
    op.mutable_change_role()->set_identity(to_string(identity_of(who).identity_sign.public_key));
    op.mutable_change_role()->set_role(role);
    return op;
}

// Authors `op` as `author` on its own peer and ingests it there. Returns false (after
// GTEST_SKIP-worthy detection) when the operation is refused as unsupported.
bool apply_op(Peer& author, const SpaceId& sid, const sp::SpaceOp& op, std::string* why) {
    auto ds = author_as(author, sid, identity_of(author), {space_op(op)});
    auto report = ingest(author, sid, sealed_of(ds));
    if (report.applied == 1) return true;
    *why = report.reasons.empty() ? "not applied" : report.reasons.front();
    return false;
}
bool unsupported(const std::string& why) { return why.find("not supported") != std::string::npos; }

}  // namespace

TEST(KnownGap, RemovedMemberDeltaAfterRemovalRejected) {
    Trio t;
    std::string why;
    if (!apply_op(*t.ada.peer, t.sid, remove_member(*t.bob.peer), &why)) {
        if (unsupported(why))
            GTEST_SKIP() << "KNOWN GAP: SpaceOp.remove_member is not implemented in Space::apply ("
                         << why << "). Expected: a manager's RemoveMember applies on every peer; "
                            "every later delta by any device of the removed identity is rejected "
                            "(PermissionDenied) at its causal position.";
        FAIL() << why;
    }
    t.sync_all();
    auto later = author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer), {chat_post("still here")});
    for (Account* victim : {&t.ada, &t.gus}) {
        auto report = ingest(*victim->peer, t.sid, sealed_of(later));
        EXPECT_EQ(report.applied, 0u);
        EXPECT_EQ(report.rejected, 1u);
    }
    EXPECT_EQ(t.ada.peer->get_space(t.space)->member_count, 2u);
}

TEST(KnownGap, RemovedMemberCannotDecryptPostRemovalCiphertext) {
    Trio t;
    std::string why;
    if (!apply_op(*t.ada.peer, t.sid, remove_member(*t.bob.peer), &why)) {
        if (unsupported(why))
            GTEST_SKIP() << "KNOWN GAP: removal does not exist, so no new content epoch starts ("
                         << why << "). Expected: RemoveMember starts epoch e+1 with a fresh key "
                            "sealed to every remaining device and signed by the remover; deltas "
                            "after it are sealed under e+1; the removed member's devices never "
                            "receive that key and cannot open them.";
        FAIL() << why;
    }
    const auto epoch = with_space(*t.ada.peer, t.sid, [](Space& s) { return s.current_epoch(); });
    EXPECT_GT(epoch, 1u) << "removal must start a new content epoch";
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "after removal").ok());
    // Bob receives the post-removal ciphertext (e.g. from a relay) but holds no key for it.
    ingest(*t.bob.peer, t.sid, stored_deltas(*t.ada.peer, t.sid));
    EXPECT_EQ(with_space(*t.bob.peer, t.sid, [&](Space& s) { return s.epoch_key(epoch); }), nullptr);
    for (const auto& m : t.bob.peer->list_chat(t.space).value())
        EXPECT_NE(m.text, "after removal");
}

TEST(KnownGap, TwoManagersRemovingEachOtherInPartitionConverge) {
    Trio t;
    std::string why;
    if (!apply_op(*t.ada.peer, t.sid, change_role(*t.bob.peer, sp::ROLE_MANAGER), &why)) {
        if (unsupported(why))
            GTEST_SKIP() << "KNOWN GAP: SpaceOp.change_role / remove_member are not implemented ("
                         << why << "). Expected: after Bob is made manager, Ada removing Bob and "
                            "Bob removing Ada concurrently (a partition) resolve identically on "
                            "every peer: equal state digests and the same surviving manager.";
        FAIL() << why;
    }
    t.sync_all();
    ASSERT_TRUE(apply_op(*t.ada.peer, t.sid, remove_member(*t.bob.peer), &why)) << why;
    ASSERT_TRUE(apply_op(*t.bob.peer, t.sid, remove_member(*t.ada.peer), &why)) << why;
    t.sync_all();
    DirectPair bg(*t.bob.peer, *t.gus.peer);
    bg.run();
    EXPECT_EQ(state(*t.ada.peer, t.space), state(*t.gus.peer, t.space));
    EXPECT_EQ(state(*t.bob.peer, t.space), state(*t.gus.peer, t.space));
}

TEST(KnownGap, RoleDowngradeReKeys) {
    Trio t;
    std::string why;
    if (!apply_op(*t.ada.peer, t.sid, change_role(*t.bob.peer, sp::ROLE_GUEST), &why)) {
        if (unsupported(why))
            GTEST_SKIP() << "KNOWN GAP: SpaceOp.change_role is not implemented (" << why
                         << "). Expected: a role change that reduces access applies on every "
                            "peer, starts a new content epoch, and Bob's later writes are "
                            "rejected as a guest's.";
        FAIL() << why;
    }
    EXPECT_GT(with_space(*t.ada.peer, t.sid, [](Space& s) { return s.current_epoch(); }), 1u);
    auto later = author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer), {chat_post("x")});
    EXPECT_EQ(ingest(*t.ada.peer, t.sid, sealed_of(later)).applied, 0u);
}

TEST(KnownGap, RevokedInvitationRejected) {
    auto ada = make_account("Ada");
    auto eve = make_account("Eve");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    const SpaceId sid = space_id(space->id);
    sp::SpaceOp revoke;
    revoke.mutable_revoke_invitation()->set_invitation_id(to_string(*from_hex(inv->invitation_id)));
    std::string why;
    if (!apply_op(*ada.peer, sid, revoke, &why)) {
        if (unsupported(why))
            GTEST_SKIP() << "KNOWN GAP: SpaceOp.revoke_invitation is not implemented (" << why
                         << "), and there is no Peer::revoke_invitation / `grovectl invite "
                            "revoke`. Expected: after a manager revokes an unused invitation, "
                            "joining with its code is refused (PermissionDenied) and an "
                            "AdmitMember naming it is rejected by every peer.";
        FAIL() << why;
    }
    DirectPair link(*ada.peer, *eve.peer);
    EXPECT_FALSE(link.join(inv->code).ok());
    EXPECT_FALSE(eve.peer->get_space(space->id).ok());
}

TEST(KnownGap, RemovedMemberDevicesDropSpaceOnConnect) {
    GTEST_SKIP() << "KNOWN GAP: no removal. Expected: when a removed member's device next syncs "
                    "with any member, it learns of its removal and drops the space's keys and "
                    "content locally; members stop offering the space to it (may_receive false).";
}

TEST(KnownGap, LostDeviceRevokedAndSpacesReKeyed) {
    GTEST_SKIP() << "KNOWN GAP: no multi-device pairing or device revocation (grovectl device "
                    "pair|list|revoke). Expected: a revoked device's later deltas are rejected by "
                    "every peer, and every space it held starts a new epoch whose key is not "
                    "sealed to it.";
}
