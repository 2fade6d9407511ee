#include "reminders.h"

#include <algorithm>
#include <cstdio>

#include "recurrence.h"
#include "timezones.h"

namespace grove::tools::calendar {
namespace {

constexpr std::int64_t kLongestReminderSeconds = 60LL * 24 * 28 * 60;

bool has_reminders(const CalendarEvent& event) {
    if (event.resolved.reminders().minutes_before_size() > 0) return true;
    for (const auto& [id, fields] : event.merged_overrides)
        if (fields.reminders().minutes_before_size() > 0) return true;
    return false;
}

// Midnight of an all-day occurrence's date (UTC seconds of its UTC midnight) in `zone`.
std::int64_t local_midnight(std::int64_t utc_midnight, icaltimezone* zone) {
    icaltimetype date = icaltime_from_timet_with_zone(static_cast<time_t>(utc_midnight), 1,
                                                      icaltimezone_get_utc_timezone());
    date.is_date = 0;
    date.hour = date.minute = date.second = 0;
    date.zone = nullptr;
    return icaltime_as_timet_with_zone(date, zone);
}

// Text cut to at most `limit` bytes on a UTF-8 boundary, one line.
std::string one_line(std::string text, std::size_t limit) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    if (text.size() <= limit) return text;
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text;
}

std::string clock_text(std::int64_t seconds, icaltimezone* zone) {
    const icaltimetype t = icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 0, zone);
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", t.hour, t.minute);
    return text;
}

std::string day_text(std::int64_t seconds, icaltimezone* zone) {
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const icaltimetype t = icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 0, zone);
    const int weekday = icaltime_day_of_week(t) - 1;  // libical: Sunday is 1
    char text[32];
    std::snprintf(text, sizeof text, "%s %d %s", kDays[std::clamp(weekday, 0, 6)], t.day,
                  kMonths[std::clamp(t.month - 1, 0, 11)]);
    return text;
}

// "In 10 minutes", "Now", "Started 5 minutes ago", "Tomorrow"…
std::string when_text(std::int64_t starts_ms, std::int64_t now_ms, bool all_day) {
    const std::int64_t minutes = (starts_ms - now_ms + (starts_ms >= now_ms ? 59'999 : 0)) / 60'000;
    if (all_day && minutes <= 0) return "Today";
    if (minutes == 0) return "Now";
    auto amount = [](std::int64_t n, const char* unit) {
        return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
    };
    if (minutes < 0) return "Started " + amount(-minutes, "minute") + " ago";
    if (minutes < 120) return "In " + amount(minutes, "minute");
    if (minutes < 48 * 60) return "In " + amount((minutes + 30) / 60, "hour");
    return "In " + amount((minutes + 720) / (24 * 60), "day");
}

}  // namespace

ReminderWindow reminders_at(const CalendarState& state, const sdk::IdentityId& me,
                            const std::string& viewer_zone, std::int64_t now_ms,
                            std::int64_t ahead_ms) {
    icaltimezone* zone = find_zone(viewer_zone);
    if (!zone) zone = icaltimezone_get_utc_timezone();
    ReminderWindow window;
    const std::int64_t now = now_ms / 1000;
    const std::int64_t horizon = now + ahead_ms / 1000 + kLongestReminderSeconds + 2 * 86'400;
    for (const auto& [id, event] : state.events()) {
        if (event.deleted || !has_reminders(event)) continue;
        if (event.response_of(me) == v1::RESPONSE_DECLINED) continue;
        // Occurrences not over now and starting before the furthest reminder could fire; an
        // all-day one a day either side, as its day is the viewer's.
        for (const Occurrence& occurrence : expand(event, now - 86'400, horizon)) {
            const v1::EventFields& fields = *occurrence.fields;
            if (fields.reminders().minutes_before_size() == 0) continue;
            const std::int64_t start =
                occurrence.all_day ? local_midnight(occurrence.start, zone) : occurrence.start;
            const std::int64_t end =
                occurrence.all_day ? local_midnight(occurrence.end, zone) : occurrence.end;
            if (std::max(end, start + 1) * 1000 <= now_ms) continue;
            std::string body = when_text(start * 1000, now_ms, occurrence.all_day) + " · " +
                               day_text(start, zone) + ", ";
            body += occurrence.all_day ? std::string("all day")
                                       : clock_text(start, zone) + "–" + clock_text(end, zone);
            if (!fields.location().empty()) body += "\n" + one_line(fields.location(), 300);
            const std::string title = fields.title().empty() ? std::string("(untitled event)")
                                                             : one_line(fields.title(), 200);
            // Of the reminders already due, only the latest is shown: one that came due while
            // the device was off is superseded, never shown after it (a key shown stays shown).
            std::optional<int> latest;
            for (int minutes : fields.reminders().minutes_before()) {
                const std::int64_t fire = (start - static_cast<std::int64_t>(minutes) * 60) * 1000;
                if (fire > now_ms) {
                    if (fire <= now_ms + ahead_ms && (!window.next_ms || fire < *window.next_ms))
                        window.next_ms = fire;
                } else if (!latest || minutes < *latest) {
                    latest = minutes;
                }
            }
            if (latest) {
                const int minutes = *latest;
                const std::int64_t fire = (start - static_cast<std::int64_t>(minutes) * 60) * 1000;
                DueReminder due;
                due.fire_at_ms = fire;
                due.starts_at_ms = start * 1000;
                due.notification.key = "reminder/" + sdk::to_hex(event.id) + "/" +
                                       (occurrence.recurrence_id.empty()
                                            ? std::string("once")
                                            : occurrence.recurrence_id) +
                                       "/" + std::to_string(minutes);
                due.notification.title = title;
                due.notification.body = body;
                due.notification.keep_until_ms = std::max(end, start) * 1000 + 86'400'000;
                window.due.push_back(std::move(due));
            }
        }
    }
    std::sort(window.due.begin(), window.due.end(),
              [](const DueReminder& a, const DueReminder& b) {
                  if (a.fire_at_ms != b.fire_at_ms) return a.fire_at_ms < b.fire_at_ms;
                  return a.notification.key < b.notification.key;
              });
    return window;
}

}  // namespace grove::tools::calendar
