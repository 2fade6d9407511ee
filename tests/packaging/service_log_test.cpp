// Log lines for journald: the priority prefix appears exactly when stderr is the journal stream,
// each level maps to its syslog priority, and a message cannot start a second record.
#include "service/service_log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <string>

namespace grove::service {
namespace {

TEST(ServiceLog, TerminalLinesCarryTheLevelWord) {
    EXPECT_EQ(format_log_line(Severity::error, "groved", "disk full", false),
              "groved: error: disk full");
    EXPECT_EQ(format_log_line(Severity::warning, "grove-relay", "x", false),
              "grove-relay: warning: x");
    EXPECT_EQ(format_log_line(Severity::info, "groved", "listening", false), "groved: listening");
}

TEST(ServiceLog, JournalLinesCarryTheSyslogPriority) {
    EXPECT_EQ(format_log_line(Severity::error, "groved", "m", true), "<3>groved: error: m");
    EXPECT_EQ(format_log_line(Severity::warning, "groved", "m", true), "<4>groved: warning: m");
    EXPECT_EQ(format_log_line(Severity::notice, "groved", "m", true), "<5>groved: m");
    EXPECT_EQ(format_log_line(Severity::info, "groved", "m", true), "<6>groved: m");
    EXPECT_EQ(format_log_line(Severity::debug, "groved", "m", true), "<7>groved: debug: m");
}

TEST(ServiceLog, AMessageNewlineCannotForgeARecord) {
    // "<0>" at the start of a second line would be an emergency-level record of its own.
    EXPECT_EQ(format_log_line(Severity::info, "groved", "a\n<0>forged\r", true),
              "<6>groved: a <0>forged ");
}

TEST(ServiceLog, StderrIsTheJournalOnlyWhenJournalStreamNamesIt) {
    struct stat st {};
    ASSERT_EQ(fstat(2, &st), 0);
    const std::string mine = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    const char* saved = std::getenv("JOURNAL_STREAM");
    const std::string restore = saved ? saved : "";

    ::unsetenv("JOURNAL_STREAM");
    EXPECT_FALSE(stderr_is_journal());
    ::setenv("JOURNAL_STREAM", mine.c_str(), 1);
    EXPECT_TRUE(stderr_is_journal());
    // A child whose stderr was redirected inherits the variable but not the stream.
    const std::string other = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1);
    ::setenv("JOURNAL_STREAM", other.c_str(), 1);
    EXPECT_FALSE(stderr_is_journal());
    ::setenv("JOURNAL_STREAM", "garbage", 1);
    EXPECT_FALSE(stderr_is_journal());

    if (saved)
        ::setenv("JOURNAL_STREAM", restore.c_str(), 1);
    else
        ::unsetenv("JOURNAL_STREAM");
}

}  // namespace
}  // namespace grove::service
