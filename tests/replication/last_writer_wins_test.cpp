// Grove's one last-writer-wins rule (grove/sdk/lastwriterwins.h): the rule itself, the SDK's
// LwwRegister, and concurrent space renames with equal Lamport times converging on every peer.
#include <gtest/gtest.h>

#include <grove/sdk/crdt/lww_register.h>
#include <grove/sdk/lastwriterwins.h>

#include <array>
#include <string>

#include "direct_pair.h"
#include "replication_support.h"

using namespace grove;
using namespace grove::platform;
using grove::test::DirectPair;
using grove::test::in_days;
using grove::test::make_account;

TEST(LastWriterWins, LaterLamportWinsThenGreaterWriter) {
    const std::array<std::uint8_t, 2> low{1, 2}, high{1, 3};
    EXPECT_TRUE(sdk::later_write(5, low, 4, high));
    EXPECT_FALSE(sdk::later_write(4, high, 5, low));
    EXPECT_TRUE(sdk::later_write(5, high, 5, low));
    EXPECT_FALSE(sdk::later_write(5, low, 5, high));
    EXPECT_FALSE(sdk::later_write(5, low, 5, low));  // the same write does not replace itself
}

TEST(LastWriterWins, RegisterTieGoesToTheGreaterReplica) {
    using Register = sdk::crdt::LwwRegister<std::string>;
    const Register::Op low{{7, sdk::crdt::ReplicaId{1}}, "low"};
    const Register::Op high{{7, sdk::crdt::ReplicaId{2}}, "high"};
    Register a(sdk::crdt::ReplicaId{9}), b(sdk::crdt::ReplicaId{9});
    ASSERT_TRUE(a.apply(low).ok());
    ASSERT_TRUE(a.apply(high).ok());
    ASSERT_TRUE(b.apply(high).ok());
    ASSERT_TRUE(b.apply(low).ok());
    EXPECT_EQ(a.value(), "high");
    EXPECT_EQ(b.value(), "high");
}

// Two managers rename the space at the same Lamport time, each before seeing the other's: after
// syncing both show the name written by the greater device key — the chat edits' tie-break.
TEST(LastWriterWins, ConcurrentRenamesAtEqualLamportConverge) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto space = ada.peer->create_space("Plans");
    ASSERT_TRUE(space.ok());
    auto inv = ada.peer->create_invitation(space->id, Role::Manager, in_days(1), {"127.0.0.1:1"});
    ASSERT_TRUE(inv.ok()) << inv.error().message;
    DirectPair link(*ada.peer, *bob.peer);
    auto joined = link.join(inv->code);
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    link.run();
    // Level the Lamport clocks: each has seen every delta, so the renames get the same time.
    ASSERT_TRUE(bob.peer->post_chat(space->id, "hello").ok());
    link.run();
    ASSERT_TRUE(ada.peer->rename_space(space->id, "by Ada").ok());
    ASSERT_TRUE(bob.peer->rename_space(space->id, "by Bob").ok());
    link.run();
    const std::string ada_device = ada.peer->account()->device_id;
    const std::string bob_device = bob.peer->account()->device_id;
    const std::string winner = ada_device > bob_device ? "by Ada" : "by Bob";
    EXPECT_EQ(ada.peer->get_space(space->id)->name, winner);
    EXPECT_EQ(bob.peer->get_space(space->id)->name, winner);
    EXPECT_EQ(ada.peer->get_space(space->id)->state_digest,
              bob.peer->get_space(space->id)->state_digest);
}
