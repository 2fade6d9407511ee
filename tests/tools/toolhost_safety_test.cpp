// The host against tools that could hurt it beyond throwing: libraries others could replace
// (loose file modes, another owner) are refused before any code runs, and a tool that crashes the
// whole process (a real segmentation fault, in a death test's child) starts disabled next time.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <toolhost/toolhost.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "fake_space.h"

using namespace grove;
using platform::ToolState;
namespace fs = std::filesystem;

namespace {

const fs::path kCrashingFixtures = GROVE_TEST_CRASHING_FIXTURE_DIR;
const char* kCrashing = "org.grove.test.crashing";

struct TempDir {
    fs::path path;
    TempDir() {
        std::string templ = (fs::temp_directory_path() / "grove-tool-safety-XXXXXX").string();
        path = ::mkdtemp(templ.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A copy of the crashing fixture (harmless unless GROVE_TEST_CRASH_IN is set) in
// <root>/tools/org.grove.test.crashing, with the modes the build gave it.
struct CopiedTool {
    TempDir root;
    fs::path search = root.path / "tools";
    fs::path directory = search / kCrashing;
    fs::path library;
    CopiedTool() {
        fs::create_directories(search);
        fs::copy(kCrashingFixtures / kCrashing, directory, fs::copy_options::recursive);
        for (const auto& entry : fs::directory_iterator(directory))
            if (entry.path().extension() == ".so") library = entry.path();
        ::chmod(search.c_str(), 0755);
        ::chmod(directory.c_str(), 0755);
        ::chmod(library.c_str(), 0755);
    }
    platform::ToolStatus scan() const {
        platform::ToolHost host({{search}});
        host.scan();
        auto status = host.tool(kCrashing);
        EXPECT_TRUE(status.has_value());
        return status.value_or(platform::ToolStatus{});
    }
};

void expect_refused(const platform::ToolStatus& status, const fs::path& culprit,
                    const std::string& why) {
    EXPECT_EQ(status.state, ToolState::Failed);
    EXPECT_NE(status.error.find(culprit.string() + " " + why), std::string::npos) << status.error;
    EXPECT_NE(status.error.find("refusing to load"), std::string::npos) << status.error;
}

// Whether the crash guard names no call in progress (it holds no busy record).
bool guard_is_idle(const std::string& text) {
    return text.rfind("grove-tool-crash-guard 1\n", 0) != 0;
}

platform::ToolHostOptions with_state(const fs::path& search, const fs::path& state) {
    platform::ToolHostOptions options;
    options.search_path = {search};
    options.state_directory = state;
    return options;
}

}  // namespace

TEST(ToolHostSafety, ToolWithTightModesLoads) {
    CopiedTool tool;
    auto status = tool.scan();
    EXPECT_EQ(status.state, ToolState::Running) << status.error;
}

TEST(ToolHostSafety, LibraryWritableByOthersIsRefused) {
    CopiedTool tool;
    for (mode_t loose : {0757, 0775, 0777}) {
        ::chmod(tool.library.c_str(), loose);
        expect_refused(tool.scan(), tool.library, "is writable by group or others");
    }
    ::chmod(tool.library.c_str(), 0755);
    auto status = tool.scan();
    EXPECT_EQ(status.state, ToolState::Running) << status.error;
}

TEST(ToolHostSafety, ToolDirectoryOrSearchDirectoryWritableByOthersIsRefused) {
    CopiedTool tool;
    ::chmod(tool.directory.c_str(), 0777);
    auto status = tool.scan();
    expect_refused(status, tool.directory, "is writable by group or others (mode 0777)");
    EXPECT_NE(status.error.find("chmod go-w " + tool.directory.string()), std::string::npos)
        << status.error;
    ::chmod(tool.directory.c_str(), 0755);

    // The directory above: anyone could rename the tool's directory and put another in its place.
    ::chmod(tool.search.c_str(), 0777);
    expect_refused(tool.scan(), tool.search, "is writable by group or others");
    // ...unless it is sticky, as /tmp is: then only the owner may rename what is in it.
    ::chmod(tool.search.c_str(), 01777);
    status = tool.scan();
    EXPECT_EQ(status.state, ToolState::Running) << status.error;
}

TEST(ToolHostSafety, LibraryOwnedByAnotherUserIsRefused) {
    if (::geteuid() != 0) GTEST_SKIP() << "giving a file to another user needs root";
    CopiedTool tool;
    ASSERT_EQ(::chown(tool.library.c_str(), 65534, 65534), 0);  // nobody
    expect_refused(tool.scan(), tool.library, "belongs to another user (uid 65534)");
    ASSERT_EQ(::chown(tool.library.c_str(), 0, 0), 0);
    ASSERT_EQ(::chown(tool.directory.c_str(), 65534, 65534), 0);
    expect_refused(tool.scan(), tool.directory, "belongs to another user");
}

// The child of the death test crashes inside the tool's apply; the parent then starts a new host
// on the same profile: the tool is disabled with the reason, everything else unchanged, and
// enabling it brings it and its instance back.
TEST(ToolHostCrashGuard, CrashInApplyDisablesTheToolAtTheNextStart) {
    GTEST_FLAG_SET(death_test_style, "fast");
    TempDir profile;
    tests::FakeSpace space({kCrashingFixtures}, {sdk::Role::Manager}, 5);
    space.peer(0).host =
        std::make_unique<platform::ToolHost>(with_state(kCrashingFixtures, profile.path));
    space.host(0).scan();
    ASSERT_EQ(space.host(0).tool(kCrashing)->state, ToolState::Running);
    auto address = space.add_instance(kCrashing, "Boom", "1.0.0");
    sdk::Operation op;
    op.id[0] = 1;
    op.lamport = 1;
    ASSERT_TRUE(space.host(0).apply(address, op).ok());  // harmless without the variable
    // Between calls the guard names nothing.
    EXPECT_TRUE(guard_is_idle(read_file(profile.path / "tool-crash-guard")));

    EXPECT_DEATH(
        {
            ::setenv("GROVE_TEST_CRASH_IN", "apply", 1);
            (void)space.host(0).apply(address, op);
        },
        "");
    const std::string guard = read_file(profile.path / "tool-crash-guard");
    EXPECT_FALSE(guard_is_idle(guard));
    EXPECT_NE(guard.find(std::string(kCrashing) + "\napply\n"), std::string::npos) << guard;

    // The next start.
    space.peer(0).host.reset();
    platform::ToolHost next(with_state(kCrashingFixtures, profile.path));
    next.scan();
    auto status = next.tool(kCrashing);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->state, ToolState::Failed);
    EXPECT_TRUE(status->disabled);
    EXPECT_NE(status->error.find("disabled: it crashed during apply on 20"), std::string::npos)
        << status->error;
    EXPECT_TRUE(guard_is_idle(read_file(profile.path / "tool-crash-guard")));  // reported once
    EXPECT_NE(read_file(profile.path / "tools-disabled").find(kCrashing), std::string::npos);
    // Its instances wait as placeholders that say why.
    platform::NewToolInstance again{address, kCrashing, "Boom", "1.0.0"};
    auto placeholder =
        next.add_instance(again, std::make_unique<tests::FakeBridge>(space, 0, address));
    ASSERT_TRUE(placeholder.ok());
    EXPECT_EQ(placeholder->state, platform::InstanceState::Placeholder);
    EXPECT_NE(placeholder->message.find("crashed during apply"), std::string::npos)
        << placeholder->message;
    ASSERT_TRUE(next.apply(address, op).ok());  // kept for replay

    {  // Still disabled at a start after that: the list is in the profile.
        platform::ToolHost later(with_state(kCrashingFixtures, profile.path));
        later.scan();
        EXPECT_TRUE(later.tool(kCrashing)->disabled);
    }

    auto started = next.enable(kCrashing);
    ASSERT_TRUE(started.ok()) << started.error().message;
    ASSERT_EQ(started->size(), 1u);
    EXPECT_EQ(started->front(), address);
    EXPECT_EQ(next.tool(kCrashing)->state, ToolState::Running);
    EXPECT_FALSE(next.tool(kCrashing)->disabled);
    EXPECT_EQ(next.instance(address)->state, platform::InstanceState::Running);
    EXPECT_EQ((*next.digest(address))[0], 1);  // the kept operation was replayed
    EXPECT_EQ(next.enable(kCrashing).error().code, ErrorCode::NotFound);
    platform::ToolHost after_enable(with_state(kCrashingFixtures, profile.path));
    after_enable.scan();
    EXPECT_EQ(after_enable.tool(kCrashing)->state, ToolState::Running);
}

TEST(ToolHostCrashGuard, CrashInTheConstructorDisablesTheToolAtTheNextStart) {
    GTEST_FLAG_SET(death_test_style, "fast");
    TempDir profile;
    EXPECT_DEATH(
        {
            ::setenv("GROVE_TEST_CRASH_IN", "constructor", 1);
            platform::ToolHost host(with_state(kCrashingFixtures, profile.path));
            host.scan();
        },
        "");
    platform::ToolHost next(with_state(kCrashingFixtures, profile.path));
    next.scan();
    auto status = next.tool(kCrashing);
    ASSERT_TRUE(status.has_value());
    EXPECT_TRUE(status->disabled);
    EXPECT_NE(status->error.find("crashed during its constructor on 20"), std::string::npos)
        << status->error;
}

TEST(ToolHostCrashGuard, RecordFromAnotherBootIsNotACrash) {
    TempDir profile;
    // What a machine that lost power inside a tool leaves behind: another boot id.
    std::ofstream(profile.path / "tool-crash-guard") << "grove-tool-crash-guard 1\n"
                                                     << kCrashing << "\napply\n1765000000000\n"
                                                     << "00000000-0000-0000-0000-000000000000\n";
    platform::ToolHost host(with_state(kCrashingFixtures, profile.path));
    host.scan();
    EXPECT_EQ(host.tool(kCrashing)->state, ToolState::Running) << host.tool(kCrashing)->error;
    EXPECT_FALSE(fs::exists(profile.path / "tools-disabled"));
}
