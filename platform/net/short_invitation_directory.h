// ShortInvitationDirectory: sealed invitations filed under short codes' locators, as the inviter
// and relays hold them, answering lookups under per-source and overall rate limits.
#pragma once

#include <grove/sdk/result.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "grove/net/v1/sync.pb.h"

namespace grove::platform::net {

struct ShortInvitationLimits {
    std::size_t max_entries = 4096;        // filed at once (live and withdrawn)
    std::size_t max_per_depositor = 64;    // live entries one device may file at a relay
    std::size_t lookups_per_link = 8;      // a link asking more is closed
    std::size_t lookups_per_source = 10;   // per source host in each window
    std::size_t lookups_overall = 120;     // all sources together in each window
    std::chrono::milliseconds window{60'000};
    // Expired and withdrawn entries are kept this long after expiry to say so, then forgotten.
    std::int64_t keep_after_expiry_ms = 7LL * 24 * 3600 * 1000;
};

class ShortInvitationDirectory {
public:
    using Answer = grove::net::v1::ShortInvitationAnswer;
    using Status = grove::net::v1::ShortInvitationAnswer::Status;
    // Asked at lookup on the inviter: is the invitation behind `locator` still usable (used or
    // revoked: WITHDRAWN). Unset at relays (the inviter deposits a withdrawal instead).
    using UsableCheck = std::function<bool(const std::string& locator)>;

    explicit ShortInvitationDirectory(ShortInvitationLimits limits = {},
                                      std::function<std::int64_t()> now_ms = nullptr);

    // Files a deposit from `depositor` (a device key, hex; "" for this device's own). A newer
    // deposit of the same locator by the same depositor replaces it; another depositor's
    // locator is refused. InvalidArgument for a malformed deposit, ResourceExhausted over caps.
    Result<void> file(const grove::net::v1::ShortInvitationDeposit& deposit,
                      const std::string& depositor = {});
    // This device's own entries, as deposits to hand to relays (withdrawals included).
    std::vector<grove::net::v1::ShortInvitationDeposit> own_deposits() const;
    // Marks an own entry used or revoked.
    void withdraw(const std::string& locator);
    void set_usable_check(UsableCheck check);
    // Withdraws own live entries the usable check now refuses (so relays learn it).
    void refresh_own();

    // The answer for `locator`, asked from `source` (the link's peer address; the port is
    // ignored). Over a rate limit: RATE_LIMITED, and nothing is looked up.
    Answer lookup(const std::string& locator, const std::string& source);

    std::size_t size() const;
    // Grows whenever an own entry is filed or withdrawn (links to relays deposit again then).
    std::uint64_t generation() const;
    // Is `locator` four Crockford base32 symbols (canonical, upper case).
    static bool valid_locator(const std::string& locator);

private:
    struct Entry {
        std::string depositor;
        std::string space_id;
        std::string sealed;
        std::int64_t expires_ms = 0;
        bool withdrawn = false;
    };
    bool admit_lookup(const std::string& source, std::int64_t now);  // under mutex_
    void expire(std::int64_t now);                                   // under mutex_

    ShortInvitationLimits limits_;
    std::function<std::int64_t()> now_ms_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
    std::uint64_t generation_ = 1;
    UsableCheck usable_;
    std::deque<std::pair<std::int64_t, std::string>> recent_lookups_;  // (time, source host)
};

// The host part of a gRPC peer string or HOST:PORT ("ipv4:1.2.3.4:5" → "1.2.3.4").
std::string source_host(const std::string& peer);

}  // namespace grove::platform::net
