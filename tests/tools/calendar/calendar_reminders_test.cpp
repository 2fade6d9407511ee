// Reminders: each occurrence's reminder is shown once, at its time in the viewer's zone, through
// ToolContext::notify; a later reminder supersedes one that came due while the device was off;
// nothing for declined events, deleted occurrences or events already over; the next fire time
// is known.
#include <gtest/gtest.h>

#include <QVariant>

#include "calendar_replica.h"
#include "reminders.h"

using namespace grove;
using namespace grove::tools::calendar;
using grove::tests::CalendarReplica;

namespace {

constexpr std::int64_t kMinute = 60'000;
// 2027-03-01T09:00:00Z, Unix ms.
constexpr std::int64_t kNineUtc = 1'803'891'600'000;

QString create(CalendarReplica& replica, const QVariantMap& fields) {
    const QString id = replica.model().createEvent(fields);
    EXPECT_FALSE(id.isEmpty()) << replica.model().property("lastError").toString().toStdString();
    return id;
}

std::vector<std::string> keys(const CalendarReplica& replica) {
    std::vector<std::string> out;
    for (const auto& n : const_cast<CalendarReplica&>(replica).context.notifications())
        out.push_back(n.key);
    return out;
}

}  // namespace

TEST(CalendarReminders, ShownOnceAtTheirTimeAndTheNextOneIsKnown) {
    CalendarReplica ann("Ann", 1);
    std::int64_t now = kNineUtc;
    ann.instance->set_clock([&] { return now; });
    create(ann, {{"title", "Planning"},
                 {"location", "Room 4"},
                 {"start", double(kNineUtc + 30 * kMinute)},
                 {"end", double(kNineUtc + 60 * kMinute)},
                 {"timeZone", "UTC"},
                 {"reminders", QVariantList{10, 60}}});
    // 09:00: the 60-minute reminder (due at 08:30) is due; the 10-minute one is next, at 09:20.
    const ReminderWindow at_nine = reminders_at(ann.state(), ann.context.identity(), "UTC", now);
    ASSERT_EQ(at_nine.due.size(), 1u);
    EXPECT_EQ(at_nine.due[0].fire_at_ms, kNineUtc - 30 * kMinute);
    ASSERT_TRUE(at_nine.next_ms);
    EXPECT_EQ(*at_nine.next_ms, kNineUtc + 20 * kMinute);

    ann.instance->check_reminders();
    ASSERT_EQ(ann.context.notifications().size(), 1u);
    const sdk::Notification& first = ann.context.notifications()[0];
    EXPECT_EQ(first.title, "Planning");
    EXPECT_NE(first.body.find("In 30 minutes"), std::string::npos) << first.body;
    EXPECT_NE(first.body.find("09:30–10:00"), std::string::npos) << first.body;
    EXPECT_NE(first.body.find("Room 4"), std::string::npos) << first.body;
    EXPECT_GT(first.keep_until_ms, kNineUtc + 60 * kMinute);

    ann.instance->check_reminders();  // asking again shows nothing new
    EXPECT_EQ(ann.context.notifications().size(), 1u);
    now = kNineUtc + 20 * kMinute;
    ann.instance->check_reminders();
    ASSERT_EQ(ann.context.notifications().size(), 2u);
    EXPECT_NE(ann.context.notifications()[1].key, first.key);
    EXPECT_NE(ann.context.notifications()[1].body.find("In 10 minutes"), std::string::npos);
    now = kNineUtc + 61 * kMinute;  // over: nothing more
    ann.instance->check_reminders();
    EXPECT_EQ(ann.context.notifications().size(), 2u);
}

TEST(CalendarReminders, ADeviceThatWasOffShowsOnlyTheLatestDueReminder) {
    CalendarReplica ann("Ann", 1);
    std::int64_t now = kNineUtc + 25 * kMinute;  // both the 60- and the 10-minute one are due
    ann.instance->set_clock([&] { return now; });
    create(ann, {{"title", "Planning"},
                 {"start", double(kNineUtc + 30 * kMinute)},
                 {"end", double(kNineUtc + 60 * kMinute)},
                 {"timeZone", "UTC"},
                 {"reminders", QVariantList{60, 10}}});
    ann.instance->check_reminders();
    ASSERT_EQ(keys(ann).size(), 1u);
    EXPECT_EQ(keys(ann)[0].substr(keys(ann)[0].rfind('/')), "/10");
    now += 10 * kMinute;  // in progress: the superseded one never comes back
    ann.instance->check_reminders();
    EXPECT_EQ(keys(ann).size(), 1u);
}

TEST(CalendarReminders, EachOccurrenceOfASeriesInTheViewersZone) {
    CalendarReplica ann("Ann", 1);
    ann.model().set_time_zone("America/New_York");
    // A daily 10:00 Paris meeting with a 15-minute reminder: 09:45 Paris is 03:45 in New York.
    const std::int64_t ten_paris = kNineUtc;  // 2027-03-01T10:00+01:00
    create(ann, {{"title", "Standup"},
                 {"start", double(ten_paris)},
                 {"end", double(ten_paris + 15 * kMinute)},
                 {"timeZone", "Europe/Paris"},
                 {"rrule", "FREQ=DAILY;COUNT=5"},
                 {"reminders", QVariantList{15}}});
    std::int64_t now = 0;
    ann.instance->set_clock([&] { return now; });
    for (int day = 0; day < 5; ++day) {
        now = ten_paris + day * 86'400'000LL - 15 * kMinute;
        ann.instance->check_reminders();
        ASSERT_EQ(ann.context.notifications().size(), static_cast<std::size_t>(day + 1));
        EXPECT_NE(ann.context.notifications().back().body.find("04:00–04:15"), std::string::npos)
            << ann.context.notifications().back().body;
    }
    const auto all = keys(ann);
    EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 5u);  // one key per occurrence
}

TEST(CalendarReminders, NoneForDeclinedDeletedOrUnremindedEvents) {
    CalendarReplica ann("Ann", 1);
    std::int64_t now = kNineUtc;
    ann.instance->set_clock([&] { return now; });
    const QString declined = create(ann, {{"title", "Optional talk"},
                                          {"start", double(kNineUtc + 5 * kMinute)},
                                          {"end", double(kNineUtc + 65 * kMinute)},
                                          {"timeZone", "UTC"},
                                          {"reminders", QVariantList{10}}});
    ASSERT_TRUE(ann.model().respond(declined, v1::RESPONSE_DECLINED));
    create(ann, {{"title", "No reminder"},
                 {"start", double(kNineUtc + 5 * kMinute)},
                 {"end", double(kNineUtc + 65 * kMinute)},
                 {"timeZone", "UTC"}});
    const QString gone = create(ann, {{"title", "Cancelled"},
                                      {"start", double(kNineUtc + 5 * kMinute)},
                                      {"end", double(kNineUtc + 65 * kMinute)},
                                      {"timeZone", "UTC"},
                                      {"reminders", QVariantList{10}}});
    ASSERT_TRUE(ann.model().deleteEvent(gone, QString(), 0));
    ann.instance->check_reminders();
    EXPECT_TRUE(ann.context.notifications().empty());
    // Accepting again brings the reminder back.
    ASSERT_TRUE(ann.model().respond(declined, v1::RESPONSE_ACCEPTED));
    ann.instance->check_reminders();
    EXPECT_EQ(ann.context.notifications().size(), 1u);
}

TEST(CalendarReminders, AllDayEventsRemindBeforeMidnightInTheViewersZone) {
    CalendarReplica ann("Ann", 1);
    ann.model().set_time_zone("Asia/Tokyo");  // UTC+9
    // All day on 2027-03-02, reminded a day before: due at 2027-03-01T00:00+09:00 = 02-28T15:00Z.
    create(ann, {{"title", "Offsite"},
                 {"allDay", true},
                 {"start", double(1'803'859'200'000 + 86'400'000)},  // 2027-03-02 (UTC midnight)
                 {"end", double(1'803'859'200'000 + 2 * 86'400'000)},
                 {"reminders", QVariantList{24 * 60}}});
    const std::int64_t due = 1'803'859'200'000 - 9 * 3'600'000;
    const auto before = reminders_at(ann.state(), ann.context.identity(), "Asia/Tokyo", due - 1);
    EXPECT_TRUE(before.due.empty());
    ASSERT_TRUE(before.next_ms);
    EXPECT_EQ(*before.next_ms, due);
    const auto at = reminders_at(ann.state(), ann.context.identity(), "Asia/Tokyo", due);
    ASSERT_EQ(at.due.size(), 1u);
    EXPECT_NE(at.due[0].notification.body.find("all day"), std::string::npos);
}
