#include "icalexport.h"

#include <QFile>
#include <QSaveFile>
#include <algorithm>
#include <ctime>
#include <set>
#include <tuple>

#include "recurrence.h"
#include "timezones.h"

namespace grove::tools::calendar {
namespace {

// DTSTART/DTEND/RDATE values in the event's zone: TZID=<IANA> for a zone, Z for UTC, DATE for
// all-day.
icalproperty* with_time(icalproperty* property, const std::string& local,
                        const v1::Timing& timing) {
    auto time = parse_local(local, timing.all_day());
    if (!time) return property;
    if (timing.all_day()) {
        time->is_date = 1;
    } else if (timing.tzid() == "UTC") {
        *time = icaltime_set_timezone(&*time, icaltimezone_get_utc_timezone());
    } else {
        icalproperty_add_parameter(property, icalparameter_new_tzid(timing.tzid().c_str()));
    }
    icalvalue* value = icalvalue_new_datetime(*time);
    if (timing.all_day()) {
        icalvalue_free(value);
        value = icalvalue_new_date(*time);
        icalproperty_add_parameter(property, icalparameter_new_value(ICAL_VALUE_DATE));
    }
    icalproperty_set_value(property, value);
    return property;
}

icaltimetype utc_time(std::int64_t seconds) {
    return icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 0,
                                         icaltimezone_get_utc_timezone());
}

// A recurrence id as a RECURRENCE-ID or EXDATE value in the event's zone; nullptr (the property
// freed) when the id names no time.
icalproperty* at_recurrence(icalproperty* property, const std::string& recurrence_id,
                            const v1::Timing& timing) {
    auto seconds = recurrence_id_seconds(recurrence_id);
    if (!seconds) {
        icalproperty_free(property);
        return nullptr;
    }
    if (timing.all_day()) {
        // A series of whole days names a day; a timed id (from an older or foreign peer) names
        // the UTC day it falls on.
        auto date = parse_local(recurrence_id.substr(0, 8), true);
        if (!date) {
            icalproperty_free(property);
            return nullptr;
        }
        icalproperty_set_value(property, icalvalue_new_date(*date));
        icalproperty_add_parameter(property, icalparameter_new_value(ICAL_VALUE_DATE));
        return property;
    }
    icaltimezone* zone = find_zone(timing.tzid());
    icaltimetype time = icaltime_from_timet_with_zone(
        static_cast<time_t>(*seconds), 0, zone ? zone : icaltimezone_get_utc_timezone());
    if (!zone || zone == icaltimezone_get_utc_timezone()) {
        time = icaltime_set_timezone(&time, icaltimezone_get_utc_timezone());
    } else {
        time.zone = nullptr;
        icalproperty_add_parameter(property, icalparameter_new_tzid(timing.tzid().c_str()));
    }
    icalproperty_set_value(property, icalvalue_new_datetime(time));
    return property;
}

// The rule with the series' end (a split) folded in: UNTIL, or a smaller COUNT.
std::string rule_with_end(const CalendarEvent& event) {
    const std::string& rrule = event.resolved.rrule();
    if (!event.ends_before || rrule.empty()) return rrule;
    icalrecurrencetype rule = icalrecurrencetype_from_string(rrule.c_str());
    if (rule.freq == ICAL_NO_RECURRENCE) return rrule;
    const v1::Timing& timing = event.resolved.timing();
    if (rule.count > 0) {
        auto start = parse_local(timing.start(), timing.all_day());
        icaltimezone* zone = timing.all_day() ? nullptr : find_zone(timing.tzid());
        if (!start) return rrule;
        if (zone) *start = icaltime_set_timezone(&*start, zone);
        icalrecur_iterator* iterator = icalrecur_iterator_new(rule, *start);
        int before = 0;
        for (icaltimetype next = icalrecur_iterator_next(iterator);
             iterator && !icaltime_is_null_time(next) && before < rule.count;
             next = icalrecur_iterator_next(iterator)) {
            if (zone) next = icaltime_set_timezone(&next, zone);
            if (to_utc_seconds(next, zone) >= *event.ends_before) break;
            ++before;
        }
        if (iterator) icalrecur_iterator_free(iterator);
        rule.count = std::max(before, 1);
    } else {
        icaltimetype until = timing.all_day() ? utc_time(*event.ends_before - 86'400)
                                              : utc_time(*event.ends_before - 1);
        if (timing.all_day()) {
            until.is_date = 1;
            until.zone = nullptr;
        }
        if (icaltime_is_null_time(rule.until) || icaltime_compare(until, rule.until) < 0)
            rule.until = until;
    }
    char* text = icalrecurrencetype_as_string(&rule);
    return text ? text : rrule;
}

void add_text(icalcomponent* event, icalproperty* property, const std::string& value) {
    if (value.empty()) {
        icalproperty_free(property);
        return;
    }
    icalcomponent_add_property(event, property);
}

void add_kept(icalcomponent* event, const v1::EventFields& fields) {
    for (const std::string& line : fields.extra().values()) {
        if (line.rfind("BEGIN:", 0) == 0) {
            if (icalcomponent* component = icalcomponent_new_from_string(line.c_str()))
                icalcomponent_add_component(event, component);
        } else if (icalproperty* property = icalproperty_new_from_string(line.c_str())) {
            icalcomponent_add_property(event, property);
        }
    }
}

icalcomponent* vevent(const CalendarEvent& event, const v1::EventFields& fields,
                      const std::string& recurrence_id, const MemberName& name) {
    icalcomponent* out = icalcomponent_new_vevent();
    icalcomponent_add_property(out, icalproperty_new_uid(event.uid.c_str()));
    icalcomponent_add_property(out, icalproperty_new_dtstamp(utc_time(std::time(nullptr))));
    const v1::Timing& timing = fields.timing();
    if (!recurrence_id.empty()) {
        if (icalproperty* id = at_recurrence(icalproperty_new_recurrenceid(icaltime_null_time()),
                                             recurrence_id, event.resolved.timing()))
            icalcomponent_add_property(out, id);
    }
    icalcomponent_add_property(
        out, with_time(icalproperty_new_dtstart(icaltime_null_time()), timing.start(), timing));
    icalcomponent_add_property(
        out, with_time(icalproperty_new_dtend(icaltime_null_time()), timing.end(), timing));
    add_text(out, icalproperty_new_summary(fields.title().c_str()), fields.title());
    add_text(out, icalproperty_new_location(fields.location().c_str()), fields.location());
    add_text(out, icalproperty_new_description(fields.description().c_str()), fields.description());
    add_text(out, icalproperty_new_categories(fields.category().c_str()), fields.category());
    if (!fields.color().empty()) {
        icalproperty* color = icalproperty_new_x(fields.color().c_str());
        icalproperty_set_x_name(color, "X-GROVE-COLOR");
        icalcomponent_add_property(out, color);
    }
    if (recurrence_id.empty()) {
        const std::string rule = rule_with_end(event);
        if (!rule.empty()) {
            icalrecurrencetype recur = icalrecurrencetype_from_string(rule.c_str());
            icalcomponent_add_property(out, icalproperty_new_rrule(recur));
        }
        for (const std::string& date : fields.rdates().values()) {
            icaldatetimeperiodtype value{};
            value.time = icaltime_null_time();
            value.period = icalperiodtype_null_period();
            icalproperty* rdate = icalproperty_new_rdate(value);
            icalcomponent_add_property(out, with_time(rdate, date, timing));
        }
        for (const std::string& cancelled : event.cancelled)
            if (icalproperty* exdate =
                    at_recurrence(icalproperty_new_exdate(icaltime_null_time()), cancelled, timing))
                icalcomponent_add_property(out, exdate);
    }
    for (const std::string& hex : fields.attendees().values()) {
        const std::string uri = "urn:grove:identity:" + hex;
        icalproperty* attendee = icalproperty_new_attendee(uri.c_str());
        sdk::IdentityId identity{};
        if (sdk::from_hex(hex, identity)) {
            if (name) {
                const std::string cn = name(identity);
                if (!cn.empty())
                    icalproperty_add_parameter(attendee, icalparameter_new_cn(cn.c_str()));
            }
            icalparameter_partstat partstat = ICAL_PARTSTAT_NEEDSACTION;
            switch (event.response_of(identity)) {
                case v1::RESPONSE_ACCEPTED:
                    partstat = ICAL_PARTSTAT_ACCEPTED;
                    break;
                case v1::RESPONSE_DECLINED:
                    partstat = ICAL_PARTSTAT_DECLINED;
                    break;
                case v1::RESPONSE_TENTATIVE:
                    partstat = ICAL_PARTSTAT_TENTATIVE;
                    break;
                default:
                    break;
            }
            icalproperty_add_parameter(attendee, icalparameter_new_partstat(partstat));
        }
        icalcomponent_add_property(out, attendee);
    }
    for (int minutes : fields.reminders().minutes_before()) {
        icalcomponent* alarm = icalcomponent_new_valarm();
        icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
        icaltriggertype trigger{};
        trigger.time = icaltime_null_time();
        trigger.duration = icaldurationtype_from_int(-minutes * 60);
        icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
        icalcomponent_add_property(
            alarm, icalproperty_new_description(fields.title().empty() ? "Reminder"
                                                                       : fields.title().c_str()));
        icalcomponent_add_component(out, alarm);
    }
    add_kept(out, fields);
    return out;
}

// A VTIMEZONE for an IANA zone, with TZID the plain IANA name the events use.
icalcomponent* vtimezone(const std::string& tzid) {
    icaltimezone* zone = find_zone(tzid);
    if (!zone || zone == icaltimezone_get_utc_timezone()) return nullptr;
    icalcomponent* source = icaltimezone_get_component(zone);
    if (!source) return nullptr;
    icalcomponent* out = icalcomponent_new_clone(source);
    if (icalproperty* id = icalcomponent_get_first_property(out, ICAL_TZID_PROPERTY))
        icalproperty_set_tzid(id, tzid.c_str());
    return out;
}

}  // namespace

std::string export_ics(const CalendarState& state, const std::optional<EventId>& only,
                       const MemberName& name) {
    icalcomponent* calendar = icalcomponent_new_vcalendar();
    icalcomponent_add_property(calendar, icalproperty_new_version("2.0"));
    icalcomponent_add_property(calendar, icalproperty_new_prodid("-//Grove//Calendar 1.0//EN"));
    icalcomponent_add_property(calendar, icalproperty_new_calscale("GREGORIAN"));
    std::set<std::string> zones;
    std::vector<icalcomponent*> events;
    // By UID, so the same calendar always exports the same text.
    std::vector<const CalendarEvent*> ordered;
    for (const auto& [id, event] : state.events())
        if (!event.deleted && (!only || id == *only)) ordered.push_back(&event);
    std::sort(ordered.begin(), ordered.end(), [](const CalendarEvent* a, const CalendarEvent* b) {
        return std::tie(a->uid, a->id) < std::tie(b->uid, b->id);
    });
    for (const CalendarEvent* pointer : ordered) {
        const CalendarEvent& event = *pointer;
        auto note_zone = [&](const v1::EventFields& fields) {
            if (fields.has_timing() && !fields.timing().all_day() &&
                fields.timing().tzid() != "UTC")
                zones.insert(fields.timing().tzid());
        };
        note_zone(event.resolved);
        events.push_back(vevent(event, event.resolved, {}, name));
        for (const auto& [recurrence_id, changes] : event.resolved_overrides) {
            if (event.cancelled.count(recurrence_id)) continue;
            v1::EventFields fields = event.resolved;
            fields.MergeFrom(changes);
            note_zone(fields);
            events.push_back(vevent(event, fields, recurrence_id, name));
        }
    }
    for (const std::string& tzid : zones)
        if (icalcomponent* zone = vtimezone(tzid)) icalcomponent_add_component(calendar, zone);
    for (icalcomponent* event : events) icalcomponent_add_component(calendar, event);
    char* text = icalcomponent_as_ical_string_r(calendar);
    std::string out = text ? text : "";
    std::free(text);
    icalcomponent_free(calendar);
    return out;
}

Result<void> write_feed(const std::string& path, const std::string& text) {
    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly))
        return make_error(ErrorCode::Unavailable,
                          "cannot write " + path + ": " + file.errorString().toStdString());
    file.write(text.data(), static_cast<qint64>(text.size()));
    if (!file.commit())
        return make_error(ErrorCode::Unavailable,
                          "cannot write " + path + ": " + file.errorString().toStdString());
    return {};
}

}  // namespace grove::tools::calendar
