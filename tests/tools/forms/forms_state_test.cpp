// Forms state: convergence of concurrent record and schema edits in every delivery order, per-field
// merge, schema evolution without data loss, history, permissions and malformed operations refused
// on every peer, snapshots.
#include <gtest/gtest.h>

#include "forms_replica.h"
#include "grove/tools/forms/v1/ops.pb.h"

using namespace grove;
using namespace grove::tools::forms;
using grove::tests::forged;
using grove::tests::FormsReplica;
using grove::tests::RecordedOp;

namespace {

v1::Value text(const std::string& value) {
    v1::Value out;
    out.set_text(value);
    return out;
}

v1::Value number(double value) {
    v1::Value out;
    out.set_number(value);
    return out;
}

v1::AddField field(const std::string& name, v1::FieldType type) {
    v1::AddField add;
    add.mutable_def()->set_name(name);
    add.mutable_def()->set_type(type);
    return add;
}

std::string raw(const RecordId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

// A ticket queue: title (text, required), status (choice), estimate (number), due (date).
struct Tickets {
    std::string title, status, estimate, due;
};

Tickets add_ticket_schema(FormsReplica& manager) {
    v1::ChangeSchema change;
    *change.add_add() = field("Title", v1::FIELD_TYPE_TEXT);
    change.mutable_add(0)->mutable_def()->set_required(true);
    *change.add_add() = field("Status", v1::FIELD_TYPE_CHOICE);
    for (const char* option : {"Open", "In progress", "Done"})
        change.mutable_add(1)->mutable_def()->mutable_options()->add_values(option);
    *change.add_add() = field("Estimate", v1::FIELD_TYPE_NUMBER);
    *change.add_add() = field("Due", v1::FIELD_TYPE_DATE);
    auto ids = manager.model().change_schema(change);
    EXPECT_TRUE(ids.ok()) << ids.error().message;
    return {(*ids)[0], (*ids)[1], (*ids)[2], (*ids)[3]};
}

}  // namespace

TEST(FormsState, ConcurrentRecordAndSchemaEditsConvergeInEveryOrder) {
    for (std::uint64_t seed = 1; seed <= 16; ++seed) {
        FormsReplica ann("Ann", 1, sdk::Role::Manager), bob("Bob", 2),
            cat("Cat", 3, sdk::Role::Manager);
        const Tickets t = add_ticket_schema(ann);
        for (auto* other : {&bob, &cat}) (void)other->context.receive(ann.context.submitted()[0]);
        auto id =
            bob.model().create_record({{t.title, text("Printer jams")}, {t.status, text("Open")}});
        ASSERT_TRUE(id.ok()) << id.error().message;
        for (auto* other : {&ann, &cat}) (void)other->context.receive(bob.context.submitted()[0]);
        const std::size_t ann_from = ann.context.submitted().size();
        const std::size_t bob_from = bob.context.submitted().size();
        const std::size_t cat_from = cat.context.submitted().size();

        // Concurrently: Ann renames Title and sets the status; Bob sets the estimate and the
        // status; Cat retires Due, adds Priority and writes the title.
        v1::ChangeSchema rename;
        auto* update = rename.add_update();
        update->set_field_id(t.title);
        update->mutable_def()->set_name("Summary");
        ASSERT_TRUE(ann.model().change_schema(rename).ok());
        ASSERT_TRUE(ann.model().update_record(*id, {{t.status, text("In progress")}}).ok());
        ASSERT_TRUE(bob.model().update_record(*id, {{t.estimate, number(3)}}).ok());
        ASSERT_TRUE(bob.model().update_record(*id, {{t.due, text("2027-03-01")}}).ok());
        ASSERT_TRUE(bob.model().update_record(*id, {{t.status, text("Done")}}).ok());
        v1::ChangeSchema evolve;
        auto* retire = evolve.add_update();
        retire->set_field_id(t.due);
        retire->mutable_def()->set_retired(true);
        *evolve.add_add() = field("Priority", v1::FIELD_TYPE_CHOICE);
        ASSERT_TRUE(cat.model().change_schema(evolve).ok());
        ASSERT_TRUE(cat.model().update_record(*id, {{t.title, text("Printer jams on A3")}}).ok());

        std::vector<RecordedOp> ops;
        for (auto [replica, from] :
             {std::pair{&ann, ann_from}, {&bob, bob_from}, {&cat, cat_from}}) {
            auto mine = replica->since(from);
            ops.insert(ops.end(), mine.begin(), mine.end());
        }
        FormsReplica dan("Dan", 4);
        (void)dan.context.receive(ann.context.submitted()[0]);
        (void)dan.context.receive(bob.context.submitted()[0]);
        for (auto* replica : {&ann, &bob, &cat, &dan}) {
            std::vector<RecordedOp> missing;
            for (const RecordedOp& op : ops)
                if (op.header.author_device[0] != replica->context.me().device[0])
                    missing.push_back(op);
            grove::tests::deliver_shuffled(missing, *replica,
                                           seed * 31 + replica->context.me().device[0]);
        }
        for (auto* replica : {&bob, &cat, &dan})
            EXPECT_EQ(replica->state().digest(), ann.state().digest()) << "seed " << seed;

        const FormRecord* record = dan.state().find(*id);
        ASSERT_NE(record, nullptr);
        EXPECT_EQ(record->value(t.title).text(), "Printer jams on A3");
        EXPECT_EQ(record->value(t.estimate).number(), 3);
        // Ann wrote the status at Lamport 4, Bob at 5: the later write wins everywhere.
        EXPECT_EQ(record->value(t.status).text(), "Done");
        // Retired, renamed: the data is kept.
        EXPECT_EQ(record->value(t.due).text(), "2027-03-01");
        EXPECT_TRUE(dan.state().field(t.due)->def.retired());
        EXPECT_EQ(dan.state().field(t.title)->def.name(), "Summary");
        EXPECT_EQ(dan.state().ordered_fields().size(), 4u);  // Summary, Status, Estimate, Priority
        EXPECT_EQ(record->history.size(), 6u);               // created + 5 edits
    }
}

TEST(FormsState, HistoryNamesWhoChangedWhichField) {
    FormsReplica ann("Ann", 1, sdk::Role::Manager), bob("Bob", 2);
    const Tickets t = add_ticket_schema(ann);
    (void)bob.context.receive(ann.context.submitted()[0]);
    auto id = ann.model().create_record({{t.title, text("Badge reader")}});
    ASSERT_TRUE(id.ok());
    (void)bob.context.receive(ann.context.submitted()[1]);
    // A participant may not edit another's record; the manager may edit any.
    auto refused = bob.model().update_record(*id, {{t.estimate, number(2)}});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
    ASSERT_TRUE(
        ann.model().update_record(*id, {{t.estimate, number(2)}, {t.status, text("Open")}}).ok());
    const FormRecord* record = ann.state().find(*id);
    ASSERT_EQ(record->history.size(), 2u);
    EXPECT_EQ(record->history[0].kind, HistoryEntry::Kind::Created);
    EXPECT_EQ(record->history[1].kind, HistoryEntry::Kind::Changed);
    EXPECT_EQ(record->history[1].author, ann.context.identity());
    EXPECT_EQ(record->history[1].values.size(), 2u);
    EXPECT_TRUE(record->history[1].values.count(t.estimate));

    QVariantMap shown = ann.model().record(record_hex(*id));
    EXPECT_EQ(shown["history"].toList().size(), 2);
    EXPECT_EQ(shown["history"].toList()[0].toMap()["kind"].toString(), "changed");
}

TEST(FormsState, DeletionWinsOverAConcurrentEdit) {
    FormsReplica ann("Ann", 1, sdk::Role::Manager), bob("Bob", 2);
    const Tickets t = add_ticket_schema(ann);
    (void)bob.context.receive(ann.context.submitted()[0]);
    auto id = bob.model().create_record({{t.title, text("Fridge")}});
    ASSERT_TRUE(id.ok());
    (void)ann.context.receive(bob.context.submitted()[0]);
    ASSERT_TRUE(ann.model().delete_record(*id).ok());
    ASSERT_TRUE(bob.model().update_record(*id, {{t.status, text("Done")}}).ok());
    (void)ann.context.receive(bob.context.submitted()[1]);
    (void)bob.context.receive(ann.context.submitted().back());
    EXPECT_EQ(ann.state().digest(), bob.state().digest());
    EXPECT_TRUE(bob.state().find(*id)->deleted);
    // The edit is in the history on both, whichever arrived first.
    ASSERT_EQ(ann.state().find(*id)->history.size(), 3u);
    EXPECT_EQ(ann.state().find(*id)->history.back().kind, HistoryEntry::Kind::Deleted);
    EXPECT_EQ(bob.state().live_records(), 0u);
    EXPECT_TRUE(bob.model().rows({}, {}, false, {}).isEmpty());
}

TEST(FormsState, AParticipantsForgedSchemaChangeIsRefusedByEveryPeer) {
    FormsReplica ann("Ann", 1, sdk::Role::Manager), bob("Bob", 2), cat("Cat", 3);
    const Tickets t = add_ticket_schema(ann);
    for (auto* other : {&bob, &cat}) (void)other->context.receive(ann.context.submitted()[0]);
    // The UI refuses a participant first.
    v1::ChangeSchema change;
    *change.add_add() = field("Salary", v1::FIELD_TYPE_CURRENCY);
    auto refused = bob.model().change_schema(change);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
    // A modified peer sends it anyway.
    v1::FormsOp op;
    *op.mutable_schema() = change;
    auto* retire = op.mutable_schema()->add_update();
    retire->set_field_id(t.title);
    retire->mutable_def()->set_retired(true);
    const RecordedOp forgery = forged(op, sdk::Role::Participant, 2, 9);
    for (auto* replica : {&ann, &bob, &cat}) {
        const auto before = replica->state().digest();
        auto applied = replica->context.receive(forgery);
        ASSERT_FALSE(applied.ok());
        EXPECT_EQ(applied.error().code, ErrorCode::PermissionDenied);
        EXPECT_EQ(replica->state().digest(), before);
        EXPECT_FALSE(replica->state().field(t.title)->def.retired());
    }
    // Likewise an edit of another member's record.
    auto id = ann.model().create_record({{t.title, text("Mine")}});
    ASSERT_TRUE(id.ok());
    v1::FormsOp edit;
    edit.mutable_update()->set_record_id(raw(*id));
    (*edit.mutable_update()->mutable_values())[t.title] = text("Taken over");
    (void)cat.context.receive(ann.context.submitted().back());
    auto applied = cat.context.receive(forged(edit, sdk::Role::Participant, 2, 10));
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(cat.state().find(*id)->value(t.title).text(), "Mine");
    // A guest writes nothing at all.
    v1::FormsOp create;
    (*create.mutable_create()->mutable_values())[t.title] = text("From a guest");
    EXPECT_EQ(cat.context.receive(forged(create, sdk::Role::Guest, 5, 11)).error().code,
              ErrorCode::PermissionDenied);
}

TEST(FormsState, MalformedOperationsAreRefusedWithAReasonAndChangeNothing) {
    FormsReplica ann("Ann", 1, sdk::Role::Manager);
    const Tickets t = add_ticket_schema(ann);
    auto id = ann.model().create_record({{t.title, text("Seed")}});
    ASSERT_TRUE(id.ok());
    const auto before = ann.state().digest();
    std::uint64_t lamport = 50;
    auto refuse = [&](const v1::FormsOp& op, ErrorCode code, const std::string& says) {
        auto applied = ann.context.receive(forged(op, sdk::Role::Manager, 9, ++lamport));
        ASSERT_FALSE(applied.ok()) << says;
        EXPECT_EQ(applied.error().code, code) << applied.error().message;
        EXPECT_NE(applied.error().message.find(says), std::string::npos) << applied.error().message;
        EXPECT_EQ(ann.state().digest(), before);
    };
    auto set = [&](const std::string& field_id, const v1::Value& value) {
        v1::FormsOp op;
        op.mutable_update()->set_record_id(raw(*id));
        (*op.mutable_update()->mutable_values())[field_id] = value;
        return op;
    };
    refuse(set("0123456789abcdef", text("x")), ErrorCode::NotFound, "unknown field");
    refuse(set(t.due, text("2027-02-30")), ErrorCode::InvalidArgument, "YYYY-MM-DD");
    refuse(set(t.due, number(20270101)), ErrorCode::InvalidArgument, "date");
    refuse(set(t.estimate, number(std::numeric_limits<double>::quiet_NaN())),
           ErrorCode::InvalidArgument, "finite");
    refuse(set(t.title, text(std::string(5000, 'a'))), ErrorCode::InvalidArgument, "at most");
    // proto3 refuses a string field that is not UTF-8 while decoding.
    refuse(set(t.title, text("\xff\xfe")), ErrorCode::InvalidArgument, "not a Forms operation");
    v1::FormsOp bad_id;
    bad_id.mutable_update()->set_record_id("short");
    refuse(bad_id, ErrorCode::InvalidArgument, "record id");
    v1::FormsOp unknown_record;
    unknown_record.mutable_delete_()->set_record_id(std::string(32, 'z'));
    refuse(unknown_record, ErrorCode::NotFound, "unknown record");

    v1::FormsOp retype;
    auto* update = retype.mutable_schema()->add_update();
    update->set_field_id(t.estimate);
    update->mutable_def()->set_type(v1::FIELD_TYPE_TEXT);
    refuse(retype, ErrorCode::InvalidArgument, "type never changes");
    v1::FormsOp bad_pattern;
    update = bad_pattern.mutable_schema()->add_update();
    update->set_field_id(t.title);
    update->mutable_def()->set_pattern("(unclosed");
    refuse(bad_pattern, ErrorCode::InvalidArgument, "does not compile");
    update->mutable_def()->set_pattern(std::string(300, 'a'));
    refuse(bad_pattern, ErrorCode::InvalidArgument, "over 200 bytes");
    v1::FormsOp untyped;
    untyped.mutable_schema()->add_add()->mutable_def()->set_name("No type");
    refuse(untyped, ErrorCode::InvalidArgument, "needs a type");
    // Half good, half bad: none of it applies.
    v1::FormsOp half;
    *half.mutable_schema()->add_add() = field("Fine", v1::FIELD_TYPE_TEXT);
    auto* broken = half.mutable_schema()->add_add();
    *broken = field("Broken default", v1::FIELD_TYPE_DATE);
    broken->mutable_def()->mutable_default_value()->set_text("tomorrow");
    refuse(half, ErrorCode::InvalidArgument, "default value");

    RecordedOp garbage = forged(set(t.title, text("x")), sdk::Role::Manager, 9, ++lamport);
    garbage.bytes = {0xff, 0xff, 0xff, 0x01};
    EXPECT_EQ(ann.context.receive(garbage).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(ann.state().digest(), before);

    // An operation kind from a newer version: accepted, no effect.
    v1::FormsOp empty;
    EXPECT_TRUE(ann.context.receive(forged(empty, sdk::Role::Manager, 9, ++lamport)).ok());
    EXPECT_EQ(ann.state().digest(), before);
}

TEST(FormsState, SnapshotRestoresTheSameStateAndRefusesCorruption) {
    FormsReplica ann("Ann", 1, sdk::Role::Manager);
    const Tickets t = add_ticket_schema(ann);
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(ann.model()
                        .create_record({{t.title, text("Ticket " + std::to_string(i))},
                                        {t.estimate, number(i)}})
                        .ok());
    auto first = ann.state().records().begin()->first;
    ASSERT_TRUE(ann.model().update_record(first, {{t.status, text("Done")}}).ok());
    ASSERT_TRUE(ann.model().delete_record(std::next(ann.state().records().begin())->first).ok());

    FormsReplica copy("Copy", 7, sdk::Role::Manager);
    const sdk::Bytes snapshot = ann.state().snapshot();
    ASSERT_TRUE(copy.instance->restore(snapshot).ok());
    EXPECT_EQ(copy.state().digest(), ann.state().digest());
    EXPECT_EQ(copy.state().live_records(), 4u);
    EXPECT_EQ(copy.state().snapshot(), snapshot);

    sdk::Bytes corrupt = snapshot;
    corrupt.resize(corrupt.size() / 2);
    EXPECT_FALSE(copy.instance->restore(corrupt).ok());
    EXPECT_EQ(copy.state().digest(), ann.state().digest());  // unchanged by the failed restore
}
