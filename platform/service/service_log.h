// Log lines on stderr with a severity: "<program>: <level>: <message>" for a terminal, and with the
// syslog priority prefix ("<3>") journald reads when stderr is the journal, so levels filter there.
#pragma once

#include <string>
#include <string_view>

namespace grove::service {

enum class Severity { error, warning, notice, info, debug };

// Whether stderr is connected to journald (JOURNAL_STREAM names stderr's device and inode).
bool stderr_is_journal();

// The line log() writes, without the trailing newline; `journal` adds the priority prefix.
std::string format_log_line(Severity severity, std::string_view program, std::string_view message,
                            bool journal);

// Writes one line to stderr (and flushes), prefixed for journald when stderr_is_journal().
void log(Severity severity, std::string_view program, std::string_view message);

}  // namespace grove::service
