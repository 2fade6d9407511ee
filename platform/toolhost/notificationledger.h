// NotificationLedger: the notifications this device has shown, per tool instance and key, kept in
// a small file in the profile until each one's keep-until time, so a key is shown only once.
#pragma once

#include <grove/sdk/notification.h>
#include <grove/sdk/result.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <tuple>

#include "toolhost/instanceaddress.h"

namespace grove::platform {

class NotificationLedger {
public:
    // At most this many keys are remembered; past it the ones kept the shortest are forgotten.
    static constexpr std::size_t kMaxEntries = 20'000;
    static constexpr std::int64_t kDefaultKeepMs = 7LL * 24 * 3600 * 1000;

    // Remembers nothing across restarts (a host without a profile).
    NotificationLedger() = default;
    // Reads `file` ("<space hex> <instance hex> <keep until ms> <key hex>" per line); a missing
    // or partly unreadable file keeps what it can read.
    explicit NotificationLedger(std::filesystem::path file);

    // InvalidArgument when the notification breaks the SDK's limits (empty or over-long key,
    // title or body; a key, or a title, spanning lines).
    static Result<void> check(const sdk::Notification& notification);

    // Records `key` for `address` unless it is remembered and not expired at `now_ms`: true when
    // newly recorded (show it), false when shown before. Writes the file (a new file renamed over
    // the old); a write error leaves the ledger unchanged and is returned.
    Result<bool> record(const InstanceAddress& address, const sdk::Notification& notification,
                        std::int64_t now_ms);

    std::size_t size() const { return entries_.size(); }

private:
    using Key = std::tuple<sdk::SpaceId, sdk::InstanceId, std::string>;
    Result<void> save(const std::map<Key, std::int64_t>& entries) const;

    std::filesystem::path file_;
    std::map<Key, std::int64_t> entries_;  // → keep until (Unix ms)
};

}  // namespace grove::platform
