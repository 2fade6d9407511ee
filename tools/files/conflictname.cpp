#include "conflictname.h"

#include <ctime>

namespace grove::tools::files {
namespace {

// Splits "report.docx" into ("report", ".docx"); a leading dot is not an extension.
std::pair<std::string_view, std::string_view> split_extension(std::string_view name) {
    std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return {name, {}};
    return {name.substr(0, dot), name.substr(dot)};
}

}  // namespace

Result<void> check_name(std::string_view name) {
    if (name.empty()) return make_error(ErrorCode::InvalidArgument, "a name cannot be empty");
    if (name.size() > kMaxNameBytes)
        return make_error(ErrorCode::InvalidArgument, "a name is at most 255 bytes");
    if (name == "." || name == "..")
        return make_error(ErrorCode::InvalidArgument, "'.' and '..' are not names");
    if (name.find('/') != std::string_view::npos || name.find('\0') != std::string_view::npos)
        return make_error(ErrorCode::InvalidArgument, "a name cannot contain '/'");
    return {};
}

std::string conflict_copy_name(std::string_view name, std::string_view author,
                               std::int64_t wall_time_ms) {
    std::time_t seconds = static_cast<std::time_t>(wall_time_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H.%M", &utc);
    auto [stem, extension] = split_extension(name);
    std::string who = author.empty() ? std::string("someone") : std::string(author);
    std::string out = std::string(stem) + " (" + who + "'s conflicted copy " + when + ")" +
                      std::string(extension);
    if (out.size() > kMaxNameBytes) out = out.substr(out.size() - kMaxNameBytes);
    return out;
}

std::string numbered_name(std::string_view name, int n) {
    auto [stem, extension] = split_extension(name);
    return std::string(stem) + " (" + std::to_string(n) + ")" + std::string(extension);
}

}  // namespace grove::tools::files
