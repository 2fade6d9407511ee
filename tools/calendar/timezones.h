// Time zones and local times for the Calendar, on libical: IANA zones (and the Windows names
// Outlook writes), local "YYYYMMDDTHHMMSS" times in a zone, and conversions to and from UTC.
#pragma once

#include <libical/ical.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grove::tools::calendar {

// libical's zone for an IANA name or "UTC"; a Windows name ("W. Europe Standard Time") maps to
// its IANA zone first. nullptr when unknown.
icaltimezone* find_zone(std::string_view tzid);
// The IANA name for a Windows zone name, or empty.
std::string iana_for_windows_zone(std::string_view windows_name);

// "YYYYMMDDTHHMMSS" (timed) or "YYYYMMDD" (all-day) → a libical time; nullopt when malformed or
// not a real date and time.
std::optional<icaltimetype> parse_local(const std::string& text, bool all_day);

// True when a parsed time is one Grove stores: a real day in years 1900–2500 and, unless a date,
// a time of day within 00:00:00–23:59:60. The importer and the state check with this one rule.
bool within_calendar_range(const icaltimetype& time);
std::string format_local(const icaltimetype& time);  // the same forms back

// UTC seconds of a local time in `zone` (all-day: midnight UTC of the date).
std::int64_t to_utc_seconds(const icaltimetype& local, icaltimezone* zone);
// UTC seconds → "YYYY-MM-DDTHH:MM:SS" in `zone` (UTC when null).
std::string display_time(std::int64_t utc_seconds, icaltimezone* zone);
std::string display_date(const icaltimetype& date);  // "YYYY-MM-DD"

// The IANA zone this machine is set to ("Europe/Paris"), "UTC" when unknown.
std::string system_zone_id();

}  // namespace grove::tools::calendar
