#include "toolhost/notificationledger.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace grove::platform {
namespace fs = std::filesystem;
namespace {

bool one_line(const std::string& text) {
    return text.find_first_of("\r\n") == std::string::npos;
}

Error write_error(const fs::path& file, const char* what) {
    return make_error(ErrorCode::Internal, std::string("cannot ") + what + " " + file.string() +
                                               ": " + std::strerror(errno));
}

}  // namespace

NotificationLedger::NotificationLedger(fs::path file) : file_(std::move(file)) {
    std::ifstream in(file_);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string space_hex, instance_hex, keep_text, key_hex;
        if (!(fields >> space_hex >> instance_hex >> keep_text >> key_hex)) continue;
        sdk::SpaceId space{};
        sdk::InstanceId instance{};
        std::vector<std::uint8_t> key(key_hex.size() / 2);
        if (!sdk::from_hex(space_hex, space) || !sdk::from_hex(instance_hex, instance) ||
            key.empty() || key.size() > sdk::kMaxNotificationKey ||
            !sdk::from_hex(key_hex, std::span<std::uint8_t>(key)))
            continue;
        std::int64_t keep = 0;
        try {
            keep = std::stoll(keep_text);
        } catch (...) {
            continue;
        }
        entries_[{space, instance, std::string(key.begin(), key.end())}] = keep;
    }
}

Result<void> NotificationLedger::check(const sdk::Notification& n) {
    if (n.key.empty()) return make_error(ErrorCode::InvalidArgument, "a notification needs a key");
    if (n.key.size() > sdk::kMaxNotificationKey || !one_line(n.key))
        return make_error(ErrorCode::InvalidArgument,
                          "a notification key is one line of at most " +
                              std::to_string(sdk::kMaxNotificationKey) + " bytes");
    if (n.title.empty() || n.title.size() > sdk::kMaxNotificationTitle || !one_line(n.title))
        return make_error(ErrorCode::InvalidArgument,
                          "a notification title is one line of 1 to " +
                              std::to_string(sdk::kMaxNotificationTitle) + " bytes");
    if (n.body.size() > sdk::kMaxNotificationBody)
        return make_error(ErrorCode::InvalidArgument,
                          "a notification body is at most " +
                              std::to_string(sdk::kMaxNotificationBody) + " bytes");
    return {};
}

Result<bool> NotificationLedger::record(const InstanceAddress& address,
                                        const sdk::Notification& notification,
                                        std::int64_t now_ms) {
    GROVE_TRY(check(notification));
    const Key key{address.space, address.instance, notification.key};
    auto known = entries_.find(key);
    if (known != entries_.end() && known->second >= now_ms) return false;
    auto next = entries_;
    for (auto it = next.begin(); it != next.end();)
        it = it->second < now_ms ? next.erase(it) : std::next(it);
    next[key] = notification.keep_until_ms > 0 ? notification.keep_until_ms
                                               : now_ms + kDefaultKeepMs;
    while (next.size() > kMaxEntries) {
        auto shortest = next.begin();
        for (auto it = next.begin(); it != next.end(); ++it)
            if (it->second < shortest->second) shortest = it;
        next.erase(shortest);
    }
    GROVE_TRY(save(next));
    entries_ = std::move(next);
    return true;
}

Result<void> NotificationLedger::save(const std::map<Key, std::int64_t>& entries) const {
    if (file_.empty()) return {};
    std::string text;
    for (const auto& [key, keep] : entries) {
        const auto& [space, instance, name] = key;
        text += sdk::to_hex(space) + " " + sdk::to_hex(instance) + " " + std::to_string(keep) +
                " " + sdk::to_hex(sdk::as_bytes(name)) + "\n";
    }
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
    return {};
}

}  // namespace grove::platform
