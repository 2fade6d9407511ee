#include "service/service_log.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace grove::service {
namespace {

// syslog(3) priorities, as sd-daemon.h's SD_ERR … SD_DEBUG.
int priority(Severity severity) {
    switch (severity) {
        case Severity::error:
            return 3;
        case Severity::warning:
            return 4;
        case Severity::notice:
            return 5;
        case Severity::info:
            return 6;
        case Severity::debug:
            return 7;
    }
    return 6;
}

std::string_view label(Severity severity) {
    switch (severity) {
        case Severity::error:
            return "error: ";
        case Severity::warning:
            return "warning: ";
        case Severity::notice:
        case Severity::info:
            return "";
        case Severity::debug:
            return "debug: ";
    }
    return "";
}

}  // namespace

bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (!stream || !*stream) return false;
    unsigned long long device = 0, inode = 0;
    if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
    struct stat st {};
    if (fstat(2, &st) != 0) return false;
    return static_cast<unsigned long long>(st.st_dev) == device &&
           static_cast<unsigned long long>(st.st_ino) == inode;
}

std::string format_log_line(Severity severity, std::string_view program, std::string_view message,
                            bool journal) {
    std::string line;
    if (journal) line += "<" + std::to_string(priority(severity)) + ">";
    line += program;
    line += ": ";
    line += label(severity);
    // One record per line: a message's own newlines would start records without a priority.
    for (char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;
    return line;
}

void log(Severity severity, std::string_view program, std::string_view message) {
    static const bool journal = stderr_is_journal();
    std::string line = format_log_line(severity, program, message, journal);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

}  // namespace grove::service
