// Tool instances between two real Peers, each with its own tool host (the Tally fixture), over
// in-memory SyncSessions: every event names who wrote the change, local or remote; a tool's
// ephemeral messages reach the same instance's tool on the other peer; membership changes reach
// the tools.
#include <QCoreApplication>
#include <QObject>
#include <QVariant>
#include <mutex>

#include "direct_pair.h"
#include "toolhost/toolhost.h"

using namespace grove::platform;
using grove::test::DirectPair;
using grove::test::in_days;

namespace {

int argc_ = 1;
char arg0_[] = "grove_replication_tests";
char* argv_[] = {arg0_, nullptr};
void ensure_app() {
    static QCoreApplication app(argc_, argv_);
}

// A peer whose tool host runs on the test thread; posted work runs when the test pumps.
struct ToolPeer {
    grove::test::TempDir dir;
    std::mutex mutex;
    std::vector<std::function<void()>> queue;
    std::vector<SpaceEvent> events;
    ToolHost host{ToolHostOptions{{GROVE_TEST_FIXTURE_DIR}}};
    std::unique_ptr<Peer> peer;
    Subscription subscription;

    explicit ToolPeer(const std::string& name) {
        ensure_app();
        host.scan();
        peer = std::move(Peer::open(dir.path() / "profile")).value();
        peer->attach_tool_host(host, [this](std::function<void()> fn) {
            std::lock_guard lock(mutex);
            queue.push_back(std::move(fn));
        });
        EXPECT_TRUE(peer->create_account(name, "correct horse battery").ok());
        subscription = peer->subscribe({}, [this](const SpaceEvent& e) {
            std::lock_guard lock(mutex);
            events.push_back(e);
        });
    }
    ~ToolPeer() { subscription.reset(); }
    void pump() {
        for (;;) {
            std::vector<std::function<void()>> batch;
            {
                std::lock_guard lock(mutex);
                batch.swap(queue);
            }
            if (batch.empty()) return;
            for (auto& fn : batch) fn();
        }
    }
    std::vector<SpaceEvent> take_events() {
        std::lock_guard lock(mutex);
        return std::exchange(events, {});
    }
    std::string identity() { return peer->account()->identity_id; }
    std::string device() { return peer->account()->device_id; }
    QObject* model(const InstanceAddress& a) { return host.model(a); }
};

// Runs the link and both hosts until nothing moves.
void settle(DirectPair& link, ToolPeer& a, ToolPeer& b) {
    for (int i = 0; i < 5; ++i) {
        link.run();
        a.pump();
        b.pump();
    }
}

InstanceAddress address_of(const std::string& space, const std::string& instance) {
    InstanceAddress a;
    EXPECT_TRUE(grove::sdk::from_hex(space, a.space));
    EXPECT_TRUE(grove::sdk::from_hex(instance, a.instance));
    return a;
}

QString call(QObject* model, const char* method, int value) {
    QString error = "not called";
    EXPECT_TRUE(
        QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(QString, error), Q_ARG(int, value)));
    return error;
}
QString ping(QObject* model) {
    QString error = "not called";
    EXPECT_TRUE(QMetaObject::invokeMethod(model, "ping", Q_RETURN_ARG(QString, error)));
    return error;
}

std::vector<SpaceEvent> of_kind(const std::vector<SpaceEvent>& events, SpaceEvent::Kind kind) {
    std::vector<SpaceEvent> out;
    for (const auto& e : events)
        if (e.kind == kind) out.push_back(e);
    return out;
}

// Ada's space with Bob joined, a Tally instance added by Ada and open on both hosts.
struct TwoHosts {
    ToolPeer ada{"Ada"};
    ToolPeer bob{"Bob"};
    DirectPair link{*ada.peer, *bob.peer};
    std::string space;
    InstanceAddress address;

    TwoHosts() {
        auto s = ada.peer->create_space("Tools");
        EXPECT_TRUE(s.ok());
        space = s->id;
        auto inv = ada.peer->create_invitation(space, Role::Participant, in_days(1), {"x:1"});
        EXPECT_TRUE(inv.ok());
        EXPECT_TRUE(link.join(inv->code).ok());
        settle(link, ada, bob);
        auto added = ada.peer->add_tool(space, "org.grove.test.tally", "Scores");
        EXPECT_TRUE(added.ok()) << added.error().message;
        address = address_of(space, added->id);
        settle(link, ada, bob);
        EXPECT_NE(ada.model(address), nullptr);
        EXPECT_NE(bob.model(address), nullptr);
    }
};

}  // namespace

TEST(ToolReplication, EventsNameTheirAuthorLocalAndRemote) {
    TwoHosts t;
    t.ada.take_events();
    t.bob.take_events();

    // Ada's operation: her own ToolChanged event, and Bob's from replication, both name her.
    ASSERT_TRUE(call(t.ada.model(t.address), "add", 2).isEmpty());
    settle(t.link, t.ada, t.bob);
    const std::string instance = grove::sdk::to_hex(t.address.instance);
    for (ToolPeer* p : {&t.ada, &t.bob}) {
        auto tools = of_kind(p->take_events(), SpaceEvent::Kind::ToolChanged);
        ASSERT_EQ(tools.size(), 1u) << p->peer->account()->display_name;
        EXPECT_EQ(tools[0].tool_instance, instance);
        EXPECT_EQ(tools[0].author_id, t.ada.identity());
        EXPECT_EQ(tools[0].author_device, t.ada.device());
    }
    // Bob's: named Bob on both sides.
    ASSERT_TRUE(call(t.bob.model(t.address), "add", 3).isEmpty());
    settle(t.link, t.ada, t.bob);
    for (ToolPeer* p : {&t.ada, &t.bob}) {
        auto tools = of_kind(p->take_events(), SpaceEvent::Kind::ToolChanged);
        ASSERT_EQ(tools.size(), 1u);
        EXPECT_EQ(tools[0].author_id, t.bob.identity());
        EXPECT_EQ(tools[0].author_device, t.bob.device());
        EXPECT_NE(tools[0].author_id, t.ada.identity());
    }
    EXPECT_EQ(t.ada.model(t.address)->property("total").toInt(), 5);
    EXPECT_EQ(t.bob.model(t.address)->property("total").toInt(), 5);

    // Renaming the instance (a space delta, managers only) and chat carry their author too.
    t.ada.take_events();
    t.bob.take_events();
    ASSERT_TRUE(t.ada.peer->rename_tool(t.space, instance, "Points").ok());
    ASSERT_TRUE(t.bob.peer->post_chat(t.space, "nice name").ok());
    settle(t.link, t.ada, t.bob);
    auto at_bob = t.bob.take_events();
    auto renames = of_kind(at_bob, SpaceEvent::Kind::ToolChanged);
    auto space_changes = of_kind(at_bob, SpaceEvent::Kind::SpaceChanged);
    renames.insert(renames.end(), space_changes.begin(), space_changes.end());
    ASSERT_FALSE(renames.empty());
    for (const auto& e : renames) {
        EXPECT_EQ(e.author_id, t.ada.identity());
        EXPECT_EQ(e.author_device, t.ada.device());
    }
    auto chats = of_kind(t.ada.take_events(), SpaceEvent::Kind::ChatPosted);
    ASSERT_EQ(chats.size(), 1u);
    ASSERT_TRUE(chats[0].chat.has_value());
    EXPECT_EQ(chats[0].author_id, t.bob.identity());
    EXPECT_EQ(chats[0].chat->author_id, chats[0].author_id);
    EXPECT_EQ(chats[0].author_device, t.bob.device());
}

TEST(ToolReplication, EphemeralMessagesReachTheOtherPeersTool) {
    TwoHosts t;
    std::mutex mutex;
    std::vector<EphemeralMessageView> seen_by_subscriber;
    auto sub = t.ada.peer->subscribe_ephemeral(t.space, [&](const EphemeralMessageView& m) {
        std::lock_guard lock(mutex);
        seen_by_subscriber.push_back(m);
    });
    auto count = [](QObject* m) { return m->property("ephemeralCount").toInt(); };

    ASSERT_TRUE(ping(t.bob.model(t.address)).isEmpty());
    t.link.run();
    // Delivered on the host thread: nothing before Ada's host runs its posted work.
    EXPECT_EQ(count(t.ada.model(t.address)), 0);
    t.ada.pump();
    EXPECT_EQ(count(t.ada.model(t.address)), 1);
    EXPECT_EQ(count(t.bob.model(t.address)), 0);  // not echoed to the sender
    {
        std::lock_guard lock(mutex);
        ASSERT_EQ(seen_by_subscriber.size(), 1u);  // and still seen by Peer subscribers
        EXPECT_EQ(seen_by_subscriber[0].channel, "tool:" + grove::sdk::to_hex(t.address.instance));
    }

    // The other way round.
    ASSERT_TRUE(ping(t.ada.model(t.address)).isEmpty());
    settle(t.link, t.ada, t.bob);
    EXPECT_EQ(count(t.bob.model(t.address)), 1);

    // Channels that name no instance here reach subscribers only, harmlessly.
    InstanceAddress elsewhere = t.address;
    elsewhere.instance[0] ^= 0xff;
    for (const std::string channel : {"tool:" + grove::sdk::to_hex(elsewhere.instance),
                                      std::string("tool:not-hex"), std::string("tool:")})
        ASSERT_TRUE(t.bob.peer->send_ephemeral(t.space, channel, "x").ok());
    settle(t.link, t.ada, t.bob);
    EXPECT_EQ(count(t.ada.model(t.address)), 1);
    {
        std::lock_guard lock(mutex);
        EXPECT_EQ(seen_by_subscriber.size(), 4u);
    }

    // Once the instance is removed, a late message for it is dropped.
    ASSERT_TRUE(t.ada.peer->remove_tool(t.space, grove::sdk::to_hex(t.address.instance)).ok());
    settle(t.link, t.ada, t.bob);
    EXPECT_EQ(t.ada.model(t.address), nullptr);
    const std::string channel = "tool:" + grove::sdk::to_hex(t.address.instance);
    ASSERT_TRUE(t.bob.peer->send_ephemeral(t.space, channel, "late").ok());
    settle(t.link, t.ada, t.bob);
    EXPECT_FALSE(t.ada.host.instance(t.address).has_value());
}

TEST(ToolReplication, MembershipChangesReachTheTools) {
    TwoHosts t;
    auto count = [](QObject* m) { return m->property("membersChangedCount").toInt(); };
    const int ada_before = count(t.ada.model(t.address));
    const int bob_before = count(t.bob.model(t.address));
    // A role change (an administrative delta), local at Ada and remote at Bob: each host tells
    // the space's tools once per drain, after the change, so members() reads the new role.
    ASSERT_TRUE(t.ada.peer->change_role(t.space, t.bob.identity(), Role::Manager).ok());
    settle(t.link, t.ada, t.bob);
    EXPECT_EQ(count(t.ada.model(t.address)), ada_before + 1);
    EXPECT_EQ(count(t.bob.model(t.address)), bob_before + 1);
    // Chat and tool operations are no membership change.
    ASSERT_TRUE(t.bob.peer->post_chat(t.space, "thanks").ok());
    ASSERT_TRUE(call(t.bob.model(t.address), "add", 1).isEmpty());
    settle(t.link, t.ada, t.bob);
    EXPECT_EQ(count(t.ada.model(t.address)), ada_before + 1);
    EXPECT_EQ(count(t.bob.model(t.address)), bob_before + 1);
}
