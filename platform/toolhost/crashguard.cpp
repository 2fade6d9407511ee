#include "toolhost/crashguard.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <utility>

namespace grove::platform {
namespace {

// A record starts with kBusy; leaving overwrites that line with kIdle (same length). The file is
// one page, mapped shared: a record is a store into the page cache, which outlives the process
// (measured on ext4: ftruncate per call ~28 µs, two pwrite ~7 µs, the mapping well under 1 µs).
constexpr std::string_view kBusy = "grove-tool-crash-guard 1\n";
constexpr std::string_view kIdle = "grove-tool-crash-guard 0\n";
static_assert(kBusy.size() == kIdle.size());
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
    if (text.rfind(kBusy, 0) != 0) return std::nullopt;
    std::istringstream in(text.substr(kBusy.size()));
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
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        std::cerr << "grove: cannot open the tool crash guard " << file.string()
                  << ": tools that crash Grove will not be recognised\n";
        return;
    }
    ::fchmod(fd, 0600);
    std::string text(kMaxRecord, '\0');
    const ssize_t n = ::pread(fd, text.data(), text.size(), 0);
    text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    if (auto record = parse(text)) {
        // Another boot: the machine went down while a tool ran; the tool is not to blame.
        if (record->second == boot_id_ || record->second.empty() || boot_id_.empty())
            previous_ = std::move(record->first);
    }
    // Cleared (the crash is reported once: the host records it as a disabled tool), then one
    // zeroed page, mapped.
    void* page = MAP_FAILED;
    if (::ftruncate(fd, 0) == 0 && ::ftruncate(fd, kMaxRecord) == 0)
        page = ::mmap(nullptr, kMaxRecord, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ::close(fd);
    if (page == MAP_FAILED) {
        std::cerr << "grove: cannot map the tool crash guard " << file.string()
                  << ": tools that crash Grove will not be recognised\n";
        return;
    }
    page_ = static_cast<char*>(page);
}

CrashGuard::~CrashGuard() {
    if (page_) ::munmap(page_, kMaxRecord);
}

CrashGuard::Scope CrashGuard::enter(std::string_view tool_id, std::string_view stage) {
    if (!page_) return Scope(nullptr);
    std::string record(kBusy);
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
    if (records_.empty())
        std::memcpy(page_, kIdle.data(), kIdle.size());
    else
        write_record(records_.back());
}

void CrashGuard::write_record(const std::string& record) {
    // Whole, at the start of the page (fields are at most 256 bytes each: it fits). Bytes of a
    // longer earlier record may follow: the reader stops after the record's fields.
    std::memcpy(page_, record.data(), std::min(record.size(), kMaxRecord));
}

CrashGuard::Scope::~Scope() {
    if (guard_) guard_->leave();
}

}  // namespace grove::platform
