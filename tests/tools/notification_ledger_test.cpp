// NotificationLedger: a key is shown once per instance until its keep-until time, across a
// restart (the file in the profile); bad notifications are refused with the rule they break; an
// unreadable or damaged file loses only what it cannot read.
#include <gtest/gtest.h>
#include <toolhost/notificationledger.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace grove;
using grove::platform::InstanceAddress;
using grove::platform::NotificationLedger;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("grove-ledger-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

InstanceAddress address(std::uint8_t space, std::uint8_t instance) {
    InstanceAddress a;
    a.space.fill(space);
    a.instance.fill(instance);
    return a;
}

sdk::Notification note(std::string key, std::int64_t keep_until = 0) {
    return {std::move(key), "Review", "In 10 minutes", keep_until};
}

}  // namespace

TEST(NotificationLedger, AKeyIsShownOncePerInstanceAcrossARestart) {
    TempDir dir;
    const fs::path file = dir.path / "tool-notifications";
    {
        NotificationLedger ledger(file);
        EXPECT_TRUE(*ledger.record(address(1, 1), note("reminder/a/once/10"), 1000));
        EXPECT_FALSE(*ledger.record(address(1, 1), note("reminder/a/once/10"), 2000));
        // Another instance, or another space, has keys of its own.
        EXPECT_TRUE(*ledger.record(address(1, 2), note("reminder/a/once/10"), 2000));
        EXPECT_TRUE(*ledger.record(address(2, 1), note("reminder/a/once/10"), 2000));
        // Keys may hold any bytes but line ends (kept as hex in the file).
        EXPECT_TRUE(*ledger.record(address(1, 1), note("key with spaces/ünïcode"), 2000));
    }
    NotificationLedger again(file);
    EXPECT_EQ(again.size(), 4u);
    EXPECT_FALSE(*again.record(address(1, 1), note("reminder/a/once/10"), 3000));
    EXPECT_FALSE(*again.record(address(1, 1), note("key with spaces/ünïcode"), 3000));
    EXPECT_TRUE(*again.record(address(1, 1), note("reminder/b/once/10"), 3000));
}

TEST(NotificationLedger, AKeyPastItsKeepUntilTimeIsForgotten) {
    NotificationLedger ledger;  // in memory
    EXPECT_TRUE(*ledger.record(address(1, 1), note("k", 5000), 1000));
    EXPECT_FALSE(*ledger.record(address(1, 1), note("k", 5000), 5000));
    EXPECT_TRUE(*ledger.record(address(1, 1), note("k", 9000), 5001));
    // Without a keep-until time a key is kept a week.
    EXPECT_TRUE(*ledger.record(address(1, 1), note("w"), 0));
    EXPECT_FALSE(*ledger.record(address(1, 1), note("w"), NotificationLedger::kDefaultKeepMs));
    EXPECT_TRUE(*ledger.record(address(1, 1), note("w"), NotificationLedger::kDefaultKeepMs + 1));
}

TEST(NotificationLedger, BadNotificationsAreRefusedWithTheRuleTheyBreak) {
    NotificationLedger ledger;
    struct Case {
        sdk::Notification notification;
        const char* expected;
    };
    const Case cases[] = {
        {{"", "t", "b", 0}, "needs a key"},
        {{std::string(sdk::kMaxNotificationKey + 1, 'k'), "t", "b", 0}, "key is one line"},
        {{"a\nb", "t", "b", 0}, "key is one line"},
        {{"k", "", "b", 0}, "title is one line"},
        {{"k", "two\nlines", "b", 0}, "title is one line"},
        {{"k", std::string(sdk::kMaxNotificationTitle + 1, 't'), "b", 0}, "title is one line"},
        {{"k", "t", std::string(sdk::kMaxNotificationBody + 1, 'b'), 0}, "body is at most"},
    };
    for (const Case& c : cases) {
        auto recorded = ledger.record(address(1, 1), c.notification, 1000);
        ASSERT_FALSE(recorded.ok()) << c.expected;
        EXPECT_EQ(recorded.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(recorded.error().message.find(c.expected), std::string::npos)
            << recorded.error().message;
    }
    EXPECT_EQ(ledger.size(), 0u);
}

TEST(NotificationLedger, ADamagedFileKeepsWhatItCanReadAndAWriteErrorChangesNothing) {
    TempDir dir;
    const fs::path file = dir.path / "tool-notifications";
    {
        NotificationLedger ledger(file);
        ASSERT_TRUE(*ledger.record(address(1, 1), note("kept", 10'000), 1000));
    }
    {
        std::ofstream out(file, std::ios::app);
        out << "not a line\n"
            << std::string(64, 'z') << " " << std::string(64, '0') << " 99 6b\n"  // bad hex
            << std::string(64, '0') << " " << std::string(64, '0') << " soon 6b\n";
    }
    NotificationLedger read(file);
    EXPECT_EQ(read.size(), 1u);
    EXPECT_FALSE(*read.record(address(1, 1), note("kept", 10'000), 2000));

    // The directory gone: the write fails, the key is not taken as shown.
    fs::remove_all(dir.path);
    auto failed = read.record(address(1, 1), note("new", 10'000), 2000);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::Internal);
    EXPECT_EQ(read.size(), 1u);
    fs::create_directories(dir.path);
    EXPECT_TRUE(*read.record(address(1, 1), note("new", 10'000), 2000));
}
