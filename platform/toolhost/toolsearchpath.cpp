#include "toolhost/toolsearchpath.h"

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <cstdlib>
#include <system_error>

namespace grove::platform {
namespace fs = std::filesystem;

std::vector<fs::path> ToolSearchPath::split(std::string_view list) {
    std::vector<fs::path> out;
    while (!list.empty()) {
        auto colon = list.find(':');
        std::string_view entry = list.substr(0, colon);
        if (!entry.empty()) out.emplace_back(std::string(entry));
        if (colon == std::string_view::npos) break;
        list.remove_prefix(colon + 1);
    }
    return out;
}

fs::path ToolSearchPath::user_directory() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return fs::path(xdg) / "grove" / "tools";
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".local" / "share" / "grove" / "tools";
    return {};
}

static fs::path executable_directory() {
    std::error_code ec;
    fs::path exe = boost::dll::program_location(ec);
    if (ec) return {};
    return exe.parent_path();
}

std::vector<fs::path> ToolSearchPath::builtin_directories() {
    std::vector<fs::path> out;
    fs::path exe_dir = executable_directory();
    if (exe_dir.empty()) return out;
    out.push_back(
        (exe_dir / ".." / GROVE_TOOL_INSTALL_LIBDIR / "grove" / "tools").lexically_normal());
    fs::path plain = (exe_dir / ".." / "lib" / "grove" / "tools").lexically_normal();
    if (plain != out.front()) out.push_back(plain);
    return out;
}

std::vector<fs::path> ToolSearchPath::standard() {
    std::vector<fs::path> out;
    if (const char* env = std::getenv("GROVE_TOOL_PATH")) out = split(env);
    if (fs::path user = user_directory(); !user.empty()) out.push_back(user);
    for (auto& dir : builtin_directories()) out.push_back(dir);
    // Running from the build tree: its tools are in the build's tool output directory.
    fs::path build_dir = GROVE_BUILD_DIRECTORY;
    fs::path exe_dir = executable_directory();
    auto rel = exe_dir.lexically_relative(build_dir);
    if (!exe_dir.empty() && !rel.empty() && *rel.begin() != "..")
        out.push_back(GROVE_BUILD_TOOL_DIRECTORY);
    std::vector<fs::path> unique;
    for (auto& dir : out) {
        fs::path normal = dir.lexically_normal();
        if (std::find(unique.begin(), unique.end(), normal) == unique.end())
            unique.push_back(normal);
    }
    return unique;
}

}  // namespace grove::platform
