// Short invitation codes over real loopback links: resolved through the inviter, through a relay
// while the inviter is away, and a used code's plain-words refusal.
#include <gtest/gtest.h>

#include <thread>

#include "core/short_code.h"
#include "net/peer_node.h"
#include "net/relay_server.h"
#include "replication_support.h"

using namespace grove;
using namespace grove::platform;
using namespace grove::platform::net;
using grove::test::in_days;
using grove::test::make_account;
using grove::test::wait_until;

namespace {
const crypto::KdfParams kFastKdf{1, 8192};

PeerNodeOptions quick(std::string listen = {}) {
    PeerNodeOptions o;
    o.listen = std::move(listen);
    o.tick = std::chrono::milliseconds(200);
    o.keep_join_link = false;
    return o;
}
}  // namespace

TEST(ShortInvitation, JoinsThroughTheInviterWithTheLinkOrTheTypedCode) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto cy = make_account("Cy");
    auto na = PeerNode::start(*ada.peer, quick("127.0.0.1:0"));
    ASSERT_TRUE(na.ok()) << na.error().message;
    auto nb = PeerNode::start(*bob.peer, quick());
    auto nc = PeerNode::start(*cy.peer, quick());
    ASSERT_TRUE(nb.ok() && nc.ok());
    auto space = ada.peer->create_space("Short");
    ASSERT_TRUE(space.ok());
    ASSERT_TRUE(ada.peer->post_chat(space->id, "hello").ok());
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(1),
                                           {(*na)->listen_address()});
    ASSERT_TRUE(inv.ok());
    auto shared = (*na)->share_short_invitation(space->id, *inv, kFastKdf);
    ASSERT_TRUE(shared.ok()) << shared.error().message;
    EXPECT_EQ(shared->code.size(), 15u);
    EXPECT_NE(shared->link.find("peer=" + (*na)->listen_address()), std::string::npos);

    // The bare code alone says nowhere to look.
    auto bare = (*nb)->join(shared->code, std::chrono::seconds(10));
    ASSERT_FALSE(bare.ok());
    EXPECT_NE(bare.error().message.find("nowhere to look"), std::string::npos);

    // The link, typed sloppily (lower case, spaces in the code).
    std::string sloppy = shared->link;
    for (auto& c : sloppy) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto joined = (*nb)->join(sloppy, std::chrono::seconds(30));
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    EXPECT_EQ(joined->id, space->id);

    // Used: the next one to try is told so in plain words.
    auto again = (*nc)->join(shared->link, std::chrono::seconds(30));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::PermissionDenied);
    EXPECT_NE(again.error().message.find("used already or revoked"), std::string::npos)
        << again.error().message;

    // A code nobody filed: not found, in words.
    InvitationLink unknown{ShortCode::random(), {(*na)->listen_address()}, {}};
    auto missing = (*nc)->join(format_invitation_link(unknown), std::chrono::seconds(30));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("no invitation has this code"), std::string::npos);

    // A typo never leaves the machine.
    std::string typo = shared->code;
    typo[0] = typo[0] == 'A' ? 'B' : 'A';
    auto typed = (*nc)->join(typo, std::chrono::seconds(5));
    ASSERT_FALSE(typed.ok());
    EXPECT_EQ(typed.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(typed.error().message.find("typo"), std::string::npos);
}

TEST(ShortInvitation, ARelayResolvesTheCodeWhileTheInviterIsAway) {
    grove::test::TempDir relay_dir;
    RelayOptions ro;
    ro.data = relay_dir.path();
    ro.listen = "127.0.0.1:0";
    auto relay = RelayServer::start(ro);
    ASSERT_TRUE(relay.ok()) << relay.error().message;
    const std::string relay_addr = (*relay)->listen_address();

    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto oa = quick("127.0.0.1:0");
    oa.relays = {relay_addr};
    auto na = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(na.ok());
    auto space = ada.peer->create_space("Relayed");
    ASSERT_TRUE(space.ok());
    ASSERT_TRUE(ada.peer->post_chat(space->id, "left a note").ok());
    // The relay serves the space once Ada's roster is there.
    ASSERT_TRUE(wait_until(
        [&] {
            auto st = ada.peer->sync_status(space->id);
            return st.ok() && st->relay_problem.empty() && (*relay)->status().per_space_size() > 0;
        },
        std::chrono::seconds(30)));
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(1),
                                           {(*na)->listen_address(), relay_addr});
    ASSERT_TRUE(inv.ok());
    auto shared = (*na)->share_short_invitation(space->id, *inv, kFastKdf);
    ASSERT_TRUE(shared.ok()) << shared.error().message;
    EXPECT_NE(shared->link.find("relay=" + relay_addr), std::string::npos) << shared->link;

    // Bob asks the relay (his own relay setting; the bare code), with Ada's node still up so
    // that the deposit is certain to have arrived: poll until the relay has it.
    auto ob = quick();
    ob.relays = {relay_addr};
    auto nb = PeerNode::start(*bob.peer, ob);
    ASSERT_TRUE(nb.ok());
    // At most one lookup every 2 s: the relay answers 10 a minute from one host.
    std::string full;
    for (int i = 0; i < 8 && full.empty(); ++i) {
        auto r = (*nb)->resolve_short_invitation(shared->code, std::chrono::seconds(5));
        if (r.ok())
            full = *r;
        else
            std::this_thread::sleep_for(std::chrono::seconds(2));
    }
    EXPECT_EQ(full, inv->code);

    // Ada goes away: the relay still resolves it, and Bob joins through the relay.
    (*na)->stop();
    auto joined_full = (*nb)->resolve_short_invitation(shared->code, std::chrono::seconds(10));
    ASSERT_TRUE(joined_full.ok()) << joined_full.error().message;
    EXPECT_EQ(*joined_full, inv->code);
}
