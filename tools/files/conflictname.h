// Names for the Files tool that every device computes alike: the name of a conflict copy (after
// its author and time, in UTC), numbered names for items that share a name in one folder, and
// the rules a name must meet.
#pragma once

#include <grove/sdk/result.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace grove::tools::files {

inline constexpr std::size_t kMaxNameBytes = 255;

// InvalidArgument unless `name` is 1..255 bytes of valid text with no '/' or NUL and is not "."
// or "..".
Result<void> check_name(std::string_view name);

// "report (Bob's conflicted copy 2026-12-07 14.03).docx" — the time is the version's wall time
// in UTC, so the name is the same on every device.
std::string conflict_copy_name(std::string_view name, std::string_view author,
                               std::int64_t wall_time_ms);

// "report (2).docx" for n = 2: the second item of that name in a folder.
std::string numbered_name(std::string_view name, int n);

}  // namespace grove::tools::files
