#include "recurrence.h"

#include <algorithm>
#include <set>

#include "calendarstate.h"
#include "timezones.h"

namespace grove::tools::calendar {
namespace {

// Iterations of one rule per expansion, whatever the range: a rule whose occurrences all fall
// outside the range (BYSETPOS oddities, a far start) cannot spin for ever.
constexpr int kMaxIterations = 200'000;

struct Span {
    icaltimetype start;
    std::int64_t length = 0;  // seconds (timed) or days (all-day)
};

// The occurrence's start and end in UTC seconds for a local start.
std::pair<std::int64_t, std::int64_t> bounds(const icaltimetype& start, std::int64_t length,
                                             icaltimezone* zone) {
    const std::int64_t begin = to_utc_seconds(start, zone);
    if (start.is_date) return {begin, begin + length * 86'400};
    return {begin, begin + length};
}

}  // namespace

std::string recurrence_id_of(const icaltimetype& local, icaltimezone* zone) {
    if (local.is_date) return format_local(local);
    icaltimetype utc = icaltime_convert_to_zone(local, icaltimezone_get_utc_timezone());
    utc.zone = nullptr;
    return format_local(utc) + "Z";
}

std::vector<Occurrence> expand(const CalendarEvent& event, std::int64_t from, std::int64_t to,
                               std::size_t limit) {
    std::vector<Occurrence> out;
    if (event.deleted || !event.resolved.has_timing() || from >= to) return out;
    const v1::Timing& timing = event.resolved.timing();
    const bool all_day = timing.all_day();
    auto start = parse_local(timing.start(), all_day);
    auto end = parse_local(timing.end(), all_day);
    if (!start || !end) return out;
    icaltimezone* zone = all_day ? nullptr : find_zone(timing.tzid());
    if (!all_day && !zone) return out;
    if (zone) *start = icaltime_set_timezone(&*start, zone);
    if (zone) *end = icaltime_set_timezone(&*end, zone);

    Span span{*start, 0};
    if (all_day) {
        span.length = std::max<std::int64_t>(
            1, (to_utc_seconds(*end, nullptr) - to_utc_seconds(*start, nullptr)) / 86'400);
    } else {
        span.length =
            std::max<std::int64_t>(0, to_utc_seconds(*end, zone) - to_utc_seconds(*start, zone));
    }

    const bool recurring = event.recurring();
    const std::int64_t stop = std::min(to, event.ends_before.value_or(to));
    auto add = [&](const icaltimetype& local) {
        const std::string recurrence_id = recurring ? recurrence_id_of(local, zone) : std::string();
        if (recurring && event.cancelled.count(recurrence_id)) return;
        auto [begin, finish] = bounds(local, span.length, zone);
        if (event.ends_before && recurring && begin >= *event.ends_before) return;
        Occurrence occurrence;
        occurrence.event = &event;
        occurrence.recurrence_id = recurrence_id;
        occurrence.all_day = all_day;
        occurrence.fields = event.resolved;
        auto changed = event.resolved_overrides.find(recurrence_id);
        if (recurring && changed != event.resolved_overrides.end()) {
            occurrence.fields.MergeFrom(changed->second);
            if (changed->second.has_timing()) {
                const v1::Timing& moved = changed->second.timing();
                auto moved_start = parse_local(moved.start(), moved.all_day());
                auto moved_end = parse_local(moved.end(), moved.all_day());
                icaltimezone* moved_zone = moved.all_day() ? nullptr : find_zone(moved.tzid());
                if (moved_start && moved_end && (moved.all_day() || moved_zone)) {
                    begin = to_utc_seconds(*moved_start, moved_zone);
                    finish = to_utc_seconds(*moved_end, moved_zone);
                    if (moved.all_day() && finish <= begin) finish = begin + 86'400;
                    occurrence.all_day = moved.all_day();
                }
            }
        }
        if (finish <= from && !(finish == begin && begin == from)) return;
        if (begin >= to) return;
        occurrence.start = begin;
        occurrence.end = finish;
        out.push_back(std::move(occurrence));
    };

    // Occurrence starts are found up to `stop`, plus a day of slack for moved occurrences; the
    // final filter above keeps only those that overlap the range.
    const std::int64_t lookback = all_day ? span.length * 86'400 : span.length;
    std::set<std::string> seen;
    auto consider = [&](const icaltimetype& local) {
        const std::string key = format_local(local);
        if (!seen.insert(key).second) return;
        add(local);
    };

    if (event.resolved.rrule().empty()) {
        consider(*start);
    } else {
        icalerror_clear_errno();
        icalrecurrencetype rule = icalrecurrencetype_from_string(event.resolved.rrule().c_str());
        icalerror_clear_errno();
        if (rule.freq != ICAL_NO_RECURRENCE) {
            icalrecur_iterator* iterator = icalrecur_iterator_new(rule, *start);
            if (iterator) {
                // Jump near the range when the rule has no COUNT (COUNT needs every occurrence).
                const std::int64_t first = from - lookback - 86'400;
                if (rule.count == 0 && first > to_utc_seconds(*start, zone)) {
                    icaltimetype jump = icaltime_from_timet_with_zone(
                        static_cast<time_t>(first), all_day ? 1 : 0,
                        zone ? zone : icaltimezone_get_utc_timezone());
                    if (zone) jump = icaltime_set_timezone(&jump, zone);
                    icalrecur_iterator_set_start(iterator, jump);
                }
                int iterations = 0;
                for (icaltimetype next = icalrecur_iterator_next(iterator);
                     !icaltime_is_null_time(next) && iterations < kMaxIterations;
                     next = icalrecur_iterator_next(iterator), ++iterations) {
                    if (zone) next = icaltime_set_timezone(&next, zone);
                    next.is_date = all_day ? 1 : 0;
                    if (to_utc_seconds(next, zone) >= stop + 86'400) break;
                    consider(next);
                    if (out.size() >= limit) break;
                }
                icalrecur_iterator_free(iterator);
            }
        }
    }
    for (const std::string& text : event.resolved.rdates().values()) {
        auto date = parse_local(text, text.size() == 8);
        if (!date) continue;
        if (zone) *date = icaltime_set_timezone(&*date, zone);
        if (all_day) date->is_date = 1;
        consider(*date);
    }
    std::sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
        return std::tie(a.start, a.recurrence_id) < std::tie(b.start, b.recurrence_id);
    });
    if (out.size() > limit) out.resize(limit);
    return out;
}

}  // namespace grove::tools::calendar
