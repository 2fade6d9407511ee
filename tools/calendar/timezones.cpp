#include "timezones.h"

#include <QTimeZone>
#include <array>
#include <cstdio>
#include <utility>

namespace grove::tools::calendar {
namespace {

// The Windows zone names Outlook and Exchange put in TZID most often, with the IANA zone CLDR's
// windowsZones.xml maps each to (territory 001).
constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kWindowsZones{{
    {"W. Europe Standard Time", "Europe/Berlin"},
    {"Romance Standard Time", "Europe/Paris"},
    {"Central Europe Standard Time", "Europe/Budapest"},
    {"Central European Standard Time", "Europe/Warsaw"},
    {"GMT Standard Time", "Europe/London"},
    {"Greenwich Standard Time", "Atlantic/Reykjavik"},
    {"E. Europe Standard Time", "Europe/Chisinau"},
    {"FLE Standard Time", "Europe/Kiev"},
    {"GTB Standard Time", "Europe/Bucharest"},
    {"Russian Standard Time", "Europe/Moscow"},
    {"Eastern Standard Time", "America/New_York"},
    {"Central Standard Time", "America/Chicago"},
    {"Mountain Standard Time", "America/Denver"},
    {"US Mountain Standard Time", "America/Phoenix"},
    {"Pacific Standard Time", "America/Los_Angeles"},
    {"Alaskan Standard Time", "America/Anchorage"},
    {"Hawaiian Standard Time", "Pacific/Honolulu"},
    {"Atlantic Standard Time", "America/Halifax"},
    {"E. South America Standard Time", "America/Sao_Paulo"},
    {"India Standard Time", "Asia/Calcutta"},
    {"China Standard Time", "Asia/Shanghai"},
    {"Tokyo Standard Time", "Asia/Tokyo"},
    {"AUS Eastern Standard Time", "Australia/Sydney"},
    {"UTC", "UTC"},
}};

}  // namespace

std::string iana_for_windows_zone(std::string_view windows_name) {
    for (const auto& [windows, iana] : kWindowsZones)
        if (windows == windows_name) return std::string(iana);
    return {};
}

icaltimezone* find_zone(std::string_view tzid) {
    if (tzid.empty()) return nullptr;
    if (tzid == "UTC" || tzid == "Etc/UTC" || tzid == "GMT") return icaltimezone_get_utc_timezone();
    const std::string name(tzid);
    if (icaltimezone* zone = icaltimezone_get_builtin_timezone(name.c_str())) return zone;
    // Some exporters prefix a path ("/mozilla.org/20050126_1/Europe/Paris"): try each suffix.
    for (std::size_t slash = name.find('/'); slash != std::string::npos;
         slash = name.find('/', slash + 1)) {
        const std::string suffix = name.substr(slash + 1);
        if (suffix.find('/') == std::string::npos) break;
        if (icaltimezone* zone = icaltimezone_get_builtin_timezone(suffix.c_str())) return zone;
    }
    std::string iana = iana_for_windows_zone(tzid);
    if (iana == "UTC") return icaltimezone_get_utc_timezone();
    if (!iana.empty()) return icaltimezone_get_builtin_timezone(iana.c_str());
    return nullptr;
}

std::optional<icaltimetype> parse_local(const std::string& text, bool all_day) {
    const std::size_t expected = all_day ? 8 : 15;
    if (text.size() != expected) return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!all_day && i == 8) {
            if (text[i] != 'T') return std::nullopt;
        } else if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
    }
    icaltimetype time = icaltime_from_string(text.c_str());
    time.is_date = all_day ? 1 : 0;
    if (!within_calendar_range(time)) return std::nullopt;
    return time;
}

bool within_calendar_range(const icaltimetype& time) {
    if (icaltime_is_null_time(time) || !icaltime_is_valid_time(time)) return false;
    if (time.year < 1900 || time.year > 2500 || time.month < 1 || time.month > 12 || time.day < 1 ||
        time.day > icaltime_days_in_month(time.month, time.year))
        return false;
    return time.is_date || (time.hour >= 0 && time.hour <= 23 && time.minute >= 0 &&
                            time.minute <= 59 && time.second >= 0 && time.second <= 60);
}

std::string format_local(const icaltimetype& time) {
    char text[32];
    if (time.is_date)
        std::snprintf(text, sizeof text, "%04d%02d%02d", time.year, time.month, time.day);
    else
        std::snprintf(text, sizeof text, "%04d%02d%02dT%02d%02d%02d", time.year, time.month,
                      time.day, time.hour, time.minute, time.second);
    return text;
}

std::int64_t to_utc_seconds(const icaltimetype& local, icaltimezone* zone) {
    if (local.is_date) {
        icaltimetype midnight = local;
        midnight.is_date = 0;
        midnight.hour = midnight.minute = midnight.second = 0;
        return icaltime_as_timet_with_zone(midnight, icaltimezone_get_utc_timezone());
    }
    return icaltime_as_timet_with_zone(local, zone ? zone : icaltimezone_get_utc_timezone());
}

std::string display_time(std::int64_t utc_seconds, icaltimezone* zone) {
    icaltimetype time = icaltime_from_timet_with_zone(
        static_cast<time_t>(utc_seconds), 0, zone ? zone : icaltimezone_get_utc_timezone());
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", time.year, time.month,
                  time.day, time.hour, time.minute, time.second);
    return text;
}

std::string display_date(const icaltimetype& date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
    return text;
}

std::string system_zone_id() {
    const QByteArray id = QTimeZone::systemTimeZoneId();
    if (!id.isEmpty() && find_zone(id.toStdString())) return id.toStdString();
    return "UTC";
}

}  // namespace grove::tools::calendar
