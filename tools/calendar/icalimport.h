// IcalImport: reads an iCalendar file (RFC 5545; Google, Outlook, Thunderbird and Apple exports)
// into the events of one ImportEvents operation — all of it or nothing: any error is reported
// with its line and reason. Properties Grove does not model are kept and written back on export.
#pragma once

#include <grove/sdk/result.h>

#include <string>
#include <string_view>

#include "calendarstate.h"

namespace grove::tools::calendar {

struct IcalImportOptions {
    std::size_t max_bytes = 16 * 1024 * 1024;
    std::size_t max_events = 100'000;
    std::size_t max_depth = 6;  // VCALENDAR > VEVENT > VALARM is 3
    // Zone for floating times (no TZID, no Z).
    std::string floating_zone = "UTC";
};

struct IcalImport {
    v1::ImportEvents events;  // UIDs already in `existing` carry update_event_id
    std::size_t created = 0;
    std::size_t updated = 0;
};

// InvalidArgument "line N: reason" for broken input; the state is never touched.
Result<IcalImport> import_ics(std::string_view text, const CalendarState& existing,
                              const IcalImportOptions& options = {});

}  // namespace grove::tools::calendar
