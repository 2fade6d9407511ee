// The Discussion tool without the host: the CRDT rules (own edits, manager
// deletes, delete wins, read marks per member), search, snapshots, and the QML-facing models
// checked by QAbstractItemModelTester through a sequence that inserts, moves, changes and removes.
#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <set>

#include "discussioninstance.h"
#include "grove/tools/discussion/v1/ops.pb.h"
#include "loopback_tool_context.h"

using namespace grove;
using namespace grove::tools::discussion;
namespace v1 = grove::tools::discussion::v1;

namespace {

struct Replica {
    tests::LoopbackToolContext context;
    std::unique_ptr<DiscussionInstance> instance;

    Replica(std::string name, std::uint8_t identity, std::uint8_t device, sdk::Role role)
        : context(std::move(name), identity, device, role) {
        instance = std::make_unique<DiscussionInstance>(context);
        context.attach(instance.get());
    }
    DiscussionModel& model() { return instance->discussion(); }
    const DiscussionState& state() { return instance->state(); }
    // Delivers every op `from` submitted that this replica has not seen, in order.
    void pull(Replica& from, std::size_t& cursor) {
        auto& ops = from.context.submitted();
        for (; cursor < ops.size(); ++cursor) (void)context.receive(ops[cursor]);
    }
};

PostId id_of(const QString& hex) {
    PostId id{};
    EXPECT_TRUE(sdk::from_hex(hex.toStdString(), id)) << hex.toStdString();
    return id;
}

tests::RecordedOp raw_op(const v1::DiscussionOp& op, std::uint8_t identity, std::uint8_t device,
                         sdk::Role role, std::uint64_t lamport, std::uint8_t tag) {
    tests::RecordedOp out;
    std::string bytes = op.SerializeAsString();
    out.bytes.assign(bytes.begin(), bytes.end());
    out.header.author_identity.fill(identity);
    out.header.author_device.fill(device);
    out.header.author_role = role;
    out.header.lamport = lamport;
    out.header.id.fill(tag);
    return out;
}

std::string raw(const PostId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

std::vector<sdk::Member> members() {
    sdk::Member alice, bob, carol;
    alice.identity.fill(1);
    alice.display_name = "Alice";
    alice.role = sdk::Role::Manager;
    bob.identity.fill(2);
    bob.display_name = "Bob";
    bob.role = sdk::Role::Participant;
    carol.identity.fill(3);
    carol.display_name = "Carol";
    carol.role = sdk::Role::Participant;
    return {alice, bob, carol};
}

}  // namespace

// ---------------------------------------------------------------- rules

TEST(DiscussionRules, ThreadsAreDepthFirstInCreationOrder) {
    Replica alice("Alice", 1, 11, sdk::Role::Manager), bob("Bob", 2, 21, sdk::Role::Participant);
    std::size_t a_cursor = 0, b_cursor = 0;
    QString topic = alice.model().postTopic("Plans", "What do we *do*?");
    ASSERT_FALSE(topic.isEmpty()) << alice.model().last_error().toStdString();
    bob.pull(alice, a_cursor);
    QString first = bob.model().reply(topic, "Picnic");
    QString second = bob.model().reply(topic, "Museum");
    alice.pull(bob, b_cursor);
    QString nested = alice.model().reply(first, "Where?");
    ASSERT_FALSE(nested.isEmpty());

    auto thread = alice.state().thread(id_of(topic));
    ASSERT_EQ(thread.size(), 4u);
    EXPECT_EQ(thread[0].first->id, id_of(topic));
    EXPECT_EQ(thread[0].second, 0);
    EXPECT_EQ(thread[1].first->id, id_of(first));
    EXPECT_EQ(thread[2].first->id, id_of(nested));
    EXPECT_EQ(thread[2].second, 2);
    EXPECT_EQ(thread[3].first->id, id_of(second));
    EXPECT_EQ(alice.state().summary(id_of(topic), alice.context.identity()).reply_count, 3u);
}

TEST(DiscussionRules, OnlyAuthorsEditAndOnlyAuthorsOrManagersDelete) {
    Replica alice("Alice", 1, 11, sdk::Role::Manager), bob("Bob", 2, 21, sdk::Role::Participant);
    std::size_t a_cursor = 0;
    QString topic = alice.model().postTopic("Rules", "Be kind");
    bob.pull(alice, a_cursor);

    // Bob's UI refuses to edit or delete Alice's post...
    EXPECT_FALSE(bob.model().edit(topic, "Be mean"));
    EXPECT_EQ(bob.model().last_error(), "you can only edit your own posts");
    EXPECT_FALSE(bob.model().remove(topic));
    // ...and an operation that does it anyway is rejected on apply, on every peer.
    v1::DiscussionOp edit;
    edit.mutable_edit()->set_post_id(raw(id_of(topic)));
    edit.mutable_edit()->set_body("Be mean");
    auto rejected = alice.context.receive(raw_op(edit, 2, 21, sdk::Role::Participant, 50, 0xE1));
    ASSERT_FALSE(rejected.ok());
    EXPECT_EQ(rejected.error().code, ErrorCode::PermissionDenied);
    v1::DiscussionOp remove;
    remove.mutable_delete_()->set_post_id(raw(id_of(topic)));
    EXPECT_EQ(
        alice.context.receive(raw_op(remove, 2, 21, sdk::Role::Participant, 51, 0xE2)).error().code,
        ErrorCode::PermissionDenied);
    EXPECT_EQ(alice.state().find(id_of(topic))->body_text(), "Be kind");

    // Bob edits and deletes his own; the manager deletes anyone's.
    std::size_t b_cursor = 0;
    QString reply = bob.model().reply(topic, "Agreed");
    EXPECT_TRUE(bob.model().edit(reply, "Agreed!"));
    alice.pull(bob, b_cursor);
    EXPECT_EQ(alice.state().find(id_of(reply))->body_text(), "Agreed!");
    EXPECT_NE(alice.state().find(id_of(reply))->edited_ms, 0);
    EXPECT_TRUE(alice.model().remove(reply)) << alice.model().last_error().toStdString();
    EXPECT_TRUE(alice.state().find(id_of(reply))->deleted);
    EXPECT_EQ(alice.state().find(id_of(reply))->body_text(), "");

    // Guests write nothing.
    v1::DiscussionOp create;
    create.mutable_create_topic()->set_title("Guest");
    EXPECT_EQ(alice.context.receive(raw_op(create, 3, 31, sdk::Role::Guest, 60, 0xE3)).error().code,
              ErrorCode::PermissionDenied);
}

TEST(DiscussionRules, DeleteWinsOverAConcurrentEditInEitherOrder) {
    Replica author("Bob", 2, 21, sdk::Role::Participant);
    QString topic = author.model().postTopic("Draft", "v1");
    auto& ops = author.context.submitted();
    v1::DiscussionOp edit;
    edit.mutable_edit()->set_post_id(raw(id_of(topic)));
    edit.mutable_edit()->set_body("v2");
    auto concurrent_edit = raw_op(edit, 2, 21, sdk::Role::Participant, 2, 0xA1);
    v1::DiscussionOp remove;
    remove.mutable_delete_()->set_post_id(raw(id_of(topic)));
    auto concurrent_delete = raw_op(remove, 1, 11, sdk::Role::Manager, 2, 0xA2);

    Replica x("X", 7, 71, sdk::Role::Participant), y("Y", 8, 81, sdk::Role::Participant);
    ASSERT_TRUE(x.context.receive(ops[0]).ok());
    ASSERT_TRUE(y.context.receive(ops[0]).ok());
    ASSERT_TRUE(x.context.receive(concurrent_edit).ok());
    ASSERT_TRUE(x.context.receive(concurrent_delete).ok());
    ASSERT_TRUE(y.context.receive(concurrent_delete).ok());
    ASSERT_TRUE(y.context.receive(concurrent_edit).ok());
    EXPECT_TRUE(x.state().find(id_of(topic))->deleted);
    EXPECT_EQ(x.state().find(id_of(topic))->body_text(), "");
    EXPECT_EQ(x.instance->digest(), y.instance->digest());

    // Replying under a post deleted concurrently is accepted (both orders agree).
    v1::DiscussionOp reply;
    reply.mutable_reply()->set_parent_id(raw(id_of(topic)));
    reply.mutable_reply()->set_body("too late?");
    EXPECT_TRUE(x.context.receive(raw_op(reply, 7, 71, sdk::Role::Participant, 3, 0xA3)).ok());
    EXPECT_EQ(x.state().thread(id_of(topic)).size(), 2u);
}

TEST(DiscussionRules, ConcurrentEditsResolveByLamportThenDevice) {
    Replica author("Bob", 2, 21, sdk::Role::Participant);
    QString topic = author.model().postTopic("Title", "body");
    auto created = author.context.submitted()[0];
    v1::DiscussionOp first, second;
    first.mutable_edit()->set_post_id(raw(id_of(topic)));
    first.mutable_edit()->set_title("From device 21");
    second.mutable_edit()->set_post_id(raw(id_of(topic)));
    second.mutable_edit()->set_title("From device 22");
    // Same identity, two devices, same Lamport time: the device order decides, everywhere.
    auto a = raw_op(first, 2, 21, sdk::Role::Participant, 2, 0xB1);
    auto b = raw_op(second, 2, 22, sdk::Role::Participant, 2, 0xB2);
    Replica x("X", 7, 71, sdk::Role::Participant), y("Y", 8, 81, sdk::Role::Participant);
    for (Replica* r : {&x, &y}) ASSERT_TRUE(r->context.receive(created).ok());
    ASSERT_TRUE(x.context.receive(a).ok());
    ASSERT_TRUE(x.context.receive(b).ok());
    ASSERT_TRUE(y.context.receive(b).ok());
    ASSERT_TRUE(y.context.receive(a).ok());
    EXPECT_EQ(x.state().find(id_of(topic))->title_text(),
              y.state().find(id_of(topic))->title_text());
    EXPECT_EQ(x.instance->digest(), y.instance->digest());
    // A later edit beats both.
    auto later = raw_op(first, 2, 21, sdk::Role::Participant, 3, 0xB3);
    ASSERT_TRUE(y.context.receive(later).ok());
    EXPECT_EQ(y.state().find(id_of(topic))->title_text(), "From device 21");
}

TEST(DiscussionRules, ReadMarksFollowTheMemberAcrossDevices) {
    Replica alice("Alice", 1, 11, sdk::Role::Manager);
    Replica bob_laptop("Bob", 2, 21, sdk::Role::Participant),
        bob_phone("Bob", 2, 22, sdk::Role::Participant);
    std::size_t to_laptop = 0, to_phone = 0, laptop_to_phone = 0, laptop_to_alice = 0;
    QString topic = alice.model().postTopic("News", "Read me");
    alice.model().reply(topic, "And me");
    bob_laptop.pull(alice, to_laptop);
    bob_phone.pull(alice, to_phone);
    EXPECT_EQ(bob_laptop.model().unread_count(), 2);
    EXPECT_EQ(bob_phone.model().unread_count(), 2);
    EXPECT_EQ(alice.model().unread_count(), 0);  // her own posts

    EXPECT_TRUE(bob_laptop.model().markTopicRead(topic));
    EXPECT_EQ(bob_laptop.model().unread_count(), 0);
    bob_phone.pull(bob_laptop, laptop_to_phone);
    EXPECT_EQ(bob_phone.model().unread_count(), 0);
    alice.pull(bob_laptop, laptop_to_alice);
    EXPECT_EQ(alice.model().unread_count(), 0);
    EXPECT_TRUE(alice.state().is_read(bob_laptop.context.identity(), id_of(topic)));
    EXPECT_EQ(alice.instance->digest(), bob_phone.instance->digest());

    // A new reply is unread again for Bob only.
    alice.model().reply(topic, "Update");
    bob_phone.pull(alice, to_phone);
    EXPECT_EQ(bob_phone.model().unread_count(), 1);
    EXPECT_EQ(alice.model().unread_count(), 0);
}

TEST(DiscussionRules, SearchIsCaseInsensitiveAndSkipsDeletedPosts) {
    Replica alice("Alice", 1, 11, sdk::Role::Manager);
    QString t1 = alice.model().postTopic("Über alles", "Grüße aus Köln");
    QString t2 = alice.model().postTopic("Budget", "numbers for ÜBER project");
    QString t3 = alice.model().postTopic("Old", "über nothing");
    alice.model().remove(t3);
    auto hits = alice.state().search("über");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0]->id, id_of(t2));  // newest first
    EXPECT_EQ(hits[1]->id, id_of(t1));
    EXPECT_TRUE(alice.state().search("   ").empty());
    alice.model().search("KÖLN");
    ASSERT_EQ(alice.model().search_list().count(), 1);
    EXPECT_EQ(alice.model().search_list().rows()[0].id, t1);
}

TEST(DiscussionRules, LimitsAndMalformedOperations) {
    Replica alice("Alice", 1, 11, sdk::Role::Manager);
    EXPECT_TRUE(alice.model().postTopic("   ", "x").isEmpty());
    EXPECT_EQ(alice.model().last_error(), "a topic needs a title");
    EXPECT_TRUE(alice.model().postTopic(QString(801, 'x'), "x").isEmpty());
    EXPECT_TRUE(alice.model().postTopic("t", QString(64 * 1024 + 1, 'x')).isEmpty());
    EXPECT_TRUE(alice.context.submitted().empty());

    tests::RecordedOp garbage;
    garbage.bytes = {0xff, 0xff, 0xff};
    garbage.header.lamport = 1;
    EXPECT_EQ(alice.context.receive(garbage).error().code, ErrorCode::InvalidArgument);

    // An operation kind from a newer version (field 99): accepted, no effect.
    tests::RecordedOp future;
    future.bytes = {0x9a, 0x06, 0x00};  // field 99, length-delimited, empty
    future.header.lamport = 2;
    future.header.author_role = sdk::Role::Participant;
    EXPECT_TRUE(alice.context.receive(future).ok());
    EXPECT_EQ(alice.state().post_count(), 0u);

    v1::DiscussionOp reply;
    reply.mutable_reply()->set_parent_id(std::string(32, '\x42'));
    reply.mutable_reply()->set_body("to nowhere");
    EXPECT_EQ(alice.context.receive(raw_op(reply, 1, 11, sdk::Role::Manager, 3, 0xC1)).error().code,
              ErrorCode::NotFound);
}

TEST(DiscussionRules, SnapshotRestoresTheSameState) {
    Replica alice("Alice", 1, 11, sdk::Role::Manager), bob("Bob", 2, 21, sdk::Role::Participant);
    std::size_t cursor = 0, back = 0;
    QString topic = alice.model().postTopic("Snap", "shot");
    bob.pull(alice, cursor);
    QString reply = bob.model().reply(topic, "reply");
    bob.model().edit(reply, "edited reply");
    bob.model().markTopicRead(topic);
    alice.pull(bob, back);
    QString gone = alice.model().reply(reply, "to be deleted");
    alice.model().remove(gone);

    auto snapshot = alice.instance->snapshot();
    ASSERT_TRUE(snapshot.ok());
    Replica restored("Carol", 3, 31, sdk::Role::Participant);
    ASSERT_TRUE(restored.instance->restore(*snapshot).ok());
    EXPECT_EQ(restored.instance->digest(), alice.instance->digest());
    EXPECT_EQ(restored.model().topic_list().count(), 1);
    EXPECT_EQ(restored.model().unread_count(), 2);  // topic + reply; the deleted one is not unread
    // It keeps going from there.
    std::size_t more = alice.context.submitted().size();
    alice.model().reply(topic, "after the snapshot");
    restored.pull(alice, more);
    EXPECT_EQ(restored.state().thread(id_of(topic)).size(), 4u);

    const sdk::Bytes junk = {1, 2, 3};
    EXPECT_EQ(restored.instance->restore(junk).error().code, ErrorCode::DataLoss);
    EXPECT_EQ(restored.state().post_count(), 4u);  // unchanged by the failed restore
}

// ---------------------------------------------------------------- models

TEST(DiscussionModels, PassTheModelTesterThroughInsertsMovesChangesAndRemovals) {
    Replica alice("Alice", 1, 11, sdk::Role::Manager), bob("Bob", 2, 21, sdk::Role::Participant);
    alice.context.set_members(members());
    bob.context.set_members(members());
    alice.instance->members_changed();
    bob.instance->members_changed();
    auto mode = QAbstractItemModelTester::FailureReportingMode::Fatal;
    QAbstractItemModelTester topics(alice.model().topics(), mode);
    QAbstractItemModelTester thread(alice.model().thread(), mode);
    QAbstractItemModelTester search(alice.model().search_results(), mode);
    QAbstractItemModelTester bob_topics(bob.model().topics(), mode);

    std::size_t to_bob = 0, to_alice = 0;
    QString a = alice.model().postTopic("A", "first");
    QString b = alice.model().postTopic("B", "second");
    QString c = alice.model().postTopic("C", "third");
    const auto& rows = alice.model().topic_list().rows();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].id, c);  // most recent activity first
    EXPECT_EQ(rows[0].author_name, "Alice");
    EXPECT_TRUE(rows[0].can_delete);

    alice.model().open_topic(a);
    EXPECT_EQ(alice.model().thread_list().count(), 1);
    alice.model().search("th");  // "third"... and later replies
    EXPECT_EQ(alice.model().search_list().count(), 1);

    bob.pull(alice, to_bob);
    EXPECT_EQ(bob.model().unread_count(), 3);
    EXPECT_FALSE(bob.model().topic_list().rows()[0].can_delete);  // not his, not a manager
    QString r1 = bob.model().reply(a, "moves A up");
    QString r2 = bob.model().reply(r1, "nested thoughts");
    alice.pull(bob, to_alice);
    EXPECT_EQ(alice.model().topic_list().rows()[0].id, a);  // moved
    EXPECT_EQ(alice.model().topic_list().rows()[0].reply_count, 2);
    EXPECT_EQ(alice.model().topic_list().rows()[0].unread_count, 2);
    EXPECT_EQ(alice.model().thread_list().count(), 3);
    EXPECT_EQ(alice.model().thread_list().rows()[2].depth, 2);
    EXPECT_EQ(alice.model().thread_list().rows()[2].author_name, "Bob");
    EXPECT_EQ(alice.model().search_list().count(), 2);  // "third", "nested thoughts"

    alice.model().markTopicRead(a);
    EXPECT_EQ(alice.model().topic_list().rows()[0].unread_count, 0);
    EXPECT_FALSE(alice.model().thread_list().rows()[1].unread);
    alice.model().remove(r1);  // a manager deletes Bob's reply
    EXPECT_TRUE(alice.model().thread_list().rows()[1].deleted);
    EXPECT_EQ(alice.model().search_list().count(), 2);
    alice.model().remove(r2);
    EXPECT_EQ(alice.model().search_list().count(), 1);
    alice.model().editTitle(b, "B, renamed");
    ASSERT_EQ(alice.model().topic_list().rows()[2].id, b);  // A (latest reply), C, B
    EXPECT_EQ(alice.model().topic_list().rows()[2].title, "B, renamed");
    EXPECT_NE(alice.model().topic_list().rows()[2].edited_ms, 0);

    // Replace everything by an older snapshot, then by a newer one: rows follow.
    auto snapshot = alice.instance->snapshot();
    Replica other("Carol", 3, 31, sdk::Role::Participant);
    ASSERT_TRUE(alice.instance->restore(other.instance->snapshot().value()).ok());
    EXPECT_EQ(alice.model().topic_list().count(), 0);
    EXPECT_EQ(alice.model().current_topic_id(), "");
    ASSERT_TRUE(alice.instance->restore(*snapshot).ok());
    EXPECT_EQ(alice.model().topic_list().count(), 3);
    alice.model().search("");
    EXPECT_EQ(alice.model().search_list().count(), 0);

    // Member changes rename authors.
    auto renamed = members();
    renamed[1].display_name = "Robert";
    alice.context.set_members(renamed);
    alice.instance->members_changed();
    alice.model().open_topic(a);
    EXPECT_EQ(alice.model().thread_list().rows()[1].author_name, "Robert");
}

TEST(DiscussionModels, HoldingTheTopicOrderKeepsRowsInPlaceUntilReleased) {
    Replica alice("Alice", 1, 11, sdk::Role::Manager), bob("Bob", 2, 21, sdk::Role::Participant);
    alice.context.set_members(members());
    bob.context.set_members(members());
    QAbstractItemModelTester tester(alice.model().topics(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    std::size_t to_bob = 0, to_alice = 0;
    QString a = alice.model().postTopic("A", "first");
    QString b = alice.model().postTopic("B", "second");
    bob.pull(alice, to_bob);
    const auto& rows = alice.model().topic_list().rows();
    ASSERT_EQ(rows[0].id, b);

    // The pointer is over the list: a reply to A and a new topic do not move B.
    alice.model().set_hold_topic_order(true);
    bob.model().reply(a, "moves A up");
    QString c = bob.model().postTopic("C", "new");
    alice.pull(bob, to_alice);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].id, b);
    EXPECT_EQ(rows[1].id, a);
    EXPECT_EQ(rows[1].reply_count, 1);  // the row itself is up to date
    EXPECT_EQ(rows[2].id, c);

    // Released: latest activity first again.
    alice.model().set_hold_topic_order(false);
    EXPECT_EQ(rows[0].id, c);
    EXPECT_EQ(rows[1].id, a);
    EXPECT_EQ(rows[2].id, b);
}

// The topic list is kept up to date one topic at a time: after any mix of local and remote posts
// (remote ones arriving with older Lamport times), replies and read marks it holds exactly the
// state's topics in order, and the unread total is the sum of its rows.
TEST(DiscussionModels, IncrementalTopicListMatchesAFullRebuild) {
    Replica alice("Alice", 1, 11, sdk::Role::Manager), bob("Bob", 2, 21, sdk::Role::Participant);
    alice.context.set_members(members());
    bob.context.set_members(members());
    alice.instance->members_changed();
    bob.instance->members_changed();
    QAbstractItemModelTester tester(alice.model().topics(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    std::size_t to_alice = 0;
    std::vector<QString> topics;
    for (int round = 0; round < 30; ++round) {
        topics.push_back(alice.model().postTopic(QString("A%1").arg(round), "a"));
        if (round % 3 == 0) topics.push_back(bob.model().postTopic(QString("B%1").arg(round), "b"));
        if (round % 4 == 1) (void)bob.model().reply(topics[round / 2], "reply");
        if (round % 5 == 2) alice.model().markTopicRead(topics[round / 3]);
        if (round % 2 == 1) alice.pull(bob, to_alice);  // late, with older Lamport times
    }
    alice.pull(bob, to_alice);

    const auto& rows = alice.model().topic_list().rows();
    const auto expected = alice.state().topics();
    ASSERT_EQ(rows.size(), expected.size());
    int unread = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].id.toStdString(), sdk::to_hex(expected[i]->id)) << "row " << i;
        EXPECT_EQ(rows[i].reply_count,
                  static_cast<int>(alice.state().summary(expected[i]->id, {}).reply_count));
        unread += rows[i].unread_count;
    }
    EXPECT_EQ(alice.model().unread_count(), unread);
    EXPECT_GT(unread, 0);
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_EQ(alice.state().topic_rank(expected[i]->id), i);
}

// The digest is kept up to date as operations apply: every visible change (a post, an edit, a
// read mark, a deletion) changes it, and a snapshot restored elsewhere has the same one.
TEST(DiscussionRules, DigestFollowsEveryVisibleChange) {
    Replica alice("Alice", 1, 11, sdk::Role::Manager);
    std::set<sdk::Digest> seen{alice.instance->digest()};
    auto changed = [&](const char* what) {
        EXPECT_TRUE(seen.insert(alice.instance->digest()).second) << what;
    };
    QString topic = alice.model().postTopic("Title", "body");
    changed("a topic");
    QString reply = alice.model().reply(topic, "reply");
    changed("a reply");
    alice.model().edit(reply, "edited");
    changed("an edit");
    alice.model().editTitle(topic, "Renamed");
    changed("a new title");
    alice.model().remove(reply);
    changed("a deletion");
    Replica bob("Bob", 2, 21, sdk::Role::Participant);
    std::size_t cursor = 0;
    bob.pull(alice, cursor);
    EXPECT_EQ(bob.instance->digest(), alice.instance->digest());
    bob.model().markTopicRead(topic);
    EXPECT_NE(bob.instance->digest(), alice.instance->digest());  // a read mark counts

    auto snapshot = bob.instance->snapshot();
    ASSERT_TRUE(snapshot.ok());
    Replica carol("Carol", 3, 31, sdk::Role::Participant);
    ASSERT_TRUE(carol.instance->restore(*snapshot).ok());
    EXPECT_EQ(carol.instance->digest(), bob.instance->digest());
}

// Pages of a 10,000-topic instance: every topic exactly once, in topics() order. (The state
// alone: the page walk is the state's.)
TEST(DiscussionRules, TopicPagesCoverEveryTopicOnce) {
    DiscussionState state;
    v1::DiscussionOp op;
    op.mutable_create_topic()->set_title("T");
    op.mutable_create_topic()->set_body("b");
    const std::string bytes = op.SerializeAsString();
    for (std::uint32_t i = 0; i < 10000; ++i) {
        sdk::Operation operation;
        for (int b = 0; b < 4; ++b) operation.id[b] = static_cast<std::uint8_t>(i >> (8 * b));
        operation.payload =
            sdk::ByteView(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        operation.author_identity.fill(1);
        operation.author_role = sdk::Role::Participant;
        operation.lamport = 1 + i % 3000;  // ties in activity: ordered by id
        ASSERT_TRUE(state.apply(operation).ok());
    }
    const auto all = state.topics();
    ASSERT_EQ(all.size(), 10000u);
    std::vector<const Post*> paged;
    std::optional<std::pair<std::uint64_t, PostId>> after;
    bool more = true;
    while (more) {
        auto page = state.topics_page(after, 333, more);
        ASSERT_FALSE(page.empty());
        paged.insert(paged.end(), page.begin(), page.end());
        after = std::make_pair(state.activity_of(page.back()->id), page.back()->id);
    }
    EXPECT_EQ(paged, all);
}
