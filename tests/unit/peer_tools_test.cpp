// The core and the real tool host together: tool instances as space deltas, tool operations
// submitted through the bridge, replay at unlock, and a failing tool isolated from the space.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QVariant>

#include "core/peer.h"
#include "core/space_journal.h"
#include "test_support.h"
#include "toolhost/toolhost.h"

using namespace grove::platform;

namespace {

// The test thread is the host thread; posted work runs when the test pumps.
struct ManualLoop {
    std::vector<std::function<void()>> queue;
    std::mutex mutex;
    void post(std::function<void()> fn) {
        std::lock_guard lock(mutex);
        queue.push_back(std::move(fn));
    }
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
};

struct ToolPeer {
    grove::test::TempDir dir;
    ManualLoop loop;
    ToolHost host{ToolHostOptions{{GROVE_TEST_FIXTURE_DIR}}};
    std::unique_ptr<Peer> peer;

    ToolPeer() {
        host.scan();
        peer = std::move(Peer::open(dir.path())).value();
        peer->attach_tool_host(host, [this](std::function<void()> fn) { loop.post(std::move(fn)); });
        EXPECT_TRUE(peer->create_account("Ada", "correct horse battery").ok());
    }
    InstanceAddress address(const std::string& space_id, const std::string& instance_id) {
        InstanceAddress a;
        EXPECT_TRUE(grove::sdk::from_hex(space_id, a.space));
        EXPECT_TRUE(grove::sdk::from_hex(instance_id, a.instance));
        return a;
    }
    int total(const InstanceAddress& a) {
        QObject* model = host.model(a);
        return model ? model->property("total").toInt() : -1;
    }
};

int argc_ = 1;
char arg0_[] = "grove_unit_tests";
char* argv_[] = {arg0_, nullptr};
QCoreApplication& app() {
    static QCoreApplication instance(argc_, argv_);
    return instance;
}

}  // namespace

TEST(PeerTools, AddSubmitAndReplayThroughTheHost) {
    app();
    ToolPeer t;
    auto space = t.peer->create_space("Scores");
    ASSERT_TRUE(space.ok());
    auto installed = t.peer->installed_tools();
    ASSERT_TRUE(installed.ok());
    EXPECT_FALSE(installed->empty());

    auto added = t.peer->add_tool(space->id, "org.grove.test.tally", "Round one");
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_EQ(added->required_version, "1.0.0");  // the tool's compat version
    t.loop.pump();
    auto addr = t.address(space->id, added->id);
    auto status = t.host.instance(addr);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->state, InstanceState::Running) << status->message;

    std::string digest_before = t.peer->get_space(space->id)->state_digest;
    QString error;
    ASSERT_TRUE(QMetaObject::invokeMethod(t.host.model(addr), "add", Q_RETURN_ARG(QString, error),
                                          Q_ARG(int, 5)));
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    ASSERT_TRUE(QMetaObject::invokeMethod(t.host.model(addr), "add", Q_RETURN_ARG(QString, error),
                                          Q_ARG(int, 37)));
    EXPECT_EQ(t.total(addr), 42);  // applied before submit returned
    EXPECT_NE(t.peer->get_space(space->id)->state_digest, digest_before);

    auto listed = t.peer->list_tools(space->id);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].state, "running");
    EXPECT_EQ((*listed)[0].name, "Round one");

    auto renamed = t.peer->rename_tool(space->id, "Round one", "Final");
    ASSERT_TRUE(renamed.ok()) << renamed.error().message;
    t.loop.pump();
    EXPECT_EQ(t.host.instance(addr)->name, "Final");

    // Lock and unlock: the instance comes back from the log with the same state.
    std::string digest = t.peer->get_space(space->id)->state_digest;
    ASSERT_TRUE(t.peer->lock().ok());
    t.loop.pump();
    EXPECT_FALSE(t.host.instance(addr).has_value());
    ASSERT_TRUE(t.peer->unlock("correct horse battery").ok());
    t.loop.pump();
    EXPECT_EQ(t.total(addr), 42);
    EXPECT_EQ(t.peer->get_space(space->id)->state_digest, digest);

    ASSERT_TRUE(t.peer->remove_tool(space->id, added->id).ok());
    t.loop.pump();
    EXPECT_FALSE(t.host.instance(addr).has_value());
    EXPECT_TRUE(t.peer->list_tools(space->id)->empty());
}

TEST(PeerTools, UnknownToolAndGuestsAreRefused) {
    app();
    ToolPeer t;
    auto space = t.peer->create_space("S");
    ASSERT_TRUE(space.ok());
    auto r = t.peer->add_tool(space->id, "org.grove.not.installed", "x");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, grove::ErrorCode::NotFound);
    EXPECT_EQ(t.peer->submit_tool_operation(space->id, "nope", "x").error().code,
              grove::ErrorCode::NotFound);
}

TEST(PeerTools, AToolThatThrowsFailsAloneAndTheSpaceGoesOn) {
    app();
    ToolPeer t;
    auto space = t.peer->create_space("S");
    ASSERT_TRUE(space.ok());
    auto bad = t.peer->add_tool(space->id, "org.grove.test.throwingapply", "Bad");
    ASSERT_TRUE(bad.ok()) << bad.error().message;
    auto good = t.peer->add_tool(space->id, "org.grove.test.tally", "Good");
    ASSERT_TRUE(good.ok());
    t.loop.pump();
    // The throwing tool's delta is valid and durable; the instance fails on it, alone.
    auto id = t.peer->submit_tool_operation(space->id, bad->id, "boom");
    ASSERT_TRUE(id.ok()) << id.error().message;
    t.loop.pump();
    auto st = t.host.instance(t.address(space->id, bad->id));
    ASSERT_TRUE(st.has_value());
    EXPECT_EQ(st->state, InstanceState::Failed);
    EXPECT_NE(st->message.find("boom"), std::string::npos) << st->message;
    EXPECT_EQ(t.host.instance(t.address(space->id, good->id))->state, InstanceState::Running);
    EXPECT_TRUE(t.peer->post_chat(space->id, "still fine").ok());
    auto listed = t.peer->list_tools(space->id);
    ASSERT_TRUE(listed.ok());
    bool saw_failed = false;
    for (const auto& v : *listed) saw_failed |= v.state == "failed";
    EXPECT_TRUE(saw_failed);
}
