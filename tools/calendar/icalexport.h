// IcalExport: writes a Calendar's events as an iCalendar file (RFC 5545) — a VTIMEZONE for each
// zone used, each series with its RRULE/RDATE/EXDATE and changed occurrences as RECURRENCE-ID
// events, member attendees with their answers, and the properties kept from imports.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "calendarstate.h"

namespace grove::tools::calendar {

// A member's display name for ATTENDEE;CN=…, empty when unknown.
using MemberName = std::function<std::string(const sdk::IdentityId&)>;

// The whole calendar, or one event when `only` is given. Deleted events are left out.
std::string export_ics(const CalendarState& state, const std::optional<EventId>& only = {},
                       const MemberName& name = {});

// Writes `text` to `path` atomically (a temporary file renamed over it), for a feed file other
// calendar apps subscribe to.
Result<void> write_feed(const std::string& path, const std::string& text);

}  // namespace grove::tools::calendar
