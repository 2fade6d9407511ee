#include "recurrence.h"

#include <algorithm>
#include <limits>
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

constexpr std::int64_t kDay = 86'400;
// The most occurrences of a bounded rule kept walked in advance (per event, at every change).
constexpr std::size_t kMaxWalked = 5'000;

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    if (a == std::numeric_limits<std::int64_t>::max()) return a;
    return a + b;
}

}  // namespace

void update_extent(CalendarEvent& event) {
    constexpr std::int64_t kOpen = std::numeric_limits<std::int64_t>::max();
    event.extent_from = std::numeric_limits<std::int64_t>::min();
    event.extent_to = kOpen;
    event.rule_starts.reset();
    if (event.deleted || !event.resolved.has_timing()) return;
    const v1::Timing& timing = event.resolved.timing();
    const bool all_day = timing.all_day();
    auto start = parse_local(timing.start(), all_day);
    auto end = parse_local(timing.end(), all_day);
    icaltimezone* zone = all_day ? nullptr : find_zone(timing.tzid());
    if (!start || !end || (!all_day && !zone)) return;  // expand lists nothing: no narrowing
    if (zone) *start = icaltime_set_timezone(&*start, zone);
    const std::int64_t first = to_utc_seconds(*start, zone);
    const std::int64_t length =
        std::max<std::int64_t>(all_day ? kDay : 0, to_utc_seconds(*end, zone) - first);
    std::int64_t lowest = first, highest = first + length;

    if (!event.resolved.rrule().empty()) {
        icalerror_clear_errno();
        icalrecurrencetype rule = icalrecurrencetype_from_string(event.resolved.rrule().c_str());
        icalerror_clear_errno();
        if (rule.freq != ICAL_NO_RECURRENCE) {
            const bool bounded = !icaltime_is_null_time(rule.until) || rule.count > 0;
            // A bounded rule is walked once here (up to kMaxWalked occurrences) rather than at
            // every query; a longer or open-ended one is iterated per query.
            std::vector<CalendarEvent::RuleStart> starts;
            bool complete = false;
            if (bounded &&
                (rule.count == 0 || static_cast<std::size_t>(rule.count) <= kMaxWalked)) {
                icalrecur_iterator* iterator = icalrecur_iterator_new(rule, *start);
                if (iterator) {
                    for (icaltimetype next = icalrecur_iterator_next(iterator);;
                         next = icalrecur_iterator_next(iterator)) {
                        if (icaltime_is_null_time(next)) {
                            complete = true;
                            break;
                        }
                        if (starts.size() >= kMaxWalked) break;
                        if (zone) next = icaltime_set_timezone(&next, zone);
                        next.is_date = all_day ? 1 : 0;
                        starts.push_back({to_utc_seconds(next, zone), next});
                    }
                    icalrecur_iterator_free(iterator);
                }
            }
            if (complete) {
                for (const auto& occurrence : starts)
                    highest = std::max(highest, occurrence.utc + length);
                event.rule_starts = std::move(starts);
            } else if (!icaltime_is_null_time(rule.until)) {
                // UNTIL is UTC, a date or a local time: a day of slack covers each.
                icaltimetype until = rule.until;
                until.zone = nullptr;
                highest = std::max(highest, to_utc_seconds(until, nullptr) + kDay + length);
            } else {
                highest = kOpen;  // open-ended, or a COUNT too large to walk
            }
        }
    }
    for (const std::string& text : event.resolved.rdates().values()) {
        auto date = parse_local(text, text.size() == 8);
        if (!date) continue;
        if (zone) *date = icaltime_set_timezone(&*date, zone);
        const std::int64_t at = to_utc_seconds(*date, zone);
        lowest = std::min(lowest, at);
        highest = std::max(highest, saturating_add(at, length));
    }
    for (const auto& [recurrence_id, changes] : event.resolved_overrides) {
        if (!changes.has_timing()) continue;
        const v1::Timing& moved = changes.timing();
        auto moved_start = parse_local(moved.start(), moved.all_day());
        auto moved_end = parse_local(moved.end(), moved.all_day());
        icaltimezone* moved_zone = moved.all_day() ? nullptr : find_zone(moved.tzid());
        if (!moved_start || !moved_end || (!moved.all_day() && !moved_zone)) continue;
        lowest = std::min(lowest, to_utc_seconds(*moved_start, moved_zone));
        highest = std::max(highest, saturating_add(to_utc_seconds(*moved_end, moved_zone), kDay));
    }
    event.extent_from = lowest - kDay;
    event.extent_to = saturating_add(highest, kDay);
}

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
    if (to <= event.extent_from || from >= event.extent_to) return out;
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
        occurrence.fields = &event.resolved;
        auto changed = event.resolved_overrides.find(recurrence_id);
        if (recurring && changed != event.resolved_overrides.end()) {
            occurrence.fields = &event.merged_overrides.at(recurrence_id);
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
    // RDATEs may repeat the rule's occurrences: only then are starts checked for duplicates.
    const bool may_repeat = event.resolved.rdates().values_size() > 0;
    std::set<std::string> seen;
    auto consider = [&](const icaltimetype& local) {
        if (may_repeat && !seen.insert(format_local(local)).second) return;
        add(local);
    };

    if (event.resolved.rrule().empty()) {
        consider(*start);
    } else if (event.rule_starts) {
        const auto& starts = *event.rule_starts;
        auto first_at = [&](std::int64_t at) {
            return std::lower_bound(starts.begin(), starts.end(), at,
                                    [](const CalendarEvent::RuleStart& occurrence,
                                       std::int64_t value) { return occurrence.utc < value; });
        };
        const std::int64_t low = from - lookback - 86'400, high = stop + 86'400;
        for (auto it = first_at(low); it != starts.end() && it->utc < high && out.size() < limit;
             ++it)
            consider(it->local);
        // Occurrences moved into the range from further away.
        for (const auto& [recurrence_id, changes] : event.resolved_overrides) {
            if (!changes.has_timing()) continue;
            const auto original = recurrence_id_seconds(recurrence_id);
            if (!original || (*original >= low && *original < high)) continue;
            const auto it = first_at(*original);
            if (it != starts.end() && it->utc == *original) consider(it->local);
        }
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
