// CrashGuard: a small file in the profile naming the tool the host is calling into, written before
// each call and marked idle after, so that a tool that took the process down is known at next
// start.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grove::platform {

class CrashGuard {
public:
    // What the previous process was doing when it died.
    struct Crash {
        std::string tool_id;
        std::string stage;  // "loading", "its constructor", "apply", …
        std::int64_t since_ms = 0;
    };

    // Guards nothing (a host without a profile, as in tests).
    CrashGuard() = default;
    // Opens (creating, mode 0600) `file`. What it held is read first: see previous().
    explicit CrashGuard(std::filesystem::path file);
    ~CrashGuard();
    CrashGuard(const CrashGuard&) = delete;
    CrashGuard& operator=(const CrashGuard&) = delete;

    // The call the previous process never returned from, if any. A record written before the
    // machine restarted (another boot id) is not a crash of the tool and is ignored.
    const std::optional<Crash>& previous() const { return previous_; }

    // Marks the calling thread as inside `tool_id`'s code at `stage` until the Scope ends.
    // Scopes nest (the outer record is restored). The file is one page mapped shared, so a
    // record is a memory store (no system call): it lives in the kernel's page cache, which
    // survives the process crashing (it is only lost with the machine, and then the boot id
    // tells).
    class Scope {
    public:
        Scope(Scope&& other) noexcept : guard_(std::exchange(other.guard_, nullptr)) {}
        Scope& operator=(Scope&&) = delete;
        ~Scope();

    private:
        friend class CrashGuard;
        explicit Scope(CrashGuard* guard) : guard_(guard) {}
        CrashGuard* guard_;
    };
    [[nodiscard]] Scope enter(std::string_view tool_id, std::string_view stage);

private:
    void leave();
    void write_record(const std::string& record);

    char* page_ = nullptr;  // the mapped file, kMaxRecord bytes
    std::string boot_id_;
    std::optional<Crash> previous_;
    std::mutex mutex_;
    std::vector<std::string> records_;  // innermost last
};

}  // namespace grove::platform
