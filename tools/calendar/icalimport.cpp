#include "icalimport.h"

#include <grove/sdk/crdt/digest.h>

#include <QString>
#include <map>
#include <memory>
#include <vector>

#include "recurrence.h"
#include "timezones.h"

namespace grove::tools::calendar {
namespace {

Error broken(std::size_t line, const std::string& reason) {
    return make_error(ErrorCode::InvalidArgument, "line " + std::to_string(line) + ": " + reason);
}

// What the structural pass learned about one VEVENT: where it starts and where each of its
// properties is, so errors libical reports later can name a line.
struct EventLines {
    std::size_t begin = 0;
    std::multimap<std::string, std::size_t> properties;  // upper-case name → line
};

// Checks the file's shape line by line (content lines, BEGIN/END nesting, sizes) before libical
// sees it; libical accepts much that is broken and marks it inside the tree instead.
Result<std::vector<EventLines>> check_structure(std::string_view text,
                                                const IcalImportOptions& options) {
    if (text.size() > options.max_bytes)
        return make_error(
            ErrorCode::InvalidArgument,
            "the file is larger than " + std::to_string(options.max_bytes >> 20) + " MiB");
    const QByteArray bytes(text.data(), static_cast<qsizetype>(text.size()));
    std::vector<EventLines> events;
    std::vector<std::string> stack;
    std::size_t line_number = 0, logical_start = 0, top_level = 0;
    std::string logical;
    bool have_logical = false;

    auto finish_line = [&]() -> Result<void> {
        if (!have_logical) return {};
        have_logical = false;
        const std::size_t at = logical_start;
        if (QString::fromUtf8(logical.data(), static_cast<qsizetype>(logical.size())).toUtf8() !=
            QByteArray(logical.data(), static_cast<qsizetype>(logical.size())))
            return broken(at, "the text is not UTF-8");
        const std::size_t colon = logical.find(':');
        std::size_t name_end = logical.find_first_of(";:");
        if (colon == std::string::npos || name_end == 0)
            return broken(at,
                          "not an iCalendar line (NAME:value): '" + logical.substr(0, 60) + "'");
        std::string name = logical.substr(0, name_end);
        for (char& c : name) {
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-'))
                return broken(at, "a property name with '" + std::string(1, c) + "' in it");
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        std::string value = logical.substr(colon + 1);
        for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (name == "BEGIN") {
            if (stack.empty() && value != "VCALENDAR")
                return broken(at, "the file does not start with BEGIN:VCALENDAR");
            if (stack.empty()) ++top_level;
            if (stack.size() >= options.max_depth)
                return broken(at,
                              "components nested deeper than " + std::to_string(options.max_depth));
            stack.push_back(value);
            if (value == "VEVENT") {
                if (events.size() >= options.max_events)
                    return broken(at,
                                  "more than " + std::to_string(options.max_events) + " events");
                events.push_back({at, {}});
            }
        } else if (name == "END") {
            if (stack.empty() || stack.back() != value)
                return broken(at, "END:" + value + " without its BEGIN" +
                                      (stack.empty() ? "" : " (open: " + stack.back() + ")"));
            stack.pop_back();
        } else {
            if (stack.empty()) return broken(at, "a property outside BEGIN:VCALENDAR");
            if (stack.back() == "VEVENT") events.back().properties.emplace(name, at);
        }
        return {};
    };

    std::size_t position = 0;
    while (position <= text.size()) {
        std::size_t newline = text.find('\n', position);
        std::string_view line =
            text.substr(position, newline == std::string_view::npos ? std::string_view::npos
                                                                    : newline - position);
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            if (!have_logical)
                return broken(line_number, "a continuation line with nothing to continue");
            logical.append(line.substr(1));
        } else {
            GROVE_TRY(finish_line());
            if (!line.empty()) {
                logical.assign(line);
                logical_start = line_number;
                have_logical = true;
            }
        }
        if (newline == std::string_view::npos) break;
        position = newline + 1;
    }
    GROVE_TRY(finish_line());
    if (top_level == 0) return broken(1, "no BEGIN:VCALENDAR in the file");
    if (!stack.empty())
        return broken(line_number,
                      "the file ends inside " + stack.back() + " (no END:" + stack.back() + ")");
    (void)bytes;
    return events;
}

struct ComponentDeleter {
    void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentDeleter>;

std::string unfolded(const char* ical) {
    std::string out;
    for (const char* c = ical; *c; ++c) {
        if (c[0] == '\r' && c[1] == '\n' && (c[2] == ' ' || c[2] == '\t')) {
            c += 2;
            continue;
        }
        if (c[0] == '\n' && (c[1] == ' ' || c[1] == '\t')) {
            ++c;
            continue;
        }
        out.push_back(*c);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

// Reads one event's properties, reporting errors at their lines.
class EventReader {
public:
    EventReader(icalcomponent* calendar, const EventLines& lines, const IcalImportOptions& options)
        : calendar_(calendar), lines_(lines), options_(options) {}

    Error error(const std::string& property, const std::string& reason) const {
        auto it = lines_.properties.find(property);
        return broken(it == lines_.properties.end() ? lines_.begin : it->second,
                      property.empty() ? reason : property + ": " + reason);
    }

    // The zone a DATE-TIME property is in: (zone, name to store). Unknown zones the file defines
    // in a VTIMEZONE are used through it, stored as UTC.
    Result<std::pair<icaltimezone*, std::string>> zone_of(icalproperty* property,
                                                          const icaltimetype& time,
                                                          const std::string& name) const {
        if (time.is_date) return std::make_pair(static_cast<icaltimezone*>(nullptr), std::string());
        if (icaltime_is_utc(time))
            return std::make_pair(icaltimezone_get_utc_timezone(), std::string("UTC"));
        icalparameter* tzid = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER);
        if (!tzid) {
            icaltimezone* floating = find_zone(options_.floating_zone);
            if (!floating) return error(name, "unknown zone for floating times");
            return std::make_pair(floating, zone_name(floating, options_.floating_zone));
        }
        const std::string id = icalparameter_get_tzid(tzid) ? icalparameter_get_tzid(tzid) : "";
        if (icaltimezone* zone = find_zone(id)) return std::make_pair(zone, zone_name(zone, id));
        if (icaltimezone* defined = icalcomponent_get_timezone(calendar_, id.c_str()))
            return std::make_pair(defined, std::string("UTC"));
        return error(name, "unknown time zone '" + id.substr(0, 80) +
                               "' (neither a known zone nor a VTIMEZONE in the file)");
    }

    static std::string zone_name(icaltimezone* zone, const std::string& fallback) {
        if (zone == icaltimezone_get_utc_timezone()) return "UTC";
        const char* location = icaltimezone_get_location(zone);
        if (location && *location) return location;
        std::string iana = iana_for_windows_zone(fallback);
        return iana.empty() ? fallback : iana;
    }

    // A time in the stored zone's local form (converted when the file's zone is only a VTIMEZONE).
    static std::string in_zone(icaltimetype time, icaltimezone* from, const std::string& stored) {
        if (time.is_date) return format_local(time);
        icaltimezone* target = find_zone(stored);
        if (from && target && from != target) {
            time = icaltime_set_timezone(&time, from);
            time = icaltime_convert_to_zone(time, target);
        }
        time.zone = nullptr;
        return format_local(time);
    }

    static bool valid(const icaltimetype& time) { return within_calendar_range(time); }

    Result<v1::ImportedEvent> read(icalcomponent* event, std::string* recurrence_id) {
        v1::ImportedEvent out;
        v1::EventFields& fields = *out.mutable_fields();
        fields.set_title("");
        fields.set_location("");
        fields.set_description("");
        fields.set_category("");
        fields.set_rrule("");
        fields.mutable_rdates();
        fields.mutable_reminders();
        fields.mutable_attendees();
        fields.mutable_extra();

        icaltimetype start = icaltime_null_time(), end = icaltime_null_time();
        icaltimezone* zone = nullptr;
        std::string zone_id;
        bool have_end = false;
        int duration_seconds = -1;

        for (icalproperty* p = icalcomponent_get_first_property(event, ICAL_ANY_PROPERTY); p;
             p = icalcomponent_get_next_property(event, ICAL_ANY_PROPERTY)) {
            const icalproperty_kind kind = icalproperty_isa(p);
            const std::string name =
                icalproperty_get_property_name(p) ? icalproperty_get_property_name(p) : "";
            switch (kind) {
                case ICAL_XLICERROR_PROPERTY: {
                    const std::string message =
                        icalproperty_get_xlicerror(p) ? icalproperty_get_xlicerror(p) : "";
                    // Name the property the message mentions, if any.
                    for (const auto& [property, line] : lines_.properties)
                        if (message.find(property) != std::string::npos)
                            return error(property, message);
                    return error("", message);
                }
                case ICAL_UID_PROPERTY:
                    out.set_uid(icalproperty_get_uid(p) ? icalproperty_get_uid(p) : "");
                    break;
                case ICAL_SUMMARY_PROPERTY:
                    fields.set_title(icalproperty_get_summary(p) ? icalproperty_get_summary(p)
                                                                 : "");
                    break;
                case ICAL_LOCATION_PROPERTY:
                    fields.set_location(icalproperty_get_location(p) ? icalproperty_get_location(p)
                                                                     : "");
                    break;
                case ICAL_DESCRIPTION_PROPERTY:
                    fields.set_description(
                        icalproperty_get_description(p) ? icalproperty_get_description(p) : "");
                    break;
                case ICAL_CATEGORIES_PROPERTY:
                    if (fields.category().empty() && icalproperty_get_categories(p))
                        fields.set_category(icalproperty_get_categories(p));
                    else
                        fields.mutable_extra()->add_values(
                            unfolded(icalproperty_as_ical_string(p)));
                    break;
                case ICAL_DTSTART_PROPERTY: {
                    start = icalproperty_get_dtstart(p);
                    if (!valid(start)) return error("DTSTART", "not a valid date or time");
                    auto found = zone_of(p, start, "DTSTART");
                    if (!found) return found.error();
                    std::tie(zone, zone_id) = *found;
                    if (zone) start = icaltime_set_timezone(&start, zone);
                    break;
                }
                case ICAL_DTEND_PROPERTY: {
                    end = icalproperty_get_dtend(p);
                    if (!valid(end)) return error("DTEND", "not a valid date or time");
                    auto found = zone_of(p, end, "DTEND");
                    if (!found) return found.error();
                    if (found->first) end = icaltime_set_timezone(&end, found->first);
                    have_end = true;
                    break;
                }
                case ICAL_DURATION_PROPERTY: {
                    icaldurationtype duration = icalproperty_get_duration(p);
                    if (icaldurationtype_is_bad_duration(duration) || duration.is_neg)
                        return error("DURATION", "not a valid duration");
                    duration_seconds = icaldurationtype_as_int(duration);
                    break;
                }
                case ICAL_RRULE_PROPERTY: {
                    if (!fields.rrule().empty()) {
                        fields.mutable_extra()->add_values(
                            unfolded(icalproperty_as_ical_string(p)));
                        break;
                    }
                    icalrecurrencetype rule = icalproperty_get_rrule(p);
                    if (rule.freq == ICAL_NO_RECURRENCE) return error("RRULE", "not a valid rule");
                    char* text = icalrecurrencetype_as_string(&rule);
                    fields.set_rrule(text ? text : "");
                    break;
                }
                case ICAL_RDATE_PROPERTY:
                case ICAL_EXDATE_PROPERTY:
                    deferred_.push_back(p);
                    break;
                case ICAL_RECURRENCEID_PROPERTY:
                    deferred_.push_back(p);
                    break;
                case ICAL_ATTENDEE_PROPERTY: {
                    const char* value = icalproperty_get_attendee(p);
                    const std::string prefix = "urn:grove:identity:";
                    if (value && std::string(value).rfind(prefix, 0) == 0) {
                        fields.mutable_attendees()->add_values(
                            std::string(value).substr(prefix.size()));
                        break;
                    }
                    fields.mutable_extra()->add_values(unfolded(icalproperty_as_ical_string(p)));
                    break;
                }
                case ICAL_DTSTAMP_PROPERTY:
                    break;  // written afresh on export
                case ICAL_STATUS_PROPERTY:
                    if (icalproperty_get_status(p) == ICAL_STATUS_CANCELLED) cancelled_ = true;
                    fields.mutable_extra()->add_values(unfolded(icalproperty_as_ical_string(p)));
                    break;
                default:
                    if (name == "X-GROVE-COLOR") {
                        const char* value = icalproperty_get_x(p);
                        fields.set_color(value ? value : "");
                        break;
                    }
                    fields.mutable_extra()->add_values(unfolded(icalproperty_as_ical_string(p)));
                    break;
            }
        }
        if (icaltime_is_null_time(start)) return error("", "an event without DTSTART");
        const bool all_day = start.is_date != 0;
        v1::Timing& timing = *fields.mutable_timing();
        timing.set_all_day(all_day);
        timing.set_tzid(all_day ? "" : zone_id);
        timing.set_start(in_zone(start, zone, zone_id));
        if (!have_end) {
            end = start;
            if (duration_seconds >= 0) {
                icaldurationtype duration = icaldurationtype_from_int(duration_seconds);
                end = icaltime_add(start, duration);
            } else if (all_day) {
                icaltime_adjust(&end, 1, 0, 0, 0);
            }
        }
        if (all_day != (end.is_date != 0))
            return error("DTEND", "DTSTART and DTEND differ in type");
        if (icaltime_compare(end, start) < 0)
            return error("DTEND", "the event ends before it starts");
        timing.set_end(in_zone(
            end, all_day ? nullptr : (end.zone ? const_cast<icaltimezone*>(end.zone) : zone),
            zone_id));

        for (icalproperty* p : deferred_) {
            const icalproperty_kind kind = icalproperty_isa(p);
            if (kind == ICAL_RECURRENCEID_PROPERTY) {
                icaltimetype id = icalproperty_get_recurrenceid(p);
                if (!valid(id)) return error("RECURRENCE-ID", "not a valid date or time");
                auto found = zone_of(p, id, "RECURRENCE-ID");
                if (!found) return found.error();
                if (found->first) id = icaltime_set_timezone(&id, found->first);
                *recurrence_id = recurrence_id_of(id, found->first);
            } else if (kind == ICAL_EXDATE_PROPERTY) {
                icaltimetype date = icalproperty_get_exdate(p);
                if (!valid(date)) return error("EXDATE", "not a valid date or time");
                auto found = zone_of(p, date, "EXDATE");
                if (!found) return found.error();
                if (found->first) date = icaltime_set_timezone(&date, found->first);
                if (date.is_date && !all_day) {
                    // A date excludes the occurrence at the series' time that day.
                    icaltimetype local = start;
                    local.year = date.year;
                    local.month = date.month;
                    local.day = date.day;
                    date = local;
                } else if (!date.is_date && all_day) {
                    // A time excludes the whole day it falls on, as written.
                    date.is_date = 1;
                    date.hour = date.minute = date.second = 0;
                    date.zone = nullptr;
                    out.add_cancelled(recurrence_id_of(date, nullptr));
                    continue;
                }
                out.add_cancelled(recurrence_id_of(date, found->first));
            } else {
                icaldatetimeperiodtype rdate = icalproperty_get_rdate(p);
                if (!icalperiodtype_is_null_period(rdate.period)) {
                    fields.mutable_extra()->add_values(unfolded(icalproperty_as_ical_string(p)));
                    continue;
                }
                if (!valid(rdate.time)) return error("RDATE", "not a valid date or time");
                auto found = zone_of(p, rdate.time, "RDATE");
                if (!found) return found.error();
                icaltimetype time = rdate.time;
                if (found->first) time = icaltime_set_timezone(&time, found->first);
                if (all_day != (time.is_date != 0))
                    return error("RDATE", "differs in type from DTSTART");
                fields.mutable_rdates()->add_values(in_zone(time, found->first, zone_id));
            }
        }

        for (icalcomponent* alarm = icalcomponent_get_first_component(event, ICAL_VALARM_COMPONENT);
             alarm; alarm = icalcomponent_get_next_component(event, ICAL_VALARM_COMPONENT)) {
            icalproperty* trigger = icalcomponent_get_first_property(alarm, ICAL_TRIGGER_PROPERTY);
            icalproperty* action = icalcomponent_get_first_property(alarm, ICAL_ACTION_PROPERTY);
            bool simple = trigger && action &&
                          icalproperty_get_action(action) == ICAL_ACTION_DISPLAY &&
                          !icalproperty_get_first_parameter(trigger, ICAL_RELATED_PARAMETER);
            if (simple) {
                icaltriggertype value = icalproperty_get_trigger(trigger);
                const int seconds = icaldurationtype_as_int(value.duration);
                simple = icaltime_is_null_time(value.time) && seconds <= 0 &&
                         -seconds <= 60 * 24 * 28 * 60 && seconds % 60 == 0;
                if (simple) fields.mutable_reminders()->add_minutes_before(-seconds / 60);
            }
            if (!simple)
                fields.mutable_extra()->add_values(unfolded(icalcomponent_as_ical_string(alarm)));
        }
        if (auto ok = CalendarState::check_fields(fields, true); !ok)
            return error("", ok.error().message);
        return out;
    }

    bool cancelled() const { return cancelled_; }

private:
    icalcomponent* calendar_;
    const EventLines& lines_;
    const IcalImportOptions& options_;
    std::vector<icalproperty*> deferred_;
    bool cancelled_ = false;
};

std::string synthetic_uid(const v1::EventFields& fields) {
    sdk::crdt::Hasher256 hasher;
    hasher.update("grove.calendar.uid.v1");
    hasher.update(fields.SerializeAsString());
    auto digest = hasher.finish();
    return "grove-" + sdk::to_hex(sdk::ByteView(digest.data(), 16)) + "@import";
}

// Whether the series an occurrence belongs to is made of whole days: the imported master's timing,
// or, for a series only named by UID (an update), the calendar's own copy.
bool series_is_all_day(const v1::ImportedEvent& master, const CalendarState& existing) {
    if (master.fields().has_timing()) return master.fields().timing().all_day();
    const CalendarEvent* known = existing.find_uid(master.uid());
    return known && known->resolved.timing().all_day();
}

}  // namespace

Result<IcalImport> import_ics(std::string_view text, const CalendarState& existing,
                              const IcalImportOptions& options) {
    auto structure = check_structure(text, options);
    if (!structure) return structure.error();
    const std::vector<EventLines>& lines = *structure;

    const std::string owned(text);
    icalerror_clear_errno();
    Component root(icalparser_parse_string(owned.c_str()));
    icalerror_clear_errno();
    if (!root) return broken(1, "libical could not read the file");

    std::vector<icalcomponent*> calendars;
    if (icalcomponent_isa(root.get()) == ICAL_VCALENDAR_COMPONENT) {
        calendars.push_back(root.get());
    } else {
        for (icalcomponent* c =
                 icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT);
             c; c = icalcomponent_get_next_component(root.get(), ICAL_VCALENDAR_COMPONENT))
            calendars.push_back(c);
    }

    IcalImport result;
    std::map<std::string, int> master_index;  // uid → index in result.events
    struct Pending {
        std::string uid, recurrence_id;
        v1::ImportedEvent event;
        bool cancelled;
    };
    std::vector<Pending> overrides;
    std::size_t index = 0;
    for (icalcomponent* calendar : calendars) {
        for (icalcomponent* event =
                 icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
             event; event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
            if (index >= lines.size()) return broken(1, "the events could not be matched to lines");
            EventReader reader(calendar, lines[index++], options);
            std::string recurrence_id;
            auto read = reader.read(event, &recurrence_id);
            if (!read) return read.error();
            v1::ImportedEvent item = std::move(*read);
            if (item.uid().empty()) item.set_uid(synthetic_uid(item.fields()));
            if (!recurrence_id.empty()) {
                overrides.push_back(
                    {item.uid(), recurrence_id, std::move(item), reader.cancelled()});
                continue;
            }
            if (master_index.count(item.uid()))
                return reader.error("UID",
                                    "two events with UID '" + item.uid().substr(0, 80) + "'");
            master_index[item.uid()] = result.events.events_size();
            *result.events.add_events() = std::move(item);
        }
    }
    for (Pending& pending : overrides) {
        auto it = master_index.find(pending.uid);
        v1::ImportedEvent* master = nullptr;
        if (it != master_index.end()) {
            master = result.events.mutable_events(it->second);
        } else if (const CalendarEvent* known = existing.find_uid(pending.uid)) {
            // A changed occurrence of a series this calendar already has.
            master = result.events.add_events();
            master->set_uid(pending.uid);
            master->set_update_event_id(
                std::string(reinterpret_cast<const char*>(known->id.data()), known->id.size()));
            master_index[pending.uid] = result.events.events_size() - 1;
        } else {
            // A lone occurrence: kept as an event of its own.
            pending.event.set_uid(pending.uid + "/" + pending.recurrence_id);
            master_index[pending.event.uid()] = result.events.events_size();
            *result.events.add_events() = std::move(pending.event);
            continue;
        }
        if (series_is_all_day(*master, existing) && pending.recurrence_id.size() > 8) {
            // A timed RECURRENCE-ID for a series of whole days names the day it falls on.
            pending.recurrence_id.resize(8);
        }
        if (pending.cancelled) {
            master->add_cancelled(pending.recurrence_id);
            continue;
        }
        v1::OccurrenceOverride* override = master->add_overrides();
        override->set_recurrence_id(pending.recurrence_id);
        v1::EventFields& fields = *override->mutable_fields();
        const v1::EventFields& read = pending.event.fields();
        fields.set_title(read.title());
        *fields.mutable_timing() = read.timing();
        fields.set_location(read.location());
        fields.set_description(read.description());
    }
    for (v1::ImportedEvent& item : *result.events.mutable_events()) {
        if (!item.update_event_id().empty()) {
            ++result.updated;
            continue;
        }
        if (const CalendarEvent* known = existing.find_uid(item.uid())) {
            item.set_update_event_id(
                std::string(reinterpret_cast<const char*>(known->id.data()), known->id.size()));
            ++result.updated;
        } else {
            ++result.created;
        }
    }
    return result;
}

}  // namespace grove::tools::calendar
