// Recurrence and time zones: expansion checked against libical's own answer
// (icalcomponent_foreach_recurrence on the same VEVENT), DST in the event's zone, and a Paris
// meeting shown at the right hour in New York across both DST changes.
#include <gtest/gtest.h>

#include <set>

#include "calendar_replica.h"
#include "calendarmodel.h"
#include "daylayout.h"
#include "recurrence.h"
#include "timezones.h"

using namespace grove;
using namespace grove::tools::calendar;
using grove::tests::CalendarReplica;

namespace {

v1::EventFields timed(const std::string& start, const std::string& end, const std::string& tzid,
                      const std::string& rrule) {
    v1::EventFields fields;
    fields.set_title("Meeting");
    fields.mutable_timing()->set_start(start);
    fields.mutable_timing()->set_end(end);
    fields.mutable_timing()->set_tzid(tzid);
    fields.set_rrule(rrule);
    return fields;
}

void collect(icalcomponent*, struct icaltime_span* span, void* data) {
    static_cast<std::vector<std::int64_t>*>(data)->push_back(span->start);
}

// libical's own expansion of the same event, as UTC seconds of each start.
std::vector<std::int64_t> libical_answer(const std::string& start, const std::string& end,
                                         const std::string& tzid, const std::string& rrule,
                                         std::int64_t from, std::int64_t to) {
    icaltimezone* zone = find_zone(tzid);
    icalcomponent* event = icalcomponent_new_vevent();
    icaltimetype dtstart = icaltime_from_string(start.c_str());
    dtstart = icaltime_set_timezone(&dtstart, zone);
    icaltimetype dtend = icaltime_from_string(end.c_str());
    dtend = icaltime_set_timezone(&dtend, zone);
    icalcomponent_set_dtstart(event, dtstart);
    icalcomponent_set_dtend(event, dtend);
    icalcomponent_add_property(
        event, icalproperty_new_rrule(icalrecurrencetype_from_string(rrule.c_str())));
    std::vector<std::int64_t> starts;
    icaltimetype begin = icaltime_from_timet_with_zone(static_cast<time_t>(from), 0,
                                                       icaltimezone_get_utc_timezone());
    icaltimetype finish =
        icaltime_from_timet_with_zone(static_cast<time_t>(to), 0, icaltimezone_get_utc_timezone());
    icalcomponent_foreach_recurrence(event, begin, finish, collect, &starts);
    icalcomponent_free(event);
    return starts;
}

}  // namespace

TEST(CalendarRecurrence, AgreesWithLibicalsOwnExpansion) {
    struct Case {
        const char* start;
        const char* end;
        const char* tzid;
        const char* rule;
    };
    const Case cases[] = {
        {"20270104T093000", "20270104T100000", "Europe/Paris", "FREQ=WEEKLY;BYDAY=MO,WE,FR"},
        {"20270131T180000", "20270131T190000", "America/New_York", "FREQ=MONTHLY;BYMONTHDAY=-1"},
        {"20270301T013000", "20270301T023000", "America/New_York", "FREQ=DAILY;COUNT=40"},
        {"20270110T120000", "20270110T130000", "Asia/Tokyo", "FREQ=MONTHLY;BYDAY=2SU;INTERVAL=2"},
        {"20270101T080000", "20270101T083000", "UTC", "FREQ=YEARLY;BYMONTH=1,7;BYDAY=1MO"},
        {"20270105T070000", "20270105T080000", "Australia/Sydney",
         "FREQ=WEEKLY;INTERVAL=3;UNTIL=20280101T000000Z"},
    };
    const std::int64_t from = 1'798'761'600;  // 2027-01-01
    const std::int64_t to = 1'830'297'600;    // 2028-01-01
    for (const Case& c : cases) {
        CalendarReplica a("Ann", 1);
        auto id = a.model().create_event(timed(c.start, c.end, c.tzid, c.rule));
        ASSERT_TRUE(id.ok()) << c.rule << ": " << id.error().message;
        std::vector<std::int64_t> ours;
        for (const Occurrence& o : expand(*a.state().find(*id), from, to)) ours.push_back(o.start);
        auto theirs = libical_answer(c.start, c.end, c.tzid, c.rule, from, to);
        std::sort(theirs.begin(), theirs.end());
        EXPECT_FALSE(ours.empty()) << c.rule;
        EXPECT_EQ(ours, theirs) << c.tzid << " " << c.rule;
        // A window inside the year (a bounded rule's occurrences are walked once, then searched).
        const std::int64_t window_from = from + 90 * 86'400, window_to = from + 150 * 86'400;
        std::vector<std::int64_t> ours_window;
        for (const Occurrence& o : expand(*a.state().find(*id), window_from, window_to))
            ours_window.push_back(o.start);
        auto theirs_window = libical_answer(c.start, c.end, c.tzid, c.rule, window_from, window_to);
        std::sort(theirs_window.begin(), theirs_window.end());
        EXPECT_EQ(ours_window, theirs_window) << c.tzid << " " << c.rule << " (window)";
    }
}

TEST(CalendarRecurrence, AnOccurrenceMovedFarAwayIsListedWhereItNowIs) {
    CalendarReplica a("Ann", 1);
    // Mondays 09:30 Paris from 4 January 2027, 20 times (to 17 May).
    auto id = a.model().create_event(
        timed("20270104T093000", "20270104T100000", "Europe/Paris", "FREQ=WEEKLY;COUNT=20"));
    ASSERT_TRUE(id.ok());
    v1::EventFields moved;
    moved.mutable_timing()->set_start("20270915T140000");
    moved.mutable_timing()->set_end("20270915T150000");
    moved.mutable_timing()->set_tzid("Europe/Paris");
    ASSERT_TRUE(a.model().update_event(*id, EditScope::This, "20270104T083000Z", moved).ok());
    const CalendarEvent& event = *a.state().find(*id);
    // 31 August – 30 September 2027: the moved occurrence alone, at its new time.
    auto september = expand(event, 1'819'670'400, 1'822'262'400);
    ASSERT_EQ(september.size(), 1u);
    EXPECT_EQ(september[0].recurrence_id, "20270104T083000Z");
    EXPECT_EQ(display_time(september[0].start, find_zone("Europe/Paris")), "2027-09-15T14:00:00");
    // The first week of January no longer has it; the series still has 20 occurrences.
    EXPECT_TRUE(expand(event, 1'799'020'800, 1'799'625'600).empty());
    EXPECT_EQ(expand(event, 1'798'761'600, 1'830'297'600).size(), 20u);
    // Outside everything the event spans, nothing.
    EXPECT_TRUE(expand(event, 1'830'297'600, 1'861'920'000).empty());
}

TEST(CalendarTimeZones, ParisMeetingShowsAtTheRightHourInNewYorkAcrossDst) {
    CalendarReplica a("Ann", 1);
    // Mondays 09:00 in Paris. The US changes to summer time on 14 March 2027, Europe on 28 March.
    auto id = a.model().create_event(
        timed("20270301T090000", "20270301T100000", "Europe/Paris", "FREQ=WEEKLY;COUNT=6"));
    ASSERT_TRUE(id.ok());
    icaltimezone* new_york = find_zone("America/New_York");
    icaltimezone* paris = find_zone("Europe/Paris");
    std::vector<std::string> in_new_york, in_paris;
    for (const Occurrence& o : expand(*a.state().find(*id), 1'800'000'000, 1'900'000'000)) {
        in_new_york.push_back(display_time(o.start, new_york));
        in_paris.push_back(display_time(o.start, paris));
    }
    EXPECT_EQ(in_new_york,
              (std::vector<std::string>{"2027-03-01T03:00:00", "2027-03-08T03:00:00",
                                        "2027-03-15T04:00:00",  // US on summer time, Europe not yet
                                        "2027-03-22T04:00:00",
                                        "2027-03-29T03:00:00",  // both on summer time
                                        "2027-04-05T03:00:00"}));
    for (const std::string& time : in_paris) EXPECT_EQ(time.substr(11), "09:00:00");

    // The model shows the viewer's zone.
    a.model().set_time_zone("America/New_York");
    QVariantList shown = a.model().occurrences(1'805'000'000'000.0, 1'806'000'000'000.0);
    ASSERT_FALSE(shown.isEmpty());
    EXPECT_EQ(shown[0].toMap()["startText"].toString(), "2027-03-15T04:00:00");
}

TEST(CalendarTimeZones, WindowsAndPrefixedZoneNamesResolve) {
    EXPECT_EQ(find_zone("W. Europe Standard Time"), find_zone("Europe/Berlin"));
    EXPECT_EQ(find_zone("/mozilla.org/20050126_1/Europe/Paris"), find_zone("Europe/Paris"));
    EXPECT_EQ(find_zone("Nowhere/Atlantis"), nullptr);
    EXPECT_FALSE(parse_local("20270229T100000", false));  // not a leap year
    EXPECT_TRUE(parse_local("20280229T100000", false));
}

TEST(CalendarRecurrence, AllDayRdatesAndEndlessRulesStayBounded) {
    CalendarReplica a("Ann", 1);
    v1::EventFields fields;
    fields.set_title("Payday");
    fields.mutable_timing()->set_start("20270115");
    fields.mutable_timing()->set_end("20270116");
    fields.mutable_timing()->set_all_day(true);
    fields.set_rrule("FREQ=MONTHLY");
    fields.mutable_rdates()->add_values("20270222");
    auto id = a.model().create_event(fields);
    ASSERT_TRUE(id.ok()) << id.error().message;
    auto year = expand(*a.state().find(*id), 1'798'761'600, 1'830'297'600);
    EXPECT_EQ(year.size(), 13u);  // 12 months and the extra date
    auto limited = expand(*a.state().find(*id), 0, 4'000'000'000, 50);
    EXPECT_EQ(limited.size(), 50u);
}

TEST(CalendarDayLayout, OverlappingEventsStandSideBySide) {
    // 9:00–10:00, 9:30–11:00, 10:00–10:30 and 9:00–9:20 overlap as a cluster of two lanes;
    // 12:00 stands alone.
    std::vector<LaidOutSpan> spans{{540, 600}, {570, 660}, {600, 630}, {720, 780}, {540, 560}};
    lay_out_day(spans);
    EXPECT_EQ(spans[0].lane, 0);
    EXPECT_EQ(spans[1].lane, 1);
    EXPECT_EQ(spans[2].lane, 0);  // reuses the first lane once 9:00–10:00 has ended
    EXPECT_EQ(spans[4].lane, 1);  // 9:00–9:20, beside the first; 9:30 takes its lane after
    EXPECT_EQ(spans[0].lanes, 2);
    EXPECT_EQ(spans[2].lanes, 2);
    EXPECT_EQ(spans[3].lane, 0);
    EXPECT_EQ(spans[3].lanes, 1);
}
