// Recurrence: the occurrences of an event in a time range — RRULE and RDATE expanded by libical's
// icalrecur_iterator in the event's own zone (so 09:00 Paris stays 09:00 Paris across DST),
// minus deleted occurrences and the end of a split series, with each occurrence's own changes.
#pragma once

#include <libical/ical.h>

#include <cstdint>
#include <string>
#include <vector>

#include "calendarevent.h"

namespace grove::tools::calendar {

struct Occurrence {
    const CalendarEvent* event = nullptr;
    std::string recurrence_id;  // empty for a one-off event
    std::int64_t start = 0;     // UTC seconds; all-day: midnight UTC of the first day
    std::int64_t end = 0;
    bool all_day = false;
    // The series' fields with this occurrence's changes (the event's own: valid while it is).
    const v1::EventFields* fields = nullptr;
};

// Occurrences of `event` that overlap [from, to) (UTC seconds), by start. Stops after `limit`
// occurrences. A deleted event has none.
std::vector<Occurrence> expand(const CalendarEvent& event, std::int64_t from, std::int64_t to,
                               std::size_t limit = 10'000);

// Sets the event's extent_from/extent_to from its resolved fields and changed occurrences.
void update_extent(CalendarEvent& event);

// The recurrence id of an occurrence starting at `local` in `zone` (UTC "…Z", or the date).
std::string recurrence_id_of(const icaltimetype& local, icaltimezone* zone);

}  // namespace grove::tools::calendar
