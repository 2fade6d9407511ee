// Notification: what a tool asks the host to show the person at this device (a reminder, a
// mention). The host shows each key once per device, however often the tool asks, across restarts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace grove::sdk {

struct Notification {
    // The tool's own name for this notice, unique within the instance, e.g.
    // "reminder/<event>/<occurrence>/10". At most kMaxNotificationKey bytes, one line.
    std::string key;
    std::string title;  // plain text, one line, at most kMaxNotificationTitle bytes
    std::string body;   // plain text, at most kMaxNotificationBody bytes
    // Unix milliseconds after which the host may forget the key (and would show it again if
    // asked). 0: a week after it was shown.
    std::int64_t keep_until_ms = 0;
};

inline constexpr std::size_t kMaxNotificationKey = 256;
inline constexpr std::size_t kMaxNotificationTitle = 200;
inline constexpr std::size_t kMaxNotificationBody = 2000;

}  // namespace grove::sdk
