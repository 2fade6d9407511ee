// iCalendar in and out: exports shaped like Google, Outlook, Thunderbird and Apple Calendar
// import with their recurrences, zones, exceptions and alarms; unknown properties survive an
// export; import → export → import gives the same calendar; broken or hostile files are refused
// with the line and reason and change nothing.
#include <gtest/gtest.h>

#include <QFile>
#include <set>

#include "calendar_replica.h"
#include "icalexport.h"
#include "icalimport.h"

using namespace grove;
using namespace grove::tools::calendar;
using grove::tests::CalendarReplica;

namespace {

std::string fixture(const char* name) {
    QFile file(QString(GROVE_CALENDAR_FIXTURES) + "/" + name);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name;
    return file.readAll().toStdString();
}

// Every occurrence of the calendar in 2026–2028 as "uid start title location".
std::vector<std::string> occurrences(const CalendarState& state) {
    std::vector<std::string> out;
    for (const auto& [id, event] : state.events())
        for (const Occurrence& o : expand(event, 1'767'225'600, 1'861'920'000))
            out.push_back(event.uid + " " + std::to_string(o.start) + "-" + std::to_string(o.end) +
                          " " + o.fields->title() + " @" + o.fields->location());
    std::sort(out.begin(), out.end());
    return out;
}

const CalendarEvent* by_uid(const CalendarState& state, const std::string& uid) {
    return state.find_uid(uid);
}

bool keeps(const CalendarEvent& event, const std::string& prefix) {
    for (const std::string& line : event.resolved.extra().values())
        if (line.rfind(prefix, 0) == 0) return true;
    return false;
}

}  // namespace

TEST(CalendarIcal, ImportsGoogleExportWithExceptionsAlarmsAndUnknownProperties) {
    CalendarReplica a("Ann", 1);
    auto done = a.model().import_ics(fixture("google.ics"));
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(done->created, 2u);
    const CalendarEvent* planning = by_uid(a.state(), "7kukuqrfedlm2f9t0vsqe5tr3f@google.com");
    ASSERT_NE(planning, nullptr);
    EXPECT_EQ(planning->resolved.title(), "Planning");
    EXPECT_EQ(planning->resolved.timing().tzid(), "Europe/Paris");
    EXPECT_EQ(planning->resolved.location(), "Room 4, Paris office");
    EXPECT_EQ(planning->resolved.reminders().minutes_before_size(), 1);
    EXPECT_EQ(planning->resolved.reminders().minutes_before(0), 10);
    EXPECT_TRUE(keeps(*planning, "X-GOOGLE-CONFERENCE"));
    EXPECT_TRUE(keeps(*planning, "ATTENDEE"));
    EXPECT_TRUE(planning->cancelled.count("20270118T090000Z"));
    auto list = expand(*planning, 1'790'000'000, 1'900'000'000);
    // Mondays 4 Jan … 22 Mar 2027 (12) minus the 18 Jan exception.
    ASSERT_EQ(list.size(), 11u);
    bool moved = false;
    for (const Occurrence& o : list)
        if (o.recurrence_id == "20270125T090000Z") {
            moved = true;
            EXPECT_EQ(o.fields->title(), "Planning (late start)");
            EXPECT_EQ(o.start, 1'800'871'200);  // 11:00 Paris, 10:00 UTC
        }
    EXPECT_TRUE(moved);
    const CalendarEvent* offsite = by_uid(a.state(), "0a1b2c3d4e5f@google.com");
    ASSERT_NE(offsite, nullptr);
    EXPECT_TRUE(offsite->resolved.timing().all_day());
    EXPECT_EQ(offsite->resolved.timing().end(), "20270216");
}

TEST(CalendarIcal, ImportsOutlookThunderbirdAndAppleExports) {
    CalendarReplica a("Ann", 1);
    for (const char* name : {"outlook.ics", "thunderbird.ics", "apple.ics"}) {
        auto done = a.model().import_ics(fixture(name));
        ASSERT_TRUE(done.ok()) << name << ": " << done.error().message;
    }
    EXPECT_EQ(a.state().events().size(), 4u);
    const CalendarEvent* review = nullptr;
    for (const auto& [id, event] : a.state().events())
        if (event.resolved.title() == "Quarterly review") review = &event;
    ASSERT_NE(review, nullptr);
    // Outlook's Windows zone name becomes the IANA zone.
    EXPECT_EQ(review->resolved.timing().tzid(), "Europe/Berlin");
    EXPECT_EQ(expand(*review, 1'790'000'000, 1'900'000'000).size(), 4u);
    EXPECT_TRUE(keeps(*review, "X-MICROSOFT-CDO-BUSYSTATUS"));
    EXPECT_TRUE(keeps(*review, "ORGANIZER"));
    EXPECT_TRUE(keeps(*review, "BEGIN:VALARM"));  // RELATED=START kept whole

    const CalendarEvent* dentist = by_uid(a.state(), "9b3c2a1e-5f4d-4c3b-8a2e-1d0c9b8a7f6e");
    ASSERT_NE(dentist, nullptr);
    EXPECT_EQ(dentist->resolved.category(), "Personal");
    EXPECT_EQ(dentist->resolved.reminders().minutes_before(0), 60);
    const CalendarEvent* train = by_uid(a.state(), "c5d4e3f2-0000-4abc-9def-112233445566");
    ASSERT_NE(train, nullptr);
    EXPECT_EQ(train->resolved.rdates().values_size(), 1);

    const CalendarEvent* dinner = by_uid(a.state(), "2C9F5A3E-8B1D-4E7F-A6C2-9D0E1F2A3B4C");
    ASSERT_NE(dinner, nullptr);
    EXPECT_EQ(dinner->resolved.timing().tzid(), "Asia/Tokyo");
    EXPECT_TRUE(keeps(*dinner, "X-APPLE-STRUCTURED-LOCATION"));
    EXPECT_TRUE(keeps(*dinner, "BEGIN:VALARM"));  // an AUDIO alarm is kept as it was
}

TEST(CalendarIcal, ImportExportImportGivesTheSameCalendar) {
    for (const char* name : {"google.ics", "outlook.ics", "thunderbird.ics", "apple.ics"}) {
        CalendarReplica first("Ann", 1);
        ASSERT_TRUE(first.model().import_ics(fixture(name)).ok()) << name;
        const std::string exported = first.model().export_ics();
        CalendarReplica second("Bob", 2);
        auto again = second.model().import_ics(exported);
        ASSERT_TRUE(again.ok()) << name << ": " << again.error().message << "\n" << exported;
        EXPECT_EQ(occurrences(second.state()), occurrences(first.state())) << name;
        for (const auto& [id, event] : first.state().events()) {
            const CalendarEvent* copy = second.state().find_uid(event.uid);
            ASSERT_NE(copy, nullptr) << event.uid;
            EXPECT_EQ(copy->resolved.extra().values_size(), event.resolved.extra().values_size())
                << name << " " << event.uid;
            EXPECT_EQ(copy->resolved.reminders().SerializeAsString(),
                      event.resolved.reminders().SerializeAsString());
            EXPECT_EQ(copy->cancelled, event.cancelled);
        }
        // A second export is the same text but for DTSTAMP.
        auto strip = [](std::string text) {
            std::string out;
            std::size_t at = 0;
            while (at < text.size()) {
                std::size_t end = text.find('\n', at);
                if (end == std::string::npos) end = text.size();
                std::string line = text.substr(at, end - at);
                if (line.rfind("DTSTAMP", 0) != 0) out += line + "\n";
                at = end + 1;
            }
            return out;
        };
        EXPECT_EQ(strip(second.model().export_ics()), strip(exported)) << name;
    }
}

// RFC 5545 wants EXDATE and RECURRENCE-ID of the same type as DTSTART; files that give a time for a
// series of whole days still name a day. Grove keeps that day and writes it back as a DATE (an
// export once wrote EXDATE:00000000 for such a series and could not read it back).
TEST(CalendarIcal, TimedExceptionsOfAllDaySeriesNameTheirDay) {
    const std::string text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
        "BEGIN:VEVENT\r\nUID:standup\r\nDTSTART;VALUE=DATE:20270104\r\n"
        "DTEND;VALUE=DATE:20270105\r\nSUMMARY:Rota\r\nRRULE:FREQ=DAILY;COUNT=5\r\n"
        "EXDATE;TZID=Europe/Paris:20270105T100000\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:standup\r\nRECURRENCE-ID:20270107T000000Z\r\n"
        "DTSTART;VALUE=DATE:20270107\r\nDTEND;VALUE=DATE:20270108\r\nSUMMARY:Rota (Bob)\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n";
    CalendarReplica first("Ann", 1);
    auto imported = first.model().import_ics(text);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    const CalendarEvent* rota = by_uid(first.state(), "standup");
    ASSERT_NE(rota, nullptr);
    EXPECT_EQ(rota->cancelled, std::set<std::string>{"20270105"});
    EXPECT_EQ(rota->resolved_overrides.count("20270107"), 1u);
    const std::string exported = first.model().export_ics();
    EXPECT_NE(exported.find("EXDATE;VALUE=DATE:20270105"), std::string::npos) << exported;
    EXPECT_NE(exported.find("RECURRENCE-ID;VALUE=DATE:20270107"), std::string::npos) << exported;
    CalendarReplica second("Bob", 2);
    auto again = second.model().import_ics(exported);
    ASSERT_TRUE(again.ok()) << again.error().message << "\n" << exported;
    EXPECT_EQ(occurrences(second.state()), occurrences(first.state()));
    EXPECT_EQ(occurrences(first.state()).size(), 4u);
}

TEST(CalendarIcal, ReimportingUpdatesInsteadOfDuplicating) {
    CalendarReplica a("Ann", 1);
    ASSERT_TRUE(a.model().import_ics(fixture("thunderbird.ics")).ok());
    auto again = a.model().import_ics(fixture("thunderbird.ics"));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->created, 0u);
    EXPECT_EQ(again->updated, 2u);
    EXPECT_EQ(a.state().events().size(), 2u);
}

TEST(CalendarIcal, BrokenAndHostileFilesAreRefusedWithTheLineAndNothingChanges) {
    const std::string head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n";
    struct Case {
        std::string text;
        std::string expected;
    };
    std::string deep = head;
    for (int i = 0; i < 50; ++i) deep += "BEGIN:X-NEST\r\n";
    const Case cases[] = {
        {"", "line 1: no BEGIN:VCALENDAR"},
        {"hello world\r\n", "line 1: not an iCalendar line"},
        {head + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270230T100000Z\r\nSUMMARY:x\r\nEND:"
                "VEVENT\r\nEND:VCALENDAR\r\n",
         "line 6: DTSTART"},
        {head + "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         "line 4: an event without DTSTART"},
        // A time of day past 23:59:60 (found by fuzz_ical_import: the importer took it, the state
        // then refused the operation it made).
        {head + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270101T100000Z\r\nSUMMARY:x\r\nRRULE:FREQ=DAILY"
                "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270102T110000Z\r\nSUMMARY:y"
                "\r\nRECURRENCE-ID:"
                "20270102T290000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         "line 14: RECURRENCE-ID"},
        {head + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270101T100000Z\r\nSUMMARY:x\r\nEXDATE:"
                "20270102T106100Z\r\n"
                "RRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         "line 8: EXDATE"},
        {head + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270101T100000Z\r\nEND:VCALENDAR\r\n",
         "line 7: END:VCALENDAR without its BEGIN"},
        {head + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270101T100000Z\r\n",
         "the file ends inside VEVENT"},
        {deep, "nested deeper than"},
        {head + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Mars/"
                "Olympus:20270101T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         "line 6: DTSTART: unknown time zone 'Mars/Olympus'"},
        {head + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270101T100000Z\r\nDTEND:"
                "20261231T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         "line 7: DTEND: the event ends before it starts"},
        {head + "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270101T100000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:"
                "VEVENT\r\nEND:VCALENDAR\r\n",
         "line 7: RRULE"},
        {head + "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:\xff\xfe\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         "line 6: the text is not UTF-8"},
    };
    for (const Case& c : cases) {
        CalendarReplica a("Ann", 1);
        ASSERT_TRUE(a.model().import_ics(fixture("thunderbird.ics")).ok());
        const sdk::Digest before = a.state().digest();
        const std::size_t ops = a.context.submitted().size();
        auto done = a.model().import_ics(c.text);
        ASSERT_FALSE(done.ok()) << c.expected;
        EXPECT_NE(done.error().message.find(c.expected), std::string::npos)
            << "wanted '" << c.expected << "', got '" << done.error().message << "'";
        EXPECT_EQ(a.state().digest(), before);
        EXPECT_EQ(a.context.submitted().size(), ops);
    }
    // Too large, refused before parsing.
    IcalImportOptions small;
    small.max_bytes = 1000;
    CalendarState empty;
    auto huge = import_ics(std::string(5000, 'x'), empty, small);
    ASSERT_FALSE(huge.ok());
    EXPECT_NE(huge.error().message.find("larger than"), std::string::npos);
}

TEST(CalendarIcal, ExportWritesMembersTheirAnswersAndTheSplitEnd) {
    CalendarReplica a("Ann", 1);
    a.context.set_members({{a.context.identity(), "Ann", sdk::Role::Participant, {}}});
    v1::EventFields fields;
    fields.set_title("Weekly");
    fields.mutable_timing()->set_start("20270104T100000");
    fields.mutable_timing()->set_end("20270104T110000");
    fields.mutable_timing()->set_tzid("Europe/Paris");
    fields.set_rrule("FREQ=WEEKLY");
    fields.mutable_attendees()->add_values(sdk::to_hex(a.context.identity()));
    auto id = a.model().create_event(fields);
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(a.model().respond(*id, v1::RESPONSE_TENTATIVE).ok());
    ASSERT_TRUE(a.model().delete_event(*id, EditScope::ThisAndFollowing, "20270201T090000Z").ok());
    const std::string text = a.model().export_ics(*id);
    EXPECT_NE(text.find("PARTSTAT=TENTATIVE"), std::string::npos) << text;
    EXPECT_NE(text.find("CN=Ann"), std::string::npos);
    EXPECT_NE(text.find("UNTIL=20270201T085959Z"), std::string::npos) << text;
    EXPECT_NE(text.find("BEGIN:VTIMEZONE"), std::string::npos);
    EXPECT_NE(text.find("TZID:Europe/Paris"), std::string::npos);
    CalendarReplica b("Bob", 2);
    ASSERT_TRUE(b.model().import_ics(text).ok());
    EXPECT_EQ(expand(b.state().events().begin()->second, 0, 4'000'000'000).size(), 4u);
}
