// The pending buffer (remote deltas waiting for their dependencies) is fair among authors: a
// flood of deltas that never become ready — from a stranger, from a member, or from many
// made-up keys — cannot evict another member's held delta, and memory stays bounded.
#include <gtest/gtest.h>

#include "core/pending_buffer.h"
#include "core/replication_state.h"
#include "security_support.h"

using namespace grove;
using namespace grove::test;

namespace {

// A small buffer on `p` for `sid`, so that floods overflow it quickly.
void small_buffer(Peer& p, const SpaceId& sid, std::size_t deltas, std::size_t bytes) {
    Replicator(p).limit_pending(sid, deltas, bytes);
}

std::size_t pending_size(Peer& p, const SpaceId& sid) {
    return Replicator(p).pending_load(sid).deltas;
}

// `count` signed deltas by `who` whose `prev` names a delta that does not exist: they
// authenticate, and wait for a dependency that never arrives.
std::vector<SealedDelta> never_ready(Peer& view, const SpaceId& sid, const LocalIdentity& who,
                                     std::uint64_t first_seq, std::size_t count) {
    auto key = epoch_key_of(view, sid);
    auto base = author_as(view, sid, who, {chat_post("flood")});
    std::vector<SealedDelta> out;
    for (std::uint64_t seq = first_seq; seq < first_seq + count; ++seq)
        out.push_back(reseal(base.back(),
                             [&](auto& h) {
                                 h.set_seq(seq);
                                 h.set_prev(to_string(crypto::random_array<32>()));
                             },
                             key, &who.device_sign.secret_key)
                          .sealed);
    return out;
}

// Bob's two posts arrive second first: the second must wait in the buffer and apply when the
// first arrives. Returns how many the first's arrival applied.
std::size_t bob_out_of_order(Trio& t, Peer& receiver) {
    auto& bob = identity_of(*t.bob.peer);
    auto pair = author_as(receiver, t.sid, bob, {chat_post("1"), chat_post("2")});
    auto first = pair[0].sealed;
    first.set_signature(to_string(crypto::sign(bob.device_sign.secret_key,
                                               delta_signing_input(pair[0].id))));
    auto held = ingest(receiver, t.sid, {pair[1].sealed});
    EXPECT_EQ(held.applied, 0u);
    EXPECT_EQ(held.pending, pending_size(receiver, t.sid));
    return ingest(receiver, t.sid, {first}).applied;
}

DecodedDelta synthetic(const crypto::SignPublicKey& author, std::uint64_t lamport) {
    DecodedDelta d;
    d.author = author;
    d.seq = lamport;
    d.header.set_lamport(lamport);
    d.id = crypto::random_array<32>();
    return d;
}

}  // namespace

// Was KnownGap.FloodFromOnePeerCannotEvictOthersPendingDeltas.
TEST(PendingQuota, FloodFromAStrangerCannotEvictAMembersPendingDelta) {
    Trio t;
    small_buffer(*t.ada.peer, t.sid, 200, 1u << 20);
    auto mallory = LocalIdentity::generate("Mallory");  // not a member: any key will do
    auto flood = ingest(*t.ada.peer, t.sid, never_ready(*t.ada.peer, t.sid, mallory, 2, 398));
    EXPECT_EQ(flood.applied, 0u);
    // Strangers together hold at most 1/16 of the buffer.
    EXPECT_LE(pending_size(*t.ada.peer, t.sid), 200u / PendingBuffer::kStrangerShare);
    EXPECT_EQ(bob_out_of_order(t, *t.ada.peer), 2u) << "the member's held delta was evicted";
    EXPECT_EQ(t.ada.peer->list_chat(t.space)->size(), 2u);
}

TEST(PendingQuota, FloodFromAMemberCannotEvictAnotherMembersPendingDelta) {
    Trio t;
    small_buffer(*t.ada.peer, t.sid, 200, 1u << 20);
    // Gus is a member (a guest): his never-ready deltas are held, up to a quarter of the buffer.
    auto& gus = identity_of(*t.gus.peer);
    for (int round = 0; round < 4; ++round)
        ingest(*t.ada.peer, t.sid, never_ready(*t.ada.peer, t.sid, gus, 10 + 100 * round, 100));
    EXPECT_EQ(pending_size(*t.ada.peer, t.sid), 200u / PendingBuffer::kAuthorShare);
    EXPECT_EQ(bob_out_of_order(t, *t.ada.peer), 2u) << "the member's held delta was evicted";
    EXPECT_EQ(t.ada.peer->list_chat(t.space)->size(), 2u);
}

TEST(PendingQuota, FloodFromManyMadeUpKeysSharesOneSmallPool) {
    Trio t;
    small_buffer(*t.ada.peer, t.sid, 200, 1u << 20);
    std::vector<SealedDelta> flood;
    for (int i = 0; i < 300; ++i) {
        auto sybil = LocalIdentity::generate("Sybil");
        auto ds = never_ready(*t.ada.peer, t.sid, sybil, 2, 1);
        flood.insert(flood.end(), ds.begin(), ds.end());
    }
    ingest(*t.ada.peer, t.sid, flood);
    EXPECT_LE(pending_size(*t.ada.peer, t.sid), 200u / PendingBuffer::kStrangerShare);
    EXPECT_EQ(bob_out_of_order(t, *t.ada.peer), 2u) << "the member's held delta was evicted";
}

TEST(PendingQuota, FullBufferEvictsFromTheLargestHolderOnlyAndStaysBounded) {
    PendingBuffer buffer(8, 1u << 20);  // authors hold at most 2 each; strangers 1 in all
    std::vector<crypto::SignPublicKey> members(5);
    for (auto& m : members) m = crypto::random_array<32>();
    std::uint64_t lamport = 1;
    // Four members fill the buffer to its limit, two each.
    for (int i = 0; i < 4; ++i)
        for (int k = 0; k < 2; ++k) EXPECT_TRUE(buffer.add(synthetic(members[i], lamport++)));
    EXPECT_EQ(buffer.size(), 8u);
    EXPECT_FALSE(buffer.add(synthetic(members[0], lamport++))) << "over its quota";
    EXPECT_FALSE(buffer.add(synthetic(crypto::random_array<32>(), lamport++), false))
        << "a stranger may not evict members";
    // A fifth member holding nothing evicts the newest delta of a largest holder.
    EXPECT_TRUE(buffer.add(synthetic(members[4], lamport++)));
    EXPECT_EQ(buffer.size(), 8u);
    EXPECT_EQ(buffer.held_by(members[4]), 1u);
    std::size_t two = 0, one = 0;
    for (int i = 0; i < 4; ++i) (buffer.held_by(members[i]) == 2 ? two : one) += 1;
    EXPECT_EQ(two, 3u);
    EXPECT_EQ(one, 1u);
    // Its second would only swap places with a holder of two: dropped, nothing evicted.
    EXPECT_FALSE(buffer.add(synthetic(members[4], lamport++)));
    EXPECT_EQ(buffer.size(), 8u);
    EXPECT_EQ(buffer.held_by(members[4]), 1u);
    for (int i = 0; i < 5; ++i) EXPECT_LE(buffer.held_by(members[i]), 2u);
    // Everything comes back in Lamport order.
    auto all = buffer.take_all();
    EXPECT_EQ(all.size(), 8u);
    for (std::size_t i = 1; i < all.size(); ++i)
        EXPECT_LT(all[i - 1].header.lamport(), all[i].header.lamport());
    EXPECT_EQ(buffer.size(), 0u);
    EXPECT_EQ(buffer.bytes(), 0u);
}

TEST(PendingQuota, AMembersDeltaEvictsStrangersFirst) {
    PendingBuffer buffer(32, 1u << 20);  // strangers: 2 in all; members 8 each
    std::uint64_t lamport = 1;
    EXPECT_TRUE(buffer.add(synthetic(crypto::random_array<32>(), lamport++), false));
    EXPECT_TRUE(buffer.add(synthetic(crypto::random_array<32>(), lamport++), false));
    EXPECT_FALSE(buffer.add(synthetic(crypto::random_array<32>(), lamport++), false));
    std::vector<crypto::SignPublicKey> members(4);
    for (auto& m : members) m = crypto::random_array<32>();
    for (int i = 0; i < 3; ++i)
        for (int k = 0; k < 8; ++k) EXPECT_TRUE(buffer.add(synthetic(members[i], lamport++)));
    for (int k = 0; k < 6; ++k) EXPECT_TRUE(buffer.add(synthetic(members[3], lamport++)));
    EXPECT_EQ(buffer.size(), 32u);
    // Full: the next member deltas push the two strangers' out first.
    EXPECT_TRUE(buffer.add(synthetic(members[3], lamport++)));
    EXPECT_TRUE(buffer.add(synthetic(members[3], lamport++)));
    EXPECT_EQ(buffer.size(), 32u);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(buffer.held_by(members[i]), 8u);
}
