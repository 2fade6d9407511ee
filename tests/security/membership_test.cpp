// Membership attacks and faults: removal that revokes, role changes that re-key,
// concurrent administrative changes that must resolve alike on every peer, revoked invitations,
// removed devices dropping the space, keys passed on after a concurrent rotation — and a member
// trying to hand others a wrong key. Every peer is a real Peer; links are in-memory SyncSessions.
#include <gtest/gtest.h>

#include "security_support.h"

using namespace grove;
using namespace grove::test;

namespace {

std::string id_of(Account& a) { return a.peer->account()->identity_id; }

std::uint32_t epoch_of(Account& a, const SpaceId& sid) {
    return with_space(*a.peer, sid, [](Space& s) { return s.current_epoch(); });
}

bool holds_key(Account& a, const SpaceId& sid, std::uint32_t epoch) {
    return with_space(*a.peer, sid, [&](Space& s) { return s.epoch_key(epoch) != nullptr; });
}

bool lists_space(Account& a, const std::string& space) {
    auto spaces = a.peer->list_spaces();
    if (!spaces.ok()) return false;
    for (const auto& s : *spaces)
        if (s.id == space) return true;
    return false;
}

std::vector<std::string> chat_texts(Account& a, const std::string& space) {
    std::vector<std::string> out;
    auto chat = a.peer->list_chat(space);
    if (chat.ok())
        for (const auto& m : *chat) out.push_back(m.text);
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::size_t managers(Account& a, const std::string& space) {
    std::size_t n = 0;
    auto members = a.peer->list_members(space);  // keep the result alive while iterating
    EXPECT_TRUE(members.ok());
    if (members.ok())
        for (const auto& m : *members) n += m.role == Role::Manager;
    return n;
}

}  // namespace

TEST(Membership, ListsMembersWithRolesAndFingerprints) {
    Trio t;
    auto members = t.bob.peer->list_members(t.space);
    ASSERT_TRUE(members.ok()) << members.error().message;
    ASSERT_EQ(members->size(), 3u);
    std::map<std::string, Role> roles;
    for (const auto& m : *members) {
        roles[m.display_name] = m.role;
        EXPECT_FALSE(m.fingerprint.empty());
        EXPECT_EQ(m.devices.size(), 1u);
        EXPECT_EQ(m.is_me, m.display_name == "Bob");
    }
    EXPECT_EQ(roles["Ada"], Role::Manager);
    EXPECT_EQ(roles["Bob"], Role::Participant);
    EXPECT_EQ(roles["Gus"], Role::Guest);
}

TEST(Membership, RemovedMemberDeltaAfterRemovalRejected) {
    Trio t;
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Bob").ok());
    t.sync_all();
    EXPECT_EQ(t.ada.peer->get_space(t.space)->member_count, 2u);
    // Bob (or a thief of his device keys) authors a post on top of the removal.
    auto later = author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer), {chat_post("still here")});
    for (Account* victim : {&t.ada, &t.gus}) {
        auto report = ingest(*victim->peer, t.sid, sealed_of(later));
        EXPECT_EQ(report.applied, 0u);
        EXPECT_EQ(report.rejected + report.pending, 1u);
        EXPECT_FALSE(contains(chat_texts(*victim, t.space), "still here"));
    }
}

TEST(Membership, RemovedMemberCannotDecryptPostRemovalCiphertext) {
    Trio t;
    const auto before = epoch_of(t.ada, t.sid);
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, id_of(t.bob)).ok());
    const auto epoch = epoch_of(t.ada, t.sid);
    EXPECT_NE(epoch, before) << "removal must start a new content epoch";
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "after removal").ok());
    // The remaining member gets the new key from the removal's wraps.
    DirectPair ag(*t.ada.peer, *t.gus.peer);
    ag.run();
    EXPECT_TRUE(holds_key(t.gus, t.sid, epoch));
    EXPECT_TRUE(contains(chat_texts(t.gus, t.space), "after removal"));
    // Bob receives the post-removal ciphertext (e.g. from a relay) but holds no key for it.
    ingest(*t.bob.peer, t.sid, stored_deltas(*t.ada.peer, t.sid));
    (void)t.bob.peer->journal().read(t.sid, [&](const Space& space) {
        EXPECT_EQ(space.epoch_key(epoch), nullptr);
        for (const ChatMessage& m : space.chat().latest(0)) EXPECT_NE(m.text, "after removal");
    });
}

TEST(Membership, RemovedMemberDevicesDropSpaceOnConnect) {
    Trio t;
    ASSERT_TRUE(t.bob.peer->post_chat(t.space, "hello from Bob").ok());
    t.sync_all();
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Bob").ok());
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "secret after removal").ok());
    std::vector<SpaceEvent> seen;
    auto sub = t.bob.peer->subscribe("", [&](const SpaceEvent& e) { seen.push_back(e); });
    DirectPair ab(*t.ada.peer, *t.bob.peer);
    ab.run();
    // Bob's device learned of the removal and dropped the space: gone from memory and store.
    EXPECT_FALSE(lists_space(t.bob, t.space));
    EXPECT_FALSE(t.bob.peer->get_space(t.space).ok());
    EXPECT_EQ(t.bob.peer->journal().profile_store().count_deltas(t.sid).value(), 0u);
    EXPECT_TRUE(t.bob.peer->journal().profile_store().epoch_keys(t.sid).value().empty());
    bool removed_event = false;
    for (const auto& e : seen) removed_event |= e.kind == SpaceEvent::Kind::SpaceRemoved;
    EXPECT_TRUE(removed_event);
    // The others keep everything, including Bob's earlier post.
    EXPECT_TRUE(contains(chat_texts(t.ada, t.space), "hello from Bob"));
}

TEST(Membership, RoleDowngradeReKeysAndGuestWritesRejected) {
    Trio t;
    const auto before = epoch_of(t.ada, t.sid);
    auto changed = t.ada.peer->change_role(t.space, "Bob", Role::Guest);
    ASSERT_TRUE(changed.ok()) << changed.error().message;
    EXPECT_EQ(changed->role, Role::Guest);
    EXPECT_NE(epoch_of(t.ada, t.sid), before) << "lowering a role re-keys";
    t.sync_all();
    // Bob, now a guest, still reads (he got the new key) but may not write.
    EXPECT_TRUE(holds_key(t.bob, t.sid, epoch_of(t.ada, t.sid)));
    auto post = t.bob.peer->post_chat(t.space, "a guest writes");
    if (post.ok()) {  // authored locally by a stale view: every other peer must refuse it
        t.sync_all();
        EXPECT_FALSE(contains(chat_texts(t.ada, t.space), "a guest writes"));
    }
    auto forged = author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer), {chat_post("x")});
    EXPECT_EQ(ingest(*t.ada.peer, t.sid, sealed_of(forged)).applied, 0u);
    // Raising a role back needs no new epoch.
    const auto epoch = epoch_of(t.ada, t.sid);
    ASSERT_TRUE(t.ada.peer->change_role(t.space, "Bob", Role::Participant).ok());
    EXPECT_EQ(epoch_of(t.ada, t.sid), epoch);
}

TEST(Membership, ParticipantCannotRemoveOrChangeRoles) {
    Trio t;
    EXPECT_EQ(t.bob.peer->remove_member(t.space, "Gus").error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(t.bob.peer->change_role(t.space, "Bob", Role::Manager).error().code,
              ErrorCode::PermissionDenied);
    // Forged by hand, with a proper epoch start, it is still rejected by every peer.
    sp::SpaceOp op;
    op.mutable_remove_member()->set_identity(to_string(identity_of(*t.gus.peer).identity_sign.public_key));
    op.mutable_remove_member()->mutable_new_epoch()->set_epoch(77);
    op.mutable_remove_member()->mutable_new_epoch()->set_key_commitment(std::string(32, 'x'));
    auto forged = author_as(*t.bob.peer, t.sid, identity_of(*t.bob.peer), {space_op(op)});
    for (Account* peer : {&t.ada, &t.gus}) {
        auto report = ingest(*peer->peer, t.sid, sealed_of(forged));
        EXPECT_EQ(report.applied, 0u);
        EXPECT_EQ(report.rejected, 1u);
        EXPECT_EQ(peer->peer->get_space(t.space)->member_count, 3u);
    }
}

TEST(Membership, RemovalWithoutNewEpochRejected) {
    Trio t;
    sp::SpaceOp op;
    op.mutable_remove_member()->set_identity(to_string(identity_of(*t.bob.peer).identity_sign.public_key));
    auto ds = author_as(*t.ada.peer, t.sid, identity_of(*t.ada.peer), {space_op(op)});
    auto report = ingest(*t.gus.peer, t.sid, sealed_of(ds));
    EXPECT_EQ(report.applied, 0u);
    EXPECT_EQ(report.rejected, 1u);
}

TEST(Membership, LastManagerCannotStepDownOrLeave) {
    Trio t;
    EXPECT_EQ(t.ada.peer->change_role(t.space, "Ada", Role::Participant).error().code,
              ErrorCode::FailedPrecondition);
    EXPECT_EQ(t.ada.peer->leave_space(t.space).error().code, ErrorCode::FailedPrecondition);
    EXPECT_EQ(t.ada.peer->remove_member(t.space, "Ada").error().code, ErrorCode::InvalidArgument);
}

TEST(Membership, TwoManagersRemovingEachOtherInPartitionBothLeave) {
    Trio t;
    ASSERT_TRUE(t.ada.peer->change_role(t.space, "Bob", Role::Manager).ok());
    t.sync_all();
    // Partition: Ada and Bob each remove the other, without hearing from each other.
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Bob").ok());
    ASSERT_TRUE(t.bob.peer->remove_member(t.space, "Ada").ok());
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "ada in partition").ok());
    // Heal: Gus hears from both sides, in opposite orders on different peers.
    // Each peer may owe follow-ups (a rotation, passing keys on): gossip until quiet.
    for (int round = 0; round < 3; ++round) {
        DirectPair bg(*t.bob.peer, *t.gus.peer);
        bg.run();
        DirectPair ag(*t.ada.peer, *t.gus.peer);
        ag.run();
        DirectPair ab(*t.ada.peer, *t.bob.peer);
        ab.run();
    }
    // Each removal voids what its target did concurrently, the other removal included: they
    // form a conflict and both take effect, the same way on every peer (a tie-break would let a
    // removed manager's offline copy remove its remover and stay).
    auto gus_members = t.gus.peer->list_members(t.space);
    ASSERT_TRUE(gus_members.ok());
    std::vector<std::string> names;
    for (const auto& m : *gus_members) names.push_back(m.display_name);
    EXPECT_EQ(names, std::vector<std::string>{"Gus"});
    EXPECT_EQ(managers(t.gus, t.space), 0u);
    // Both removed managers' devices dropped the space; the content Ada wrote concurrently stays.
    EXPECT_FALSE(lists_space(t.ada, t.space));
    EXPECT_FALSE(lists_space(t.bob, t.space));
    EXPECT_TRUE(contains(chat_texts(t.gus, t.space), "ada in partition"));
}

TEST(Membership, PostsConcurrentWithRemovalResolveAlikeEverywhere) {
    Trio t;
    // Partition: Bob posts while Ada removes him.
    ASSERT_TRUE(t.bob.peer->post_chat(t.space, "concurrent with my removal").ok());
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Bob").ok());
    // Gus hears Bob first, Ada hears the post after the removal.
    DirectPair bg(*t.bob.peer, *t.gus.peer);
    bg.run();
    DirectPair ag(*t.ada.peer, *t.gus.peer);
    ag.run();
    // The post did not depend on the removal: valid on every peer, whatever the order.
    EXPECT_TRUE(contains(chat_texts(t.ada, t.space), "concurrent with my removal"));
    EXPECT_TRUE(contains(chat_texts(t.gus, t.space), "concurrent with my removal"));
    EXPECT_EQ(state(*t.ada.peer, t.space), state(*t.gus.peer, t.space));
    EXPECT_EQ(t.ada.peer->get_space(t.space)->member_count, 2u);
}

TEST(Membership, RevokedInvitationRejected) {
    auto ada = make_account("Ada");
    auto eve = make_account("Eve");
    auto space = ada.peer->create_space("S");
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    auto revoked = ada.peer->revoke_invitation(space->id, inv->invitation_id);
    ASSERT_TRUE(revoked.ok()) << revoked.error().message;
    EXPECT_EQ(ada.peer->revoke_invitation(space->id, inv->invitation_id).error().code,
              ErrorCode::AlreadyExists);
    DirectPair link(*ada.peer, *eve.peer);
    EXPECT_FALSE(link.join(inv->code).ok());
    EXPECT_FALSE(eve.peer->get_space(space->id).ok());
}

TEST(Membership, AdmissionConcurrentWithRotationGetsTheKeyPassedOn) {
    Trio t;
    ASSERT_TRUE(t.ada.peer->change_role(t.space, "Bob", Role::Manager).ok());
    t.sync_all();
    auto dan = make_account("Dan");
    // Partition: Bob admits Dan while Ada removes Gus (a new epoch Bob's view has not seen).
    auto inv = t.bob.peer->create_invitation(t.space, Role::Participant, wall_ms() + 3'600'000,
                                             {"x:1"});
    ASSERT_TRUE(inv.ok());
    {
        DirectPair bd(*t.bob.peer, *dan.peer);
        ASSERT_TRUE(bd.join(inv->code).ok());
        bd.run();
    }
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Gus").ok());
    const auto epoch = epoch_of(t.ada, t.sid);
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "under the new epoch").ok());
    // Heal. Ada's rotation was sealed to Ada and Bob only; whoever holds it passes it to Dan.
    for (int round = 0; round < 3; ++round) {
        DirectPair ab(*t.ada.peer, *t.bob.peer);
        ab.run();
        DirectPair bd(*t.bob.peer, *dan.peer);
        bd.run();
        DirectPair ad(*t.ada.peer, *dan.peer);
        ad.run();
    }
    EXPECT_TRUE(holds_key(dan, t.sid, epoch));
    EXPECT_TRUE(contains(chat_texts(dan, t.space), "under the new epoch"));
    ASSERT_TRUE(dan.peer->post_chat(t.space, "Dan writes").ok());
    DirectPair ad(*t.ada.peer, *dan.peer);
    ad.run();
    EXPECT_TRUE(contains(chat_texts(t.ada, t.space), "Dan writes"));
    DirectPair ab(*t.ada.peer, *t.bob.peer);
    ab.run();
    EXPECT_EQ(state(*t.ada.peer, t.space), state(*dan.peer, t.space));
    EXPECT_EQ(state(*t.ada.peer, t.space), state(*t.bob.peer, t.space));
    EXPECT_FALSE(holds_key(t.gus, t.sid, epoch));
}

TEST(Membership, WrongKeyForAnEpochIsRefused) {
    Trio t;
    auto dan = make_account("Dan");
    auto inv = t.ada.peer->create_invitation(t.space, Role::Participant, wall_ms() + 3'600'000,
                                             {"x:1"});
    ASSERT_TRUE(inv.ok());
    // Ada rotates (removing Gus) so there is an epoch whose key Dan must be handed.
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Gus").ok());
    const auto epoch = epoch_of(t.ada, t.sid);
    DirectPair ab(*t.ada.peer, *t.bob.peer);
    ab.run();
    // Bob, a member, hands Dan's device a wrong key for the epoch in a ShareKeys delta; the
    // log's commitment for the epoch does not match, so it is ignored.
    const auto& dan_id = identity_of(*dan.peer);
    sp::SpaceOp op;
    op.mutable_share_keys();
    auto draft = space_op(op);
    grove::wire::v1::EpochKeyWrap w;
    w.set_device(to_string(dan_id.device_sign.public_key));
    auto bogus = crypto::random_symmetric_key();
    w.set_sealed_key(to_string(crypto::seal(dan_id.device_box.public_key, bogus.view())));
    w.set_epoch(epoch);
    draft.epoch_keys.push_back(w);
    auto share = author_as(*t.bob.peer, t.sid, identity_of(*t.bob.peer), {draft});
    ASSERT_EQ(ingest(*t.bob.peer, t.sid, sealed_of(share)).applied, 1u);
    {
        DirectPair ad(*t.ada.peer, *dan.peer);
        ASSERT_TRUE(ad.join(inv->code).ok());
        ad.run();
    }
    DirectPair bd(*t.bob.peer, *dan.peer);
    bd.run();
    // Dan holds the true key (from his admission), never the bogus one.
    auto key = epoch_key_of(*dan.peer, t.sid, epoch);
    EXPECT_EQ(key.view().size(), crypto::kSymmetricKeySize);
    EXPECT_FALSE(std::equal(key.view().begin(), key.view().end(), bogus.view().begin()));
    EXPECT_EQ(state(*t.ada.peer, t.space), state(*dan.peer, t.space));
}

TEST(Membership, LeavingDropsTheSpaceOnceAnotherMemberHasSeenIt) {
    Trio t;
    const auto before = epoch_of(t.ada, t.sid);
    ASSERT_TRUE(t.bob.peer->leave_space(t.space).ok());
    // Hidden at once; the data stays until the leave has reached another member.
    EXPECT_FALSE(lists_space(t.bob, t.space));
    EXPECT_GT(t.bob.peer->journal().profile_store().count_deltas(t.sid).value(), 0u);
    DirectPair ab(*t.ada.peer, *t.bob.peer);
    ab.run();
    // Ada saw the leave and started a new epoch without Bob; Bob saw that and dropped the space.
    EXPECT_EQ(t.ada.peer->get_space(t.space)->member_count, 2u);
    EXPECT_NE(epoch_of(t.ada, t.sid), before);
    ab.run();
    EXPECT_EQ(t.bob.peer->journal().profile_store().count_deltas(t.sid).value(), 0u);
    DirectPair ag(*t.ada.peer, *t.gus.peer);
    ag.run();
    EXPECT_TRUE(holds_key(t.gus, t.sid, epoch_of(t.ada, t.sid)));
    EXPECT_EQ(state(*t.ada.peer, t.space), state(*t.gus.peer, t.space));
}

TEST(Membership, GuestMayLeave) {
    Trio t;
    ASSERT_TRUE(t.gus.peer->leave_space(t.space).ok());
    DirectPair ag(*t.ada.peer, *t.gus.peer);
    ag.run();
    EXPECT_EQ(t.ada.peer->get_space(t.space)->member_count, 2u);
}

TEST(Membership, MemberStateSurvivesRestart) {
    Trio t;
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Gus").ok());
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "new epoch").ok());
    const auto digest = state(*t.ada.peer, t.space);
    const auto profile = t.ada.profile();
    t.ada.peer.reset();
    auto reopened = Peer::open(profile);
    ASSERT_TRUE(reopened.ok());
    t.ada.peer = std::move(reopened).value();
    ASSERT_TRUE(t.ada.peer->unlock(kPassphrase).ok());
    EXPECT_EQ(state(*t.ada.peer, t.space), digest);
    EXPECT_TRUE(contains(chat_texts(t.ada, t.space), "new epoch"));
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "after restart").ok());
}

TEST(Membership, ConcurrentRenamesConvergeAndParticipantsCannotRename) {
    Trio t;
    ASSERT_TRUE(t.ada.peer->change_role(t.space, "Bob", Role::Manager).ok());
    t.sync_all();
    ASSERT_TRUE(t.ada.peer->rename_space(t.space, "Ada's name").ok());
    ASSERT_TRUE(t.bob.peer->rename_space(t.space, "Bob's name").ok());
    t.sync_all();
    t.sync_all();
    const auto name = t.ada.peer->get_space(t.space)->name;
    EXPECT_TRUE(name == "Ada's name" || name == "Bob's name");
    EXPECT_EQ(t.bob.peer->get_space(t.space)->name, name);
    EXPECT_EQ(t.gus.peer->get_space(t.space)->name, name);
    EXPECT_EQ(state(*t.ada.peer, t.space), state(*t.gus.peer, t.space));
    EXPECT_EQ(t.gus.peer->rename_space(t.space, "guest").error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(t.ada.peer->rename_space(t.space, "").error().code, ErrorCode::InvalidArgument);
}

TEST(Membership, RelayWithholdingARemovalIsDetectedThroughHeadsDigests) {
    Trio t;
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Bob").ok());
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "after the removal").ok());
    // A relay (or a member) shows Gus Ada's history without the removal and what follows it —
    // a rolled-back membership in which Bob is still a member.
    auto all = stored_deltas(*t.ada.peer, t.sid);
    std::vector<SealedDelta> rolled_back;
    for (const auto& s : all) {
        auto d = decode_delta(s);
        ASSERT_TRUE(d.ok());
        if (!with_space(*t.gus.peer, t.sid, [&](Space& sp) { return sp.knows(d->id); }))
            break;  // Gus gets nothing new
        rolled_back.push_back(s);
    }
    ingest(*t.gus.peer, t.sid, rolled_back);
    EXPECT_EQ(t.gus.peer->get_space(t.space)->member_count, 3u);
    // Comparing `sync status` shows the fork at once: heads digests differ.
    EXPECT_NE(heads(*t.ada.peer, t.space), heads(*t.gus.peer, t.space));
    // A direct sync heals it: Gus applies the removal; both agree.
    DirectPair ag(*t.ada.peer, *t.gus.peer);
    ag.run();
    EXPECT_EQ(heads(*t.ada.peer, t.space), heads(*t.gus.peer, t.space));
    EXPECT_EQ(t.gus.peer->get_space(t.space)->member_count, 2u);
}

TEST(Membership, ManagersListInvitationsWithUseAndRevocation) {
    Trio t;  // Bob and Gus joined with two invitations
    auto unused = t.ada.peer->create_invitation(t.space, Role::Guest, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(unused.ok());
    ASSERT_TRUE(t.ada.peer->revoke_invitation(t.space, unused->invitation_id).ok());
    auto list = t.ada.peer->list_invitations(t.space);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->size(), 3u);
    std::size_t used = 0, revoked = 0;
    for (const auto& inv : *list) {
        used += inv.used_by.size();
        revoked += inv.revoked;
        EXPECT_EQ(inv.created_by, t.ada.peer->account()->identity_id);
        EXPECT_FALSE(inv.expired);
        if (inv.invitation_id == unused->invitation_id) {
            EXPECT_TRUE(inv.revoked);
            EXPECT_EQ(inv.role, Role::Guest);
        }
    }
    EXPECT_EQ(used, 2u);
    EXPECT_EQ(revoked, 1u);
    EXPECT_EQ(t.bob.peer->list_invitations(t.space).error().code, ErrorCode::PermissionDenied);
}
