// The permission check a tool's files pass before any of its code is loaded: as OpenSSH refuses a
// key file that others may write, the host refuses a library that anyone but its owner could swap.
#pragma once

#include <grove/sdk/result.h>

#include <filesystem>

namespace grove::platform {

// OK when `library`, the directory holding it (after resolving symbolic links), the directory
// holding that one, and `tool_directory` (where the manifest was found) are each owned by root or
// by the user running Grove, and none is writable by group or others — except that a parent
// directory with the sticky bit (as /tmp) may be. Otherwise PermissionDenied naming the path, the
// problem and the fix.
Result<void> check_tool_file_modes(const std::filesystem::path& library,
                                   const std::filesystem::path& tool_directory);

}  // namespace grove::platform
