// DayLayout: where a week or day view draws timed events — for each event, its day column and,
// among events that overlap it, its lane and the number of lanes, so overlapping events stand
// side by side as Google Calendar and Outlook draw them.
#pragma once

#include <cstdint>
#include <vector>

namespace grove::tools::calendar {

struct LaidOutSpan {
    std::int64_t start = 0;  // any unit, end exclusive
    std::int64_t end = 0;
    int lane = 0;
    int lanes = 1;
};

// Lays out spans of one day: each overlap cluster gets the fewest lanes that keep overlapping
// spans apart; a span goes in the first free lane. Spans are laid out in (start, longer first)
// order; the input order is kept in the output. A zero-length span counts as 15 units long.
void lay_out_day(std::vector<LaidOutSpan>& spans);

}  // namespace grove::tools::calendar
