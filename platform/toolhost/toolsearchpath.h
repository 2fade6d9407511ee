// ToolSearchPath: where the host looks for tools — GROVE_TOOL_PATH, the user's tool directory,
// the built-in directory next to the executable and, when running from a build tree, its output.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

namespace grove::platform {

class ToolSearchPath {
public:
    // Highest priority first: each GROVE_TOOL_PATH entry (':'-separated), the user directory,
    // the built-in directory(ies), the build tree's tool directory when the executable is in it.
    static std::vector<std::filesystem::path> standard();

    // $XDG_DATA_HOME/grove/tools, or ~/.local/share/grove/tools.
    static std::filesystem::path user_directory();
    // <executable dir>/../<libdir>/grove/tools.
    static std::vector<std::filesystem::path> builtin_directories();
    // The entries of a ':'-separated list, empty ones skipped.
    static std::vector<std::filesystem::path> split(std::string_view list);
};

}  // namespace grove::platform
