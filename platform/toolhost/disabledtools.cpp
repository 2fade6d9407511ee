#include "toolhost/disabledtools.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace grove::platform {
namespace fs = std::filesystem;
namespace {

std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return text;
}

Error write_error(const fs::path& file, const char* what) {
    return make_error(ErrorCode::Internal, std::string("cannot ") + what + " " + file.string() +
                                               ": " + std::strerror(errno));
}

}  // namespace

DisabledTools::DisabledTools(fs::path file) : file_(std::move(file)) {
    std::ifstream in(file_);
    std::string line;
    while (std::getline(in, line)) {
        const auto tab = line.find('\t');
        if (tab == 0 || tab == std::string::npos) continue;
        tools_[line.substr(0, tab)] = line.substr(tab + 1);
    }
}

std::optional<std::string> DisabledTools::reason(std::string_view tool_id) const {
    auto it = tools_.find(tool_id);
    if (it == tools_.end()) return std::nullopt;
    return it->second;
}

Result<void> DisabledTools::disable(const std::string& tool_id, const std::string& reason) {
    auto next = tools_;
    next[one_line(tool_id)] = one_line(reason);
    GROVE_TRY(save(next));
    tools_ = std::move(next);
    return {};
}

Result<void> DisabledTools::enable(std::string_view tool_id) {
    auto next = tools_;
    auto it = next.find(tool_id);
    if (it == next.end())
        return make_error(ErrorCode::NotFound, "tool " + std::string(tool_id) + " is not disabled");
    next.erase(it);
    GROVE_TRY(save(next));
    tools_ = std::move(next);
    return {};
}

Result<void> DisabledTools::save(
    const std::map<std::string, std::string, std::less<>>& tools) const {
    if (file_.empty()) return {};
    std::string text;
    for (const auto& [id, why] : tools) text += id + "\t" + why + "\n";
    const fs::path temporary = file_.string() + ".new";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return write_error(temporary, "create");
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    const bool synced = written && ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) {
        auto error = write_error(temporary, "write");
        ::unlink(temporary.c_str());
        return error;
    }
    if (::rename(temporary.c_str(), file_.c_str()) != 0) {
        auto error = write_error(file_, "replace");
        ::unlink(temporary.c_str());
        return error;
    }
    if (const int dir = ::open(file_.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

}  // namespace grove::platform
