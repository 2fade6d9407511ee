// The host against real fixture plugins, good and broken: every broken one fails with its own
// clear error at the right lifecycle stage, and the good tool and its instances keep working.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QObject>
#include <QVariant>

#include "fake_space.h"

using namespace grove;
using platform::InstanceState;
using platform::ToolState;

namespace {

const std::filesystem::path kFixtures = GROVE_TEST_FIXTURE_DIR;
const std::filesystem::path kFixturesDup = GROVE_TEST_FIXTURE_DUP_DIR;

const platform::ToolStatus* by_directory(const std::vector<platform::ToolStatus>& tools,
                                         const std::filesystem::path& dir) {
    for (const auto& tool : tools)
        if (tool.directory == dir) return &tool;
    return nullptr;
}

void expect_failed(const std::vector<platform::ToolStatus>& tools, const std::filesystem::path& dir,
                   const std::string& fragment) {
    const auto* tool = by_directory(tools, dir);
    ASSERT_NE(tool, nullptr) << "no tool found in " << dir;
    EXPECT_EQ(tool->state, ToolState::Failed) << dir;
    EXPECT_NE(tool->error.find(fragment), std::string::npos)
        << dir << ": error '" << tool->error << "' lacks '" << fragment << "'";
}

}  // namespace

TEST(ToolHostFixtures, EachBrokenToolGetsItsOwnError) {
    platform::ToolHost host({{kFixtures, kFixturesDup}});
    host.scan();
    auto tools = host.tools();

    const auto* tally = by_directory(tools, kFixtures / "org.grove.test.tally");
    ASSERT_NE(tally, nullptr);
    EXPECT_EQ(tally->state, ToolState::Running) << tally->error;
    EXPECT_EQ(tally->manifest.name, "Tally");
    EXPECT_EQ(tally->manifest.version.to_string(), "1.2.0");
    EXPECT_TRUE(tally->error.empty());
    EXPECT_EQ(tally->manifest.description, "Adds up numbers (test fixture)");
    EXPECT_EQ(tally->manifest.publisher, "Grove tests");
    EXPECT_EQ(tally->manifest.icon, "tally.svg");
    EXPECT_TRUE(std::filesystem::is_regular_file(tally->directory / tally->manifest.icon));

    expect_failed(tools, kFixtures / "org.grove.test.brokenjson", "invalid manifest");
    expect_failed(tools, kFixtures / "org.grove.test.brokenjson", "not valid JSON");
    expect_failed(tools, kFixtures / "org.grove.test.newerabi", "built for SDK ABI 99, newer than");
    expect_failed(tools, kFixtures / "org.grove.test.lyingabi",
                  "loading failed: built for SDK ABI 7");
    expect_failed(tools, kFixtures / "org.grove.test.missingentry",
                  "missing entry point 'grove_tool_create'");
    expect_failed(
        tools, kFixtures / "org.grove.test.throwingconstructor",
        "starting failed: the tool's constructor threw: the fixture's constructor refuses to run");
    expect_failed(tools, kFixtures / "org.grove.test.newerqt",
                  "loading failed: Newer Qt was built with Qt 6.63.0, which this Grove (Qt 6.");
    expect_failed(tools, kFixtures / "org.grove.test.otherprotobuf",
                  "loading failed: Other protobuf was built with protobuf 3.12.4, but this Grove "
                  "runs protobuf 3.");
    expect_failed(
        tools, kFixturesDup / "org.grove.test.tally",
        "duplicate tool id org.grove.test.tally: " + (kFixtures / "org.grove.test.tally").string() +
            " (version 1.2.0) is used instead");

    // The newer-ABI tool was refused from its manifest: the stage says so (no "loading failed").
    const auto* newer = by_directory(tools, kFixtures / "org.grove.test.newerabi");
    ASSERT_NE(newer, nullptr);
    EXPECT_EQ(newer->error.find("loading failed"), std::string::npos) << newer->error;
    // The stage each failed at is kept apart from the text, and so is being a duplicate.
    const std::pair<const char*, ToolState> stages[] = {
        {"org.grove.test.brokenjson", ToolState::Read},
        {"org.grove.test.newerabi", ToolState::Resolved},
        {"org.grove.test.lyingabi", ToolState::Loaded},
        {"org.grove.test.newerqt", ToolState::Loaded},
        {"org.grove.test.throwingconstructor", ToolState::Running}};
    for (const auto& [id, stage] : stages) {
        const auto* tool = by_directory(tools, kFixtures / id);
        ASSERT_NE(tool, nullptr) << id;
        EXPECT_EQ(tool->failed_stage, stage) << id;
        EXPECT_FALSE(tool->duplicate) << id;
    }
    const auto* duplicate = by_directory(tools, kFixturesDup / "org.grove.test.tally");
    ASSERT_NE(duplicate, nullptr);
    EXPECT_TRUE(duplicate->duplicate);
    EXPECT_EQ(duplicate->failed_stage, ToolState::Resolved);

    // The tools that do start.
    for (const char* id : {"org.grove.test.throwinginstance", "org.grove.test.throwingapply"}) {
        const auto* tool = by_directory(tools, kFixtures / id);
        ASSERT_NE(tool, nullptr) << id;
        EXPECT_EQ(tool->state, ToolState::Running) << id << ": " << tool->error;
    }
}

TEST(ToolHostFixtures, DuplicateWithHigherVersionWinsWhateverTheOrder) {
    // The 1.1.0 duplicate comes first in the search path; 1.2.0 still wins.
    platform::ToolHost host({{kFixturesDup, kFixtures}});
    host.scan();
    auto tally = host.tool("org.grove.test.tally");
    ASSERT_TRUE(tally.has_value());
    EXPECT_EQ(tally->state, ToolState::Running);
    EXPECT_EQ(tally->manifest.version.to_string(), "1.2.0");
    expect_failed(host.tools(), kFixturesDup / "org.grove.test.tally", "duplicate tool id");
}

TEST(ToolHostFixtures, FailingInstancesAreIsolated) {
    tests::FakeSpace space({kFixtures, kFixturesDup}, {sdk::Role::Manager, sdk::Role::Participant},
                           7);
    auto tally = space.add_instance("org.grove.test.tally", "Scores", "1.0.0");
    auto ctor = space.add_instance("org.grove.test.throwinginstance", "Ctor", "1.0.0");
    auto apply = space.add_instance("org.grove.test.throwingapply", "Apply", "1.0.0");
    auto unloadable = space.add_instance("org.grove.test.missingentry", "Entry", "1.0.0");
    auto& host = space.host(0);

    auto ctor_status = host.instance(ctor);
    ASSERT_TRUE(ctor_status.has_value());
    EXPECT_EQ(ctor_status->state, InstanceState::Failed);
    EXPECT_NE(ctor_status->message.find("create_instance threw: create_instance exploded"),
              std::string::npos)
        << ctor_status->message;

    auto unloadable_status = host.instance(unloadable);
    ASSERT_TRUE(unloadable_status.has_value());
    EXPECT_EQ(unloadable_status->state, InstanceState::Placeholder);
    EXPECT_NE(unloadable_status->message.find("failed: loading failed: missing entry point"),
              std::string::npos)
        << unloadable_status->message;

    // Work on the good instance and the throwing one.
    QObject* model = host.model(tally);
    ASSERT_NE(model, nullptr);
    QString error;
    ASSERT_TRUE(
        QMetaObject::invokeMethod(model, "add", Q_RETURN_ARG(QString, error), Q_ARG(int, 5)));
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();

    sdk::Operation op;
    op.id[0] = 1;
    const std::string fine = "fine";
    op.payload = sdk::as_bytes(fine);
    op.lamport = 1;
    EXPECT_TRUE(host.apply(apply, op).ok());
    const std::string boom = "boom";
    op.id[0] = 2;
    op.payload = sdk::as_bytes(boom);
    auto exploded = host.apply(apply, op);
    ASSERT_FALSE(exploded.ok());
    EXPECT_EQ(exploded.error().code, ErrorCode::FailedPrecondition);
    auto apply_status = host.instance(apply);
    EXPECT_EQ(apply_status->state, InstanceState::Failed);
    EXPECT_NE(apply_status->message.find("apply threw: apply exploded on 'boom'"),
              std::string::npos)
        << apply_status->message;
    EXPECT_FALSE(host.digest(apply).ok());
    // Later operations to the failed instance are refused, not crashes.
    op.id[0] = 3;
    op.payload = sdk::as_bytes(fine);
    EXPECT_FALSE(host.apply(apply, op).ok());
    EXPECT_EQ(host.model(apply), nullptr);

    // The failure was logged through the bridge with its reason.
    bool logged = false;
    for (const auto& line : space.peer(0).log)
        logged |= line.find("apply exploded") != std::string::npos;
    EXPECT_TRUE(logged);

    // The good instance keeps working, on every peer.
    ASSERT_TRUE(
        QMetaObject::invokeMethod(model, "add", Q_RETURN_ARG(QString, error), Q_ARG(int, 7)));
    EXPECT_EQ(model->property("total").toInt(), 12);
    space.deliver_all();
    EXPECT_EQ(space.host(1).model(tally)->property("total").toInt(), 12);
    EXPECT_EQ(*space.host(0).digest(tally), *space.host(1).digest(tally));
}

TEST(ToolHostFixtures, ViewUrlComesFromTheManifest) {
    tests::FakeSpace space({kFixtures}, {sdk::Role::Manager}, 3);
    auto tally = space.add_instance("org.grove.test.tally", "Scores", "1.2.0");
    auto url = space.host(0).view_url(tally);
    ASSERT_TRUE(url.ok()) << url.error().message;
    EXPECT_EQ(*url, "qrc:/org/grove/test/tally/TallyView.qml");
    EXPECT_FALSE(space.host(0).view_url(tally, "nope").ok());
}
