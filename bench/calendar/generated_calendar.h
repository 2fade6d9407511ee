// generated_calendar: the benchmarks' calendar as iCalendar text — 10,000 events across five
// years (2025–2029), 20% of them recurring (weekly, daily, monthly for weeks to years; a quarter
// of the series never end), in five zones with some all-day, from a fixed seed.
#pragma once

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>

namespace grove::bench::calendar {

struct GeneratedCalendar {
    std::string ics;
    int events = 0;
    int recurring = 0;
};

inline GeneratedCalendar generate_calendar(int events = 10'000, double recurring_share = 0.2) {
    static const char* const kZones[] = {"Europe/Paris", "America/New_York", "UTC", "Asia/Tokyo",
                                         "Australia/Sydney"};
    static const char* const kRules[] = {"FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=40",
                                         "FREQ=WEEKLY;INTERVAL=2;UNTIL=%04d1231T235959Z",
                                         "FREQ=DAILY;COUNT=30",
                                         "FREQ=MONTHLY;BYDAY=1TU",
                                         "FREQ=YEARLY",
                                         "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=%04d0630T000000Z",
                                         "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=24",
                                         "FREQ=WEEKLY;COUNT=26"};
    std::mt19937 rng(20261207);
    std::uniform_int_distribution<int> year(2025, 2029), month(1, 12), day(1, 28), hour(7, 18),
        quarter(0, 3), zone(0, 4), rule(0, 7), length(1, 8), percent(0, 99);
    GeneratedCalendar out;
    out.ics.reserve(static_cast<std::size_t>(events) * 400);
    out.ics += "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Grove//bench//EN\r\n";
    char line[256];
    for (int i = 0; i < events; ++i) {
        const int y = year(rng), mo = month(rng), d = day(rng);
        const bool is_recurring = percent(rng) < static_cast<int>(recurring_share * 100);
        const bool all_day = percent(rng) < 10;
        out.ics += "BEGIN:VEVENT\r\n";
        std::snprintf(line, sizeof line, "UID:bench-%d@grove.example\r\n", i);
        out.ics += line;
        out.ics += "DTSTAMP:20261207T120000Z\r\n";
        std::snprintf(line, sizeof line, "SUMMARY:Event %d — %s\r\n", i,
                      is_recurring ? "team meeting" : "appointment");
        out.ics += line;
        if (all_day) {
            std::snprintf(line, sizeof line, "DTSTART;VALUE=DATE:%04d%02d%02d\r\n", y, mo,
                          std::min(d, 27));
            out.ics += line;
            std::snprintf(line, sizeof line, "DTEND;VALUE=DATE:%04d%02d%02d\r\n", y, mo,
                          std::min(d, 27) + 1);
            out.ics += line;
        } else {
            const char* tz = kZones[zone(rng)];
            const int h = hour(rng), m = quarter(rng) * 15, minutes = length(rng) * 15 + 15;
            std::snprintf(line, sizeof line, "DTSTART;TZID=%s:%04d%02d%02dT%02d%02d00\r\n", tz, y,
                          mo, d, h, m);
            out.ics += line;
            const int end = h * 60 + m + minutes;
            std::snprintf(line, sizeof line, "DTEND;TZID=%s:%04d%02d%02dT%02d%02d00\r\n", tz, y, mo,
                          d, end / 60, end % 60);
            out.ics += line;
        }
        if (is_recurring) {
            char rrule[128];
            std::snprintf(rrule, sizeof rrule, kRules[rule(rng)], y);
            out.ics += "RRULE:";
            out.ics += rrule;
            out.ics += "\r\n";
            ++out.recurring;
        }
        if (percent(rng) < 30) {
            std::snprintf(line, sizeof line, "LOCATION:Room %d\r\n", i % 40);
            out.ics += line;
        }
        if (percent(rng) < 20)
            out.ics += "DESCRIPTION:Agenda: **review** the numbers\\, then plan the week.\r\n";
        if (percent(rng) < 25)
            out.ics +=
                "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\n"
                "TRIGGER:-PT15M\r\nEND:VALARM\r\n";
        out.ics += "END:VEVENT\r\n";
        ++out.events;
    }
    out.ics += "END:VCALENDAR\r\n";
    return out;
}

}  // namespace grove::bench::calendar
