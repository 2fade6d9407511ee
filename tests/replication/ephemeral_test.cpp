// The ephemeral channel over in-memory SyncSessions: delivered to linked active members, never
// stored, refused from non-members and removed devices, rate-limited per link; typing and
// presence on top.
#include <mutex>

#include "core/core_instance_bridge.h"
#include "direct_pair.h"
#include "net/peer_node.h"

using namespace grove::platform;
using grove::test::DirectPair;
using grove::test::in_days;
using grove::test::make_account;
using grove::test::TestAccount;

namespace {

struct Inbox {
    std::mutex mutex;
    std::vector<EphemeralMessageView> messages;
    std::size_t size() {
        std::lock_guard lock(mutex);
        return messages.size();
    }
};

Subscription collect(Peer& peer, const std::string& space, Inbox& inbox) {
    return peer.subscribe_ephemeral(space, [&inbox](const EphemeralMessageView& m) {
        std::lock_guard lock(inbox.mutex);
        inbox.messages.push_back(m);
    });
}

grove::net::v1::LinkMessage raw_ephemeral(const std::string& space_hex, const std::string& channel) {
    grove::net::v1::LinkMessage m;
    auto bytes = from_hex(space_hex);
    m.mutable_ephemeral()->set_space_id(std::string(bytes->begin(), bytes->end()));
    m.mutable_ephemeral()->set_channel(channel);
    m.mutable_ephemeral()->set_payload("x");
    return m;
}

std::string device_of(TestAccount& a) { return a.peer->account()->device_id; }

struct Shared {
    TestAccount ada = make_account("Ada");
    TestAccount bob = make_account("Bob");
    std::string space;
    Shared() {
        auto s = ada.peer->create_space("Design");
        EXPECT_TRUE(s.ok());
        space = s->id;
        EXPECT_TRUE(ada.peer->post_chat(space, "hello").ok());
    }
    void join(DirectPair& link) {
        auto inv = ada.peer->create_invitation(space, Role::Participant, in_days(1), {"x:1"});
        ASSERT_TRUE(inv.ok());
        ASSERT_TRUE(link.join(inv->code).ok());
        link.run();
    }
};

}  // namespace

TEST(Ephemeral, ArrivesAtALinkedMemberAndIsNeverStored) {
    Shared t;
    DirectPair link(*t.ada.peer, *t.bob.peer);
    t.join(link);
    Inbox inbox;
    auto sub = collect(*t.ada.peer, t.space, inbox);
    auto before_a = *t.ada.peer->sync_status(t.space);
    auto before_b = *t.bob.peer->sync_status(t.space);

    ASSERT_TRUE(t.bob.peer->send_ephemeral(t.space, "cursor", "12,40", 1000).ok());
    link.run();
    ASSERT_EQ(inbox.size(), 1u);
    const auto& m = inbox.messages.front();
    EXPECT_EQ(m.space_id, t.space);
    EXPECT_EQ(m.channel, "cursor");
    EXPECT_EQ(m.payload, "12,40");
    EXPECT_EQ(m.ttl_ms, 1000u);
    EXPECT_EQ(m.device_id, device_of(t.bob));
    EXPECT_EQ(m.identity_id, t.bob.peer->account()->identity_id);
    EXPECT_EQ(link.b().stats().ephemeral_sent, 1u);
    EXPECT_EQ(link.a().stats().ephemeral_received, 1u);

    auto after_a = *t.ada.peer->sync_status(t.space);
    auto after_b = *t.bob.peer->sync_status(t.space);
    EXPECT_EQ(after_a.delta_count, before_a.delta_count);
    EXPECT_EQ(after_b.delta_count, before_b.delta_count);
    EXPECT_EQ(after_a.heads_digest, before_a.heads_digest);
    EXPECT_EQ(after_a.state_digest, before_a.state_digest);

    // Limits.
    EXPECT_FALSE(t.bob.peer->send_ephemeral(t.space, std::string(65, 'c'), "").ok());
    EXPECT_FALSE(t.bob.peer->send_ephemeral(t.space, "", "").ok());
    EXPECT_FALSE(t.bob.peer->send_ephemeral(t.space, "c", std::string(64 * 1024 + 1, 'p')).ok());
    EXPECT_TRUE(t.bob.peer->send_ephemeral(t.space, "c", std::string(64 * 1024, 'p')).ok());
    link.run();
    EXPECT_EQ(inbox.size(), 2u);

    // A tool instance's channel goes the same way.
    InstanceAddress address;
    auto sid = from_hex(t.space);
    std::copy(sid->begin(), sid->end(), address.space.begin());
    address.instance[0] = 0xab;
    CoreInstanceBridge bridge(*t.bob.peer, address);
    const std::string stroke = "stroke";
    ASSERT_TRUE(bridge.send_ephemeral(as_bytes(stroke)).ok());
    link.run();
    ASSERT_EQ(inbox.size(), 3u);
    EXPECT_EQ(inbox.messages.back().channel, "tool:" + to_hex(ByteView(address.instance)));
    EXPECT_EQ(inbox.messages.back().payload, "stroke");
}

TEST(Ephemeral, RefusedFromANonMember) {
    Shared t;
    auto eve = make_account("Eve");
    DirectPair link(*t.ada.peer, *eve.peer);
    link.run();
    Inbox inbox;
    auto sub = collect(*t.ada.peer, "", inbox);
    // Eve does not hold the space: she cannot send on it, and a forged message is refused.
    EXPECT_FALSE(eve.peer->send_ephemeral(t.space, "cursor", "x").ok());
    ASSERT_TRUE(link.a().handle(raw_ephemeral(t.space, "cursor")).ok());
    EXPECT_EQ(inbox.size(), 0u);
    EXPECT_EQ(link.a().stats().ephemeral_refused, 1u);
    // Ada's own messages are not sent to a device that is not a member.
    ASSERT_TRUE(t.ada.peer->send_ephemeral(t.space, "cursor", "x").ok());
    link.run();
    EXPECT_EQ(link.a().stats().ephemeral_sent, 0u);
    // Nor is Eve listed in presence.
    auto presence = t.ada.peer->presence(t.space);
    ASSERT_TRUE(presence.ok());
    ASSERT_EQ(presence->size(), 1u);
    EXPECT_TRUE(presence->front().is_me);
}

TEST(Ephemeral, RefusedFromARemovedDevice) {
    Shared t;
    DirectPair link(*t.ada.peer, *t.bob.peer);
    t.join(link);
    Inbox inbox;
    auto sub = collect(*t.ada.peer, t.space, inbox);
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Bob").ok());
    // Bob's device is still "known" (may_receive: he learns of his removal by sync), but no
    // longer an active member: his ephemeral messages are refused, Ada's are not sent to him.
    ASSERT_TRUE(link.a().handle(raw_ephemeral(t.space, "cursor")).ok());
    EXPECT_EQ(inbox.size(), 0u);
    EXPECT_EQ(link.a().stats().ephemeral_refused, 1u);
    ASSERT_TRUE(t.ada.peer->send_ephemeral(t.space, "cursor", "x").ok());
    link.run();
    EXPECT_EQ(link.a().stats().ephemeral_sent, 0u);
}

TEST(Ephemeral, RateLimitedPerLink) {
    Shared t;
    DirectPair link(*t.ada.peer, *t.bob.peer);
    t.join(link);
    Inbox inbox;
    auto sub = collect(*t.ada.peer, t.space, inbox);
    for (int i = 0; i < 200; ++i)
        ASSERT_TRUE(t.bob.peer->send_ephemeral(t.space, "cursor", std::to_string(i)).ok());
    link.run();
    EXPECT_EQ(link.b().stats().ephemeral_sent, 200u);
    EXPECT_GE(inbox.size(), 50u);
    EXPECT_LE(inbox.size(), 60u);  // a burst of 50 plus what refilled meanwhile
    EXPECT_EQ(link.a().stats().ephemeral_received + link.a().stats().ephemeral_dropped, 200u);
    // The bucket refills: a second later messages pass again.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    auto had = inbox.size();
    ASSERT_TRUE(t.bob.peer->send_ephemeral(t.space, "cursor", "later").ok());
    link.run();
    EXPECT_EQ(inbox.size(), had + 1);
}

TEST(Ephemeral, TypingAppearsAndExpiresPresenceShowsLinkedMembers) {
    Shared t;
    auto cy = make_account("Cy");
    DirectPair ab(*t.ada.peer, *t.bob.peer);
    t.join(ab);
    {
        // Cy joins through a link that then goes away: a member, but not seen since.
        DirectPair ac(*t.ada.peer, *cy.peer);
        auto inv = t.ada.peer->create_invitation(t.space, Role::Participant, in_days(1), {"x:1"});
        ASSERT_TRUE(inv.ok());
        ASSERT_TRUE(ac.join(inv->code).ok());
        ac.run();
    }
    ab.run();
    auto find = [&](const std::vector<PresenceView>& v, const std::string& name) {
        for (const auto& p : v)
            if (p.display_name == name) return p;
        ADD_FAILURE() << "no " << name;
        return PresenceView{};
    };
    auto p = *t.ada.peer->presence(t.space);
    ASSERT_EQ(p.size(), 3u);
    EXPECT_TRUE(find(p, "Ada").online);
    EXPECT_TRUE(find(p, "Bob").online);
    EXPECT_FALSE(find(p, "Bob").typing);

    ASSERT_TRUE(t.bob.peer->set_typing(t.space).ok());
    ab.run();
    p = *t.ada.peer->presence(t.space);
    EXPECT_TRUE(find(p, "Bob").typing);
    EXPECT_FALSE(find(p, "Ada").typing);
    EXPECT_FALSE(find(p, "Cy").typing);

    // Expiry: the sender's ttl (here 150 ms), never more than 5 s.
    ASSERT_TRUE(t.bob.peer->send_ephemeral(t.space, "chat.typing", "", 150).ok());
    ab.run();
    EXPECT_TRUE(find(*t.ada.peer->presence(t.space), "Bob").typing);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(find(*t.ada.peer->presence(t.space), "Bob").typing);
    EXPECT_TRUE(find(*t.ada.peer->presence(t.space), "Bob").online);
}

// Over real gRPC links: PeerNode wakes its links for an ephemeral message; both directions.
TEST(Ephemeral, OverLoopbackLinks) {
    using namespace grove::platform::net;
    using grove::test::wait_until;
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    PeerNodeOptions oa;
    oa.listen = "127.0.0.1:0";
    oa.tick = std::chrono::milliseconds(300);
    auto na = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(na.ok()) << na.error().message;
    PeerNodeOptions ob;
    ob.peers = {(*na)->listen_address()};
    ob.tick = std::chrono::milliseconds(300);
    auto nb = PeerNode::start(*bob.peer, ob);
    ASSERT_TRUE(nb.ok());
    auto space = ada.peer->create_space("Loop");
    ASSERT_TRUE(space.ok());
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(1),
                                           {(*na)->listen_address()});
    ASSERT_TRUE(inv.ok());
    ASSERT_TRUE((*nb)->join(inv->code, std::chrono::seconds(20)).ok());
    // Bob's persistent link (--peer) must see him as a member before anything is sent on it.
    Inbox at_ada, at_bob;
    auto sa = collect(*ada.peer, space->id, at_ada);
    auto sb = collect(*bob.peer, space->id, at_bob);
    ASSERT_TRUE(wait_until([&] {
        (void)bob.peer->set_typing(space->id);
        return at_ada.size() > 0;
    }, std::chrono::seconds(20)));
    ASSERT_TRUE(wait_until([&] {
        (void)ada.peer->send_ephemeral(space->id, "cursor", "ada");
        return at_bob.size() > 0;
    }, std::chrono::seconds(20)));
    {
        std::lock_guard lock(at_bob.mutex);
        EXPECT_EQ(at_bob.messages.front().channel, "cursor");
        EXPECT_EQ(at_bob.messages.front().identity_id, ada.peer->account()->identity_id);
    }
    auto presence = ada.peer->presence(space->id);
    ASSERT_TRUE(presence.ok());
    for (const auto& p : *presence) {
        EXPECT_TRUE(p.online) << p.display_name;
        EXPECT_EQ(p.typing, p.display_name == "Bob");
    }
    (*nb)->stop();
    (*na)->stop();
}
