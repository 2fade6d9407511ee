#include "toolhost/crashguard.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <utility>

namespace grove::platform {
namespace {

constexpr std::string_view kHeader = "grove-tool-crash-guard 1\n";
constexpr std::size_t kMaxRecord = 4096;

std::string current_boot_id() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return id;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// One field per line, so names must not break lines.
std::string one_line(std::string_view text) {
    std::string out(text.substr(0, 256));
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

// The record of a previous process, or nullopt when the file is empty or not a record.
std::optional<std::pair<CrashGuard::Crash, std::string>> parse(const std::string& text) {
    if (text.rfind(kHeader, 0) != 0) return std::nullopt;
    std::istringstream in(text.substr(kHeader.size()));
    CrashGuard::Crash crash;
    std::string since, boot;
    if (!std::getline(in, crash.tool_id) || !std::getline(in, crash.stage) ||
        !std::getline(in, since) || !std::getline(in, boot))
        return std::nullopt;
    auto [end, ec] = std::from_chars(since.data(), since.data() + since.size(), crash.since_ms);
    if (ec != std::errc() || crash.tool_id.empty()) return std::nullopt;
    return std::pair{std::move(crash), std::move(boot)};
}

}  // namespace

CrashGuard::CrashGuard(std::filesystem::path file) : boot_id_(current_boot_id()) {
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0) {
        std::cerr << "grove: cannot open the tool crash guard " << file.string()
                  << ": tools that crash Grove will not be recognised\n";
        return;
    }
    ::fchmod(fd_, 0600);
    std::string text(kMaxRecord, '\0');
    const ssize_t n = ::pread(fd_, text.data(), text.size(), 0);
    text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    if (auto record = parse(text)) {
        // Another boot: the machine went down while a tool ran; the tool is not to blame.
        if (record->second == boot_id_ || record->second.empty() || boot_id_.empty())
            previous_ = std::move(record->first);
    }
    // Cleared: the crash is reported once (the host records it as a disabled tool).
    file_size_ = ::ftruncate(fd_, 0) == 0 ? 0 : text.size();
}

CrashGuard::~CrashGuard() {
    if (fd_ >= 0) ::close(fd_);
}

CrashGuard::Scope CrashGuard::enter(std::string_view tool_id, std::string_view stage) {
    if (fd_ < 0) return Scope(nullptr);
    std::string record(kHeader);
    record += one_line(tool_id) + "\n" + one_line(stage) + "\n" + std::to_string(now_ms()) + "\n" +
              boot_id_ + "\n";
    std::lock_guard lock(mutex_);
    records_.push_back(record);
    write_record(record);
    return Scope(this);
}

void CrashGuard::leave() {
    std::lock_guard lock(mutex_);
    if (!records_.empty()) records_.pop_back();
    write_record(records_.empty() ? std::string() : records_.back());
}

void CrashGuard::write_record(const std::string& record) {
    // Written whole at offset 0, then cut to its length when it was longer before: one write
    // when entering from idle, one truncation when leaving.
    if (!record.empty() &&
        ::pwrite(fd_, record.data(), record.size(), 0) != static_cast<ssize_t>(record.size()))
        return;
    if (file_size_ > record.size() && ::ftruncate(fd_, static_cast<off_t>(record.size())) != 0)
        return;
    file_size_ = record.size();
}

CrashGuard::Scope::~Scope() {
    if (guard_) guard_->leave();
}

}  // namespace grove::platform
