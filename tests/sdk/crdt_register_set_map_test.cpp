// Unit tests for LwwRegister, OrSet and OrMap: local ops, concurrent semantics, idempotence, op and
// snapshot round trips.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "grove/sdk/crdt/lww_register.h"
#include "grove/sdk/crdt/or_map.h"
#include "grove/sdk/crdt/or_set.h"

namespace crdt = grove::sdk::crdt;

namespace {
const crdt::ReplicaId kAlice{0xA11CE};
const crdt::ReplicaId kBob{0xB0B};
}  // namespace

TEST(LwwRegister, LaterWriteWinsAndTiesBreakByReplica) {
    crdt::LwwRegister<std::string> alice(kAlice), bob(kBob);
    EXPECT_FALSE(alice.value().has_value());
    auto a1 = alice.set("from alice");
    auto b1 = bob.set("from bob");  // concurrent, same lamport time 1
    ASSERT_TRUE(alice.apply(b1).ok());
    ASSERT_TRUE(bob.apply(a1).ok());
    // Equal lamport: the greater replica id (Alice's 0xA11CE > 0xB0B) wins on both.
    EXPECT_EQ(*alice.value(), "from alice");
    EXPECT_EQ(*bob.value(), "from alice");
    EXPECT_EQ(alice.digest(), bob.digest());
    auto b2 = bob.set("bob again");  // bob has seen lamport 1, so this is lamport 2
    ASSERT_TRUE(alice.apply(b2).ok());
    EXPECT_EQ(*alice.value(), "bob again");
    ASSERT_TRUE(alice.apply(a1).ok());  // stale re-delivery changes nothing
    EXPECT_EQ(*alice.value(), "bob again");
}

TEST(LwwRegister, OpAndSnapshotRoundTrip) {
    crdt::LwwRegister<std::int64_t> reg(kAlice);
    auto op = reg.set(-42);
    auto decoded =
        crdt::LwwRegister<std::int64_t>::decode_op(crdt::LwwRegister<std::int64_t>::encode_op(op));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->stamp, op.stamp);
    EXPECT_EQ(decoded->value, -42);
    auto restored = crdt::LwwRegister<std::int64_t>::restore(kBob, reg.snapshot());
    ASSERT_TRUE(restored.ok()) << restored.error().describe();
    EXPECT_EQ(*restored->value(), -42);
    EXPECT_EQ(restored->digest(), reg.digest());
    // The restored replica's next write must beat the restored value.
    auto next = restored->set(7);
    EXPECT_GT(next.stamp, op.stamp);
    EXPECT_TRUE(crdt::LwwRegister<std::int64_t>::restore(
                    kBob, crdt::LwwRegister<std::int64_t>(kBob).snapshot())
                    .ok());
}

TEST(OrSet, AddWinsOverConcurrentRemove) {
    crdt::OrSet<std::string> alice(kAlice), bob(kBob);
    auto add = alice.add("x");
    ASSERT_TRUE(bob.apply(add).ok());
    auto remove = bob.remove("x");  // observed alice's tag only
    ASSERT_TRUE(remove.has_value());
    auto readd = alice.add("x");  // concurrent with the remove
    ASSERT_TRUE(alice.apply(*remove).ok());
    ASSERT_TRUE(bob.apply(readd).ok());
    EXPECT_TRUE(alice.contains("x"));
    EXPECT_TRUE(bob.contains("x"));
    EXPECT_EQ(alice.digest(), bob.digest());
    EXPECT_EQ(alice.snapshot(), bob.snapshot());
}

TEST(OrSet, RemoveOfAbsentValueEmitsNothingAndRedeliveryIsIgnored) {
    crdt::OrSet<std::uint32_t> set(kAlice), other(kBob);
    EXPECT_FALSE(set.remove(5).has_value());
    auto add = set.add(5);
    auto remove = set.remove(5);
    ASSERT_TRUE(other.apply(add).ok());
    ASSERT_TRUE(other.apply(*remove).ok());
    ASSERT_TRUE(other.apply(add).ok());  // duplicate delivery after the remove must not resurrect
    EXPECT_FALSE(other.contains(5));
    EXPECT_EQ(set.digest(), other.digest());
}

TEST(OrSet, OpsAndSnapshotRoundTrip) {
    crdt::OrSet<std::string> set(kAlice);
    set.add("b");
    set.add("a");
    set.add("a");
    auto remove = set.remove("b");
    auto bytes = crdt::OrSet<std::string>::encode_op(*remove);
    auto decoded = crdt::OrSet<std::string>::decode_op(bytes);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->kind, crdt::OrSetOp<std::string>::Kind::kRemove);
    EXPECT_EQ(decoded->observed, remove->observed);
    auto restored = crdt::OrSet<std::string>::restore(kBob, set.snapshot());
    ASSERT_TRUE(restored.ok()) << restored.error().describe();
    EXPECT_EQ(restored->values(), (std::vector<std::string>{"a"}));
    EXPECT_EQ(restored->snapshot(), set.snapshot());
    EXPECT_EQ(restored->digest(), set.digest());
}

TEST(OrMap, ConcurrentPutsResolveByStampAndRemoveFallsBackToUnseenPut) {
    crdt::OrMap<std::string, std::int64_t> alice(kAlice), bob(kBob), carol(crdt::ReplicaId{0xCA});
    auto first = alice.put("k", 1);
    ASSERT_TRUE(bob.apply(first).ok());
    auto remove = bob.remove("k");        // removes alice's put (stamp 1)
    auto concurrent = carol.put("k", 2);  // carol never saw either: stamp (1, carol)
    for (auto* map : {&alice, &bob, &carol}) {
        ASSERT_TRUE(map->apply(first).ok());
        ASSERT_TRUE(map->apply(*remove).ok());
        ASSERT_TRUE(map->apply(concurrent).ok());
    }
    for (auto* map : {&alice, &bob, &carol}) {
        ASSERT_NE(map->get("k"), nullptr);
        EXPECT_EQ(*map->get("k"), 2);  // add-wins: carol's unseen put survives
    }
    EXPECT_EQ(alice.snapshot(), carol.snapshot());
    // Concurrent puts: greatest stamp shows, same everywhere.
    auto a = alice.put("j", 10);
    auto b = bob.put("j", 20);
    ASSERT_TRUE(alice.apply(b).ok());
    ASSERT_TRUE(bob.apply(a).ok());
    EXPECT_EQ(*alice.get("j"), *bob.get("j"));
    EXPECT_EQ(alice.digest(), bob.digest());
    // A later put supersedes both concurrent puts.
    auto c = bob.put("j", 30);
    ASSERT_TRUE(alice.apply(c).ok());
    EXPECT_EQ(*alice.get("j"), 30);
    EXPECT_EQ(alice.snapshot(), bob.snapshot());
}

TEST(OrMap, OpsAndSnapshotRoundTrip) {
    crdt::OrMap<std::string, std::string> map(kAlice);
    map.put("title", "Grove");
    auto put = map.put("title", "Grove 2");
    map.put("owner", "alice");
    auto remove = map.remove("owner");
    EXPECT_FALSE(map.remove("missing").has_value());
    for (const auto& op : {put, *remove}) {
        auto decoded = crdt::OrMap<std::string, std::string>::decode_op(
            crdt::OrMap<std::string, std::string>::encode_op(op));
        ASSERT_TRUE(decoded.ok());
        EXPECT_EQ(decoded->kind, op.kind);
        EXPECT_EQ(decoded->key, op.key);
        EXPECT_EQ(decoded->observed, op.observed);
    }
    auto restored = crdt::OrMap<std::string, std::string>::restore(kBob, map.snapshot());
    ASSERT_TRUE(restored.ok()) << restored.error().describe();
    EXPECT_EQ(restored->keys(), (std::vector<std::string>{"title"}));
    EXPECT_EQ(*restored->get("title"), "Grove 2");
    EXPECT_EQ(restored->digest(), map.digest());
}
