// Tool instance lifecycle through the host with the Tally fixture: add, rename, remove, missing
// plugin and late install, version requirements, snapshots, permissions, ephemeral messages,
// and convergence of peers that receive operations in different causal orders.
#include <gtest/gtest.h>
#include <toolhost/hostthreaddispatcher.h>
#include <toolhost/toolhost.h>

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QVariant>
#include <atomic>
#include <thread>

#include "fake_space.h"

using namespace grove;
using platform::InstanceState;

namespace {

const std::filesystem::path kFixtures = GROVE_TEST_FIXTURE_DIR;
const char* kTally = "org.grove.test.tally";

QString add(QObject* model, int value) {
    QString error = "not called";
    EXPECT_TRUE(
        QMetaObject::invokeMethod(model, "add", Q_RETURN_ARG(QString, error), Q_ARG(int, value)));
    return error;
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path =
            std::filesystem::temp_directory_path() /
            ("grove-tools-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    static int& counter() {
        static int n = 0;
        return n;
    }
};

}  // namespace

TEST(ToolHostLifecycle, AddRenameRemove) {
    tests::FakeSpace space({kFixtures}, {sdk::Role::Manager}, 1);
    auto& host = space.host(0);
    std::vector<platform::InstanceStatus> seen;
    host.set_instance_observer([&](const platform::InstanceStatus& s) { seen.push_back(s); });

    auto address = space.add_instance(kTally, "Scores", "1.2.0");
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].state, InstanceState::Running);
    EXPECT_EQ(seen[0].name, "Scores");
    EXPECT_EQ(host.instances().size(), 1u);

    QObject* model = host.model(address);
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(model->property("name").toString(), "Scores");
    EXPECT_TRUE(add(model, 3).isEmpty());

    ASSERT_TRUE(host.rename_instance(address, "Points").ok());
    EXPECT_EQ(model->property("name").toString(), "Points");
    EXPECT_EQ(host.instance(address)->name, "Points");
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].name, "Points");

    auto again = space.add_instance_on(0, address, kTally, "Copy", "1.2.0");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::AlreadyExists);

    ASSERT_TRUE(host.remove_instance(address).ok());
    EXPECT_FALSE(host.instance(address).has_value());
    EXPECT_TRUE(host.instances().empty());
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[2].message, "removed");
    sdk::Operation op;
    EXPECT_EQ(host.apply(address, op).error().code, ErrorCode::NotFound);
    EXPECT_EQ(host.remove_instance(address).error().code, ErrorCode::NotFound);
}

TEST(ToolHostLifecycle, RemovalIsAnnouncedWhileTheModelLives) {
    TempDir user_tools;
    tests::FakeSpace space(tests::PerPeerPaths{{kFixtures}, {user_tools.path}},
                           {sdk::Role::Manager, sdk::Role::Participant}, 2);
    auto& host = space.host(0);
    auto address = space.add_instance(kTally, "Scores", "1.2.0");
    QObject* model = host.model(address);
    ASSERT_NE(model, nullptr);
    ASSERT_TRUE(add(model, 5).isEmpty());

    std::vector<std::string> order;
    host.set_instance_observer(
        [&](const platform::InstanceStatus& s) { order.push_back("observer:" + s.message); });
    bool model_alive_when_announced = false;
    int total_when_announced = -1;
    QString submit_when_announced;
    host.set_removal_observer([&](const platform::InstanceStatus& s) {
        order.push_back("removing:" + s.name);
        EXPECT_EQ(s.address, address);
        EXPECT_EQ(s.state, InstanceState::Running);
        // Still there and usable for reading: a view can let go of it now.
        QObject* live = host.model(address);
        model_alive_when_announced = live == model && host.instance(address).has_value();
        if (live) total_when_announced = live->property("total").toInt();
        // But no longer accepts work.
        if (live) submit_when_announced = add(live, 1);
    });
    // The model is destroyed after the announcement (a QPointer sees it go).
    QPointer<QObject> watch(model);
    ASSERT_TRUE(host.remove_instance(address).ok());
    EXPECT_TRUE(model_alive_when_announced);
    EXPECT_EQ(total_when_announced, 5);
    EXPECT_FALSE(submit_when_announced.isEmpty());
    EXPECT_TRUE(watch.isNull());
    EXPECT_EQ(order, (std::vector<std::string>{"removing:Scores", "observer:removed"}));
    EXPECT_FALSE(host.instance(address).has_value());

    // A placeholder (no model) is announced too; an unknown address is not.
    auto& other = space.host(1);
    ASSERT_EQ(other.instance(address)->state, InstanceState::Placeholder);
    std::vector<platform::InstanceStatus> announced;
    other.set_removal_observer([&](const platform::InstanceStatus& s) { announced.push_back(s); });
    ASSERT_TRUE(other.remove_instance(address).ok());
    ASSERT_EQ(announced.size(), 1u);
    EXPECT_EQ(announced[0].state, InstanceState::Placeholder);
    EXPECT_EQ(other.remove_instance(address).error().code, ErrorCode::NotFound);
    EXPECT_EQ(announced.size(), 1u);
}

TEST(ToolHostLifecycle, MissingPluginKeepsOperationsAndCatchesUpWhenInstalled) {
    TempDir user_tools;
    tests::FakeSpace space(tests::PerPeerPaths{{kFixtures}, {user_tools.path}},
                           {sdk::Role::Manager, sdk::Role::Participant}, 2);
    auto address = space.add_instance(kTally, "Scores", "1.1.0");

    auto missing = space.host(1).instance(address);
    ASSERT_TRUE(missing.has_value());
    EXPECT_EQ(missing->state, InstanceState::Placeholder);
    EXPECT_EQ(missing->message, "needs Tally \u2265 1.1.0 (not installed)");
    EXPECT_EQ(space.host(1).model(address), nullptr);
    EXPECT_FALSE(space.host(1).digest(address).ok());

    QObject* model = space.host(0).model(address);
    for (int value : {1, 2, 3, 4}) EXPECT_TRUE(add(model, value).isEmpty());
    space.deliver_all();
    EXPECT_EQ(space.host(1).instance(address)->kept_operations, 4u);

    // Nothing new installed: a rescan changes nothing.
    EXPECT_TRUE(space.host(1).scan().empty());

    // "Install" the tool into the user's directory and rescan: the placeholder starts and replays.
    std::filesystem::copy(kFixtures / kTally, user_tools.path / kTally,
                          std::filesystem::copy_options::recursive);
    auto started = space.host(1).scan();
    ASSERT_EQ(started.size(), 1u);
    EXPECT_EQ(started[0], address);
    auto running = space.host(1).instance(address);
    EXPECT_EQ(running->state, InstanceState::Running) << running->message;
    EXPECT_EQ(running->kept_operations, 0u);
    EXPECT_EQ(space.host(1).model(address)->property("total").toInt(), 10);
    EXPECT_EQ(*space.host(0).digest(address), *space.host(1).digest(address));

    // And it keeps working both ways.
    EXPECT_TRUE(add(space.host(1).model(address), 5).isEmpty());
    space.deliver_all();
    EXPECT_EQ(model->property("total").toInt(), 15);
    EXPECT_EQ(*space.host(0).digest(address), *space.host(1).digest(address));
}

TEST(ToolHostLifecycle, VersionRequirementsFollowTheCompatRule) {
    tests::FakeSpace space({kFixtures}, {sdk::Role::Manager}, 3);
    auto& host = space.host(0);
    // Tally 1.2.0, compatible back to 1.0.0.
    auto status = [&](const char* required) {
        return *host.instance(space.add_instance(kTally, "x", required));
    };
    EXPECT_EQ(status("1.0.0").state, InstanceState::Running);
    EXPECT_EQ(status("1.1.7").state, InstanceState::Running);
    EXPECT_EQ(status("").state, InstanceState::Running);
    auto newer = status("2.0.0");
    EXPECT_EQ(newer.state, InstanceState::Placeholder);
    EXPECT_EQ(newer.message, "needs Tally \u2265 2.0.0 (Tally 1.2.0 is installed)");
    auto older = status("0.9.0");
    EXPECT_EQ(older.state, InstanceState::Placeholder);
    EXPECT_EQ(older.message,
              "needs Tally \u2265 0.9.0 (the installed Tally 1.2.0 opens instances made for 1.0.0 "
              "or later only)");
    auto garbage = status("banana");
    EXPECT_EQ(garbage.state, InstanceState::Placeholder);
    EXPECT_NE(garbage.message.find("unreadable version requirement 'banana'"), std::string::npos);

    EXPECT_EQ(*host.version_for_new_instance(kTally), "1.0.0");
    EXPECT_EQ(host.version_for_new_instance("org.nobody.nothing").error().code,
              ErrorCode::NotFound);
    EXPECT_EQ(host.version_for_new_instance("org.grove.test.throwingconstructor").error().code,
              ErrorCode::FailedPrecondition);
}

TEST(ToolHostLifecycle, SnapshotRestoresAnEqualStateAlsoIntoAPlaceholder) {
    TempDir empty;
    tests::FakeSpace space(tests::PerPeerPaths{{kFixtures}, {empty.path}},
                           {sdk::Role::Manager, sdk::Role::Manager}, 4);
    auto address = space.add_instance(kTally, "Scores", "1.0.0");
    QObject* model = space.host(0).model(address);
    for (int value : {10, 20, 30}) add(model, value);
    auto snapshot = space.host(0).snapshot(address);
    ASSERT_TRUE(snapshot.ok());

    // A second instance on the same host, restored from the snapshot.
    platform::InstanceAddress copy = address;
    copy.instance[0] ^= 0xff;
    ASSERT_TRUE(space.add_instance_on(0, copy, kTally, "Copy", "1.0.0").ok());
    ASSERT_TRUE(space.host(0).restore(copy, *snapshot).ok());
    EXPECT_EQ(*space.host(0).digest(copy), *space.host(0).digest(address));

    // Peer 1 has no Tally: it keeps the snapshot, then the operations after it.
    ASSERT_TRUE(space.host(1).restore(address, *snapshot).ok());
    add(model, 40);
    const auto& last = space.log().back();
    sdk::Operation op;
    op.id = last.id;
    op.payload = last.payload;
    op.lamport = last.lamport;
    ASSERT_TRUE(space.host(1).apply(address, op).ok());
    EXPECT_EQ(space.host(1).instance(address)->kept_operations, 1u);
    std::filesystem::copy(kFixtures / kTally, empty.path / kTally,
                          std::filesystem::copy_options::recursive);
    ASSERT_EQ(space.host(1).scan().size(), 1u);
    EXPECT_EQ(space.host(1).model(address)->property("total").toInt(), 100);
    EXPECT_EQ(*space.host(1).digest(address), *space.host(0).digest(address));

    // A corrupt snapshot is an error, not a crash; the instance keeps running.
    const std::string junk = "junk";
    EXPECT_FALSE(space.host(0).restore(copy, sdk::as_bytes(junk)).ok());
    EXPECT_EQ(space.host(0).instance(copy)->state, InstanceState::Running);
}

TEST(ToolHostLifecycle, GuestsCannotSubmitAndOversizedOperationsAreRefused) {
    tests::FakeSpace space({kFixtures}, {sdk::Role::Participant, sdk::Role::Guest}, 5);
    auto address = space.add_instance(kTally, "Scores", "1.0.0");
    QString error = add(space.host(1).model(address), 1);
    EXPECT_TRUE(error.startsWith("permission denied")) << error.toStdString();
    EXPECT_TRUE(space.log().empty());

    QString huge(static_cast<int>(sdk::kMaxOperationPayload) + 1, 'x');
    ASSERT_TRUE(QMetaObject::invokeMethod(space.host(0).model(address), "submitRaw",
                                          Q_RETURN_ARG(QString, error), Q_ARG(QString, huge)));
    EXPECT_TRUE(error.startsWith("resource exhausted")) << error.toStdString();

    // A malformed operation is rejected by the tool (deterministically) and nothing breaks.
    ASSERT_TRUE(QMetaObject::invokeMethod(space.host(0).model(address), "submitRaw",
                                          Q_RETURN_ARG(QString, error),
                                          Q_ARG(QString, "nonsense")));
    EXPECT_TRUE(error.isEmpty());  // durable: the platform stored it; apply rejected it
    EXPECT_EQ(space.host(0).instance(address)->state, InstanceState::Running);
    EXPECT_EQ(space.host(0).model(address)->property("count").toInt(), 0);
}

TEST(ToolHostLifecycle, EphemeralMessagesReachOtherPeers) {
    tests::FakeSpace space({kFixtures},
                           {sdk::Role::Participant, sdk::Role::Participant, sdk::Role::Guest}, 6);
    auto address = space.add_instance(kTally, "Scores", "1.0.0");
    QString error;
    ASSERT_TRUE(QMetaObject::invokeMethod(space.host(0).model(address), "ping",
                                          Q_RETURN_ARG(QString, error)));
    EXPECT_TRUE(error.isEmpty());
    EXPECT_EQ(space.host(0).model(address)->property("ephemeralCount").toInt(), 0);
    EXPECT_EQ(space.host(1).model(address)->property("ephemeralCount").toInt(), 1);
    EXPECT_EQ(space.host(2).model(address)->property("ephemeralCount").toInt(), 1);
    EXPECT_TRUE(space.log().empty());  // not stored
}

TEST(ToolHostLifecycle, PeersConvergeWhateverTheCausalOrder) {
    for (std::uint64_t seed : {11u, 12u, 13u, 14u, 15u}) {
        tests::FakeSpace space({kFixtures},
                               {sdk::Role::Manager, sdk::Role::Participant, sdk::Role::Participant},
                               seed);
        auto address = space.add_instance(kTally, "Scores", "1.0.0");
        std::uniform_int_distribution<int> peer_pick(0, 2), value_pick(-50, 50), deliveries(0, 4);
        for (int round = 0; round < 60; ++round) {
            add(space.host(peer_pick(space.rng())).model(address), value_pick(space.rng()));
            for (int i = deliveries(space.rng()); i > 0; --i) space.deliver_one();
        }
        space.deliver_all();
        auto digest0 = space.host(0).digest(address);
        ASSERT_TRUE(digest0.ok());
        for (std::size_t p = 1; p < space.size(); ++p) {
            EXPECT_EQ(*space.host(p).digest(address), *digest0) << "seed " << seed << " peer " << p;
            EXPECT_EQ(space.host(p).model(address)->property("count").toInt(), 60);
        }
    }
}

TEST(ToolHostLifecycle, DispatcherRunsWorkOnTheHostThread) {
    platform::HostThreadDispatcher dispatcher;
    std::atomic<bool> done = false;
    QThread* ran_on = nullptr;
    std::thread worker([&] {
        EXPECT_TRUE(dispatcher.run([&] { ran_on = QThread::currentThread(); }));
        done = true;
    });
    while (!done) QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    worker.join();
    EXPECT_EQ(ran_on, QThread::currentThread());
}

TEST(ToolHostLifecycle, DispatcherWithdrawsWorkTheHostThreadNeverStarted) {
    platform::HostThreadDispatcher dispatcher;
    std::atomic<bool> ran = false;
    bool answered = true;
    // The host thread is "busy" (not processing events) for longer than the timeout.
    std::thread worker(
        [&] { answered = dispatcher.run([&] { ran = true; }, std::chrono::milliseconds(50)); });
    worker.join();
    EXPECT_FALSE(answered);
    QCoreApplication::processEvents();  // the queued call arrives late and must not run
    EXPECT_FALSE(ran);
}
