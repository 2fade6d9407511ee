// Calendar state: field-by-field convergence of concurrent edits in every delivery order, deleted
// occurrences staying deleted, splits of a series, answers, snapshots and refused operations.
#include <gtest/gtest.h>

#include "calendar_replica.h"
#include "grove/tools/calendar/v1/ops.pb.h"

using namespace grove;
using namespace grove::tools::calendar;
using grove::tests::CalendarReplica;
using grove::tests::RecordedOp;

namespace {

v1::EventFields meeting(const std::string& title, const std::string& start, const std::string& end,
                        const std::string& tzid = "Europe/Paris", const std::string& rrule = "") {
    v1::EventFields fields;
    fields.set_title(title);
    fields.mutable_timing()->set_start(start);
    fields.mutable_timing()->set_end(end);
    fields.mutable_timing()->set_tzid(tzid);
    if (!rrule.empty()) fields.set_rrule(rrule);
    return fields;
}

std::vector<RecordedOp> since(CalendarReplica& replica, std::size_t from) {
    auto& all = replica.context.submitted();
    return {all.begin() + static_cast<std::ptrdiff_t>(from), all.end()};
}

}  // namespace

TEST(CalendarState, ConcurrentEditsOfDifferentFieldsBothSurviveInEveryOrder) {
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        CalendarReplica a("Ann", 1), b("Bob", 2), c("Cat", 3);
        auto id = a.model().create_event(meeting("Planning", "20270104T100000", "20270104T110000",
                                                 "Europe/Paris", "FREQ=WEEKLY;COUNT=10"));
        ASSERT_TRUE(id.ok()) << id.error().message;
        for (auto* other : {&b, &c}) (void)other->context.receive(a.context.submitted()[0]);

        // Ann changes the duration; Bob renames; Cat deletes one occurrence and edits another.
        v1::EventFields moved;
        *moved.mutable_timing() = meeting("", "20270104T100000", "20270104T120000").timing();
        ASSERT_TRUE(a.model().update_event(*id, EditScope::All, {}, moved).ok());
        v1::EventFields renamed;
        renamed.set_title("Planning (room 4)");
        ASSERT_TRUE(b.model().update_event(*id, EditScope::All, {}, renamed).ok());
        ASSERT_TRUE(c.model().delete_event(*id, EditScope::This, "20270111T090000Z").ok());
        v1::EventFields where;
        where.set_location("Lyon");
        ASSERT_TRUE(c.model().update_event(*id, EditScope::This, "20270118T090000Z", where).ok());
        // Ann, concurrently, edits the deleted occurrence: it stays deleted.
        v1::EventFields late;
        late.set_title("Moved planning");
        ASSERT_TRUE(a.model().update_event(*id, EditScope::This, "20270111T090000Z", late).ok());

        std::vector<RecordedOp> ops;
        for (auto* replica : {&a, &b, &c}) {
            auto mine = since(*replica, replica == &a ? 1 : 0);
            ops.insert(ops.end(), mine.begin(), mine.end());
        }
        CalendarReplica d("Dan", 4);
        (void)d.context.receive(a.context.submitted()[0]);
        for (auto* replica : {&a, &b, &c, &d}) {
            std::vector<RecordedOp> missing;
            for (const RecordedOp& op : ops)
                if (op.header.author_device[0] != replica->context.me().device[0])
                    missing.push_back(op);
            grove::tests::deliver_shuffled(missing, *replica,
                                           seed * 31 + replica->context.me().device[0]);
        }
        for (auto* replica : {&b, &c, &d})
            EXPECT_EQ(replica->state().digest(), a.state().digest()) << "seed " << seed;

        const CalendarEvent* event = d.state().find(*id);
        ASSERT_NE(event, nullptr);
        EXPECT_EQ(event->resolved.title(), "Planning (room 4)");
        EXPECT_EQ(event->resolved.timing().end(), "20270104T120000");
        auto occurrences = expand(*event, 1'700'000'000, 1'900'000'000);
        ASSERT_EQ(occurrences.size(), 9u);  // 10 minus the deleted one
        for (const Occurrence& occurrence : occurrences)
            EXPECT_NE(occurrence.recurrence_id, "20270111T090000Z");
        EXPECT_EQ(occurrences[1].recurrence_id, "20270118T090000Z");
        EXPECT_EQ(occurrences[1].fields->location(), "Lyon");
    }
}

TEST(CalendarState, LastWriterWinsOnTheSameFieldWhateverTheOrder) {
    CalendarReplica a("Ann", 1), b("Bob", 2);
    auto id = a.model().create_event(meeting("One", "20270301T090000", "20270301T100000"));
    ASSERT_TRUE(id.ok());
    (void)b.context.receive(a.context.submitted()[0]);
    v1::EventFields x, y;
    x.set_title("From Ann");
    y.set_title("From Bob");
    ASSERT_TRUE(a.model().update_event(*id, EditScope::All, {}, x).ok());
    ASSERT_TRUE(b.model().update_event(*id, EditScope::All, {}, y).ok());
    (void)a.context.receive(b.context.submitted().back());
    (void)b.context.receive(a.context.submitted().back());
    EXPECT_EQ(a.state().digest(), b.state().digest());
    // Same Lamport time: the device's replica id decides, the same way on both.
    EXPECT_EQ(a.state().find(*id)->resolved.title(), b.state().find(*id)->resolved.title());
    EXPECT_NE(a.state().find(*id)->resolved.title(), "One");
}

TEST(CalendarState, DeleteWinsOverConcurrentEditsAndAnswers) {
    CalendarReplica a("Ann", 1), b("Bob", 2);
    auto id = a.model().create_event(meeting("Gone", "20270301T090000", "20270301T100000"));
    ASSERT_TRUE(id.ok());
    (void)b.context.receive(a.context.submitted()[0]);
    ASSERT_TRUE(a.model().delete_event(*id, EditScope::All, {}).ok());
    v1::EventFields edit;
    edit.set_title("Still here?");
    ASSERT_TRUE(b.model().update_event(*id, EditScope::All, {}, edit).ok());
    ASSERT_TRUE(b.model().respond(*id, v1::RESPONSE_ACCEPTED).ok());
    for (const RecordedOp& op : b.context.submitted()) (void)a.context.receive(op);
    (void)b.context.receive(a.context.submitted().back());
    EXPECT_EQ(a.state().digest(), b.state().digest());
    EXPECT_TRUE(b.state().find(*id)->deleted);
    EXPECT_TRUE(expand(*b.state().find(*id), 0, 4'000'000'000).empty());
}

TEST(CalendarState, ThisAndFollowingSplitsTheSeries) {
    CalendarReplica a("Ann", 1);
    auto id = a.model().create_event(meeting("Standup", "20270104T093000", "20270104T094500",
                                             "Europe/Paris", "FREQ=DAILY;COUNT=10"));
    ASSERT_TRUE(id.ok());
    v1::EventFields later;
    *later.mutable_timing() = meeting("", "20270108T100000", "20270108T101500").timing();
    later.set_title("Standup (new time)");
    auto next = a.model().update_event(*id, EditScope::ThisAndFollowing, "20270108T083000Z", later);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_NE(*next, *id);
    auto old_series = expand(*a.state().find(*id), 1'790'000'000, 1'800'000'000);
    auto new_series = expand(*a.state().find(*next), 1'790'000'000, 1'800'000'000);
    EXPECT_EQ(old_series.size(), 4u);  // the 4th to the 7th
    ASSERT_EQ(new_series.size(), 6u);  // COUNT=10 minus the 4 before
    EXPECT_EQ(new_series[0].fields->title(), "Standup (new time)");
    EXPECT_EQ(new_series[0].recurrence_id, "20270108T090000Z");

    // And "delete this and following" ends a series.
    ASSERT_TRUE(
        a.model().delete_event(*next, EditScope::ThisAndFollowing, "20270111T090000Z").ok());
    EXPECT_EQ(expand(*a.state().find(*next), 1'790'000'000, 1'800'000'000).size(), 3u);
}

TEST(CalendarState, AnswersArePerMemberAndSnapshotsRestoreEverything) {
    CalendarReplica a("Ann", 1), b("Bob", 2);
    v1::EventFields fields =
        meeting("Review", "20270301T090000", "20270301T100000", "UTC", "FREQ=MONTHLY;BYDAY=1MO");
    fields.mutable_attendees()->add_values(sdk::to_hex(a.context.identity()));
    fields.mutable_attendees()->add_values(sdk::to_hex(b.context.identity()));
    auto id = a.model().create_event(fields);
    ASSERT_TRUE(id.ok());
    (void)b.context.receive(a.context.submitted()[0]);
    ASSERT_TRUE(a.model().respond(*id, v1::RESPONSE_ACCEPTED).ok());
    ASSERT_TRUE(b.model().respond(*id, v1::RESPONSE_DECLINED).ok());
    ASSERT_TRUE(b.model().delete_event(*id, EditScope::This, "20270405T090000Z").ok());
    for (std::size_t i = 1; i < a.context.submitted().size(); ++i)
        (void)b.context.receive(a.context.submitted()[i]);
    for (const RecordedOp& op : b.context.submitted()) (void)a.context.receive(op);
    EXPECT_EQ(a.state().digest(), b.state().digest());
    const CalendarEvent* event = a.state().find(*id);
    EXPECT_EQ(event->response_of(a.context.identity()), v1::RESPONSE_ACCEPTED);
    EXPECT_EQ(event->response_of(b.context.identity()), v1::RESPONSE_DECLINED);

    CalendarState restored;
    ASSERT_TRUE(restored.restore(a.state().snapshot()).ok());
    EXPECT_EQ(restored.digest(), a.state().digest());
    EXPECT_EQ(restored.snapshot(), a.state().snapshot());
    EXPECT_FALSE(restored.restore(sdk::as_bytes("garbage")).ok());
}

TEST(CalendarState, RefusesBadOperationsAndGuests) {
    CalendarReplica a("Ann", 1);
    EXPECT_FALSE(a.model().create_event(meeting("", "20270301T090000", "20270301T100000")).ok());
    EXPECT_FALSE(a.model().create_event(meeting("x", "20270230T090000", "20270301T100000")).ok());
    EXPECT_FALSE(a.model().create_event(meeting("x", "20270301T090000", "20270301T080000")).ok());
    EXPECT_FALSE(
        a.model()
            .create_event(meeting("x", "20270301T090000", "20270301T100000", "Mars/Olympus"))
            .ok());
    auto bad_rule = a.model().create_event(
        meeting("x", "20270301T090000", "20270301T100000", "UTC", "FREQ=SOMETIMES"));
    EXPECT_FALSE(bad_rule.ok());
    EXPECT_TRUE(a.context.submitted().empty());

    CalendarReplica guest("Gus", 9, sdk::Role::Guest);
    v1::CalendarOp op;
    op.mutable_create()->set_uid("u");
    *op.mutable_create()->mutable_fields() = meeting("x", "20270301T090000", "20270301T100000");
    RecordedOp forged;
    const std::string bytes = op.SerializeAsString();
    forged.bytes.assign(bytes.begin(), bytes.end());
    forged.header.lamport = 1;
    forged.header.author_role = sdk::Role::Guest;
    forged.header.id.fill(7);
    EXPECT_FALSE(a.instance->apply(forged.view()).ok());
    EXPECT_TRUE(a.state().events().empty());
}

TEST(CalendarState, MovingASeriesTakesItsDeletedAndChangedOccurrencesAlong) {
    CalendarReplica a("Ann", 1), b("Bob", 2);
    auto id = a.model().create_event(meeting("Sync", "20270104T100000", "20270104T110000",
                                             "Europe/Paris", "FREQ=WEEKLY;COUNT=6"));
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(a.model().delete_event(*id, EditScope::This, "20270111T090000Z").ok());
    v1::EventFields where;
    where.set_location("Lyon");
    ASSERT_TRUE(a.model().update_event(*id, EditScope::This, "20270118T090000Z", where).ok());
    v1::EventFields later;
    *later.mutable_timing() = meeting("", "20270104T150000", "20270104T160000").timing();
    ASSERT_TRUE(a.model().update_event(*id, EditScope::All, {}, later).ok());
    for (const RecordedOp& op : a.context.submitted()) (void)b.context.receive(op);
    EXPECT_EQ(a.state().digest(), b.state().digest());
    auto occurrences = expand(*b.state().find(*id), 1'790'000'000, 1'900'000'000);
    ASSERT_EQ(occurrences.size(), 5u);
    EXPECT_EQ(occurrences[0].recurrence_id, "20270104T140000Z");
    EXPECT_EQ(occurrences[1].recurrence_id, "20270118T140000Z");
    EXPECT_EQ(occurrences[1].fields->location(), "Lyon");
}
