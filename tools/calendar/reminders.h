// Reminders: which of a calendar's reminders are due for the person at this device — each
// occurrence's "N minutes before" in the viewer's zone, not for events they declined.
#pragma once

#include <grove/sdk/notification.h>
#include <grove/sdk/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendarstate.h"

namespace grove::tools::calendar {

struct DueReminder {
    std::int64_t fire_at_ms = 0;     // the occurrence's start minus the reminder, Unix ms
    std::int64_t starts_at_ms = 0;   // the occurrence's start (all-day: midnight in the viewer's zone)
    sdk::Notification notification;  // key "reminder/<event>/<occurrence>/<minutes>"
};

struct ReminderWindow {
    std::vector<DueReminder> due;           // fire_at ≤ now and the occurrence not over, oldest first
    std::optional<std::int64_t> next_ms;    // the earliest later fire time within the look-ahead
};

// Reminders of `state` for `me` at `now_ms`, shown in `viewer_zone` (an IANA id; UTC when
// unknown). Due: fire time reached and the occurrence not yet ended (a peer that was off, or that
// learnt of the event late, still reminds of a meeting in progress). Looks ahead `ahead_ms` for
// the next fire time.
ReminderWindow reminders_at(const CalendarState& state, const sdk::IdentityId& me,
                            const std::string& viewer_zone, std::int64_t now_ms,
                            std::int64_t ahead_ms = 24LL * 3600 * 1000);

}  // namespace grove::tools::calendar
