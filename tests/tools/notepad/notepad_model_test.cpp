// The Notepad model without the host: documents, typing batched into operations, remote edits
// applied incrementally, cursor mapping, undo/redo of own edits only, snapshots, bad input.
#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrl>
#include <random>

#include "cursormapping.h"
#include "editpacking.h"
#include "notepad_replica.h"
#include "typingbatch.h"

using namespace grove;
using namespace grove::tools::notepad;
using tests::NotepadReplica;
using Kind = sdk::crdt::SequenceChange::Kind;

namespace {

v1::NotepadOp decode(const tests::RecordedOp& op) {
    v1::NotepadOp out;
    EXPECT_TRUE(out.ParseFromArray(op.bytes.data(), static_cast<int>(op.bytes.size())));
    return out;
}

}  // namespace

// ---------------------------------------------------------------- cursor mapping

TEST(NotepadCursorMapping, RemoteEditsBeforeAtAndAfterKeepTheCursorOnItsCharacter) {
    // "hello world", cursor before 'w' (6).
    EXPECT_EQ(map_position(6, {Kind::kInserted, 0, 3}), 9u);  // before: shifts
    EXPECT_EQ(map_position(6, {Kind::kInserted, 6, 3}), 9u);  // at: stays before 'w'
    EXPECT_EQ(map_position(6, {Kind::kInserted, 7, 3}), 6u);  // after: stays
    EXPECT_EQ(map_position(6, {Kind::kRemoved, 0, 2}), 4u);   // removal before
    EXPECT_EQ(map_position(6, {Kind::kRemoved, 6, 2}), 6u);   // removal of the characters after it
    EXPECT_EQ(map_position(6, {Kind::kRemoved, 4, 5}), 4u);   // removal around it: collapses
    EXPECT_EQ(map_position(6, {Kind::kRemoved, 8, 2}), 6u);   // removal after
}

TEST(NotepadCursorMapping, SelectionKeepsItsCharactersAndDirection) {
    // Selection of "wor" in "hello world": anchor 6, cursor 9, and backwards.
    Selection forward{6, 9};
    Selection mapped = map_selection(forward, {Kind::kInserted, 9, 4});  // typing at its end
    EXPECT_EQ(mapped.anchor, 6u);
    EXPECT_EQ(mapped.cursor, 9u);                              // not extended
    mapped = map_selection(forward, {Kind::kInserted, 6, 2});  // at its start: moves with it
    EXPECT_EQ(mapped.anchor, 8u);
    EXPECT_EQ(mapped.cursor, 11u);
    Selection backward{9, 6};
    mapped = map_selection(backward, {Kind::kInserted, 7, 1});  // inside: grows
    EXPECT_EQ(mapped.anchor, 10u);
    EXPECT_EQ(mapped.cursor, 6u);
    mapped = map_selection(backward, {Kind::kRemoved, 5, 10});  // all of it removed
    EXPECT_EQ(mapped.anchor, 5u);
    EXPECT_EQ(mapped.cursor, 5u);
}

// ---------------------------------------------------------------- typing batch

TEST(NotepadTypingBatch, KeystrokesMergeIntoOneRunAndAreDueAfterAPauseOrAMaximum) {
    sdk::DeviceId device{};
    device.fill(7);
    NotepadState state(device);
    // A document to type into, created by an operation like any other.
    v1::NotepadOp create;
    create.mutable_create()->set_title("Doc");
    const std::string bytes = create.SerializeAsString();
    sdk::Operation op;
    op.id.fill(1);
    op.payload = sdk::as_bytes(bytes);
    op.author_device = device;
    op.author_role = sdk::Role::Participant;
    op.lamport = 1;
    ASSERT_TRUE(state.apply(op).ok());

    TypingBatch batch;
    std::int64_t now = 0;
    TypingBatch keys;
    for (std::size_t i = 0; i < 5; ++i) {
        auto typed = state.insert(op.id, i, std::u32string(1, U"hello"[i]));
        ASSERT_TRUE(typed.ok());
        ASSERT_TRUE(keys.add(op.id, *typed, now += 100));
        EXPECT_FALSE(keys.due(now + 299));
    }
    EXPECT_EQ(keys.op_count(), 1u);  // one run-length insert
    EXPECT_TRUE(keys.due(now + 300));
    v1::EditDocument edit = keys.take();
    ASSERT_EQ(edit.text_ops_size(), 1);
    auto decoded = sdk::crdt::Text::decode_op(sdk::as_bytes(edit.text_ops(0)));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(std::get<sdk::crdt::Text::Insert>(*decoded).values, U"hello");
    EXPECT_TRUE(keys.empty());

    // Backspacing five times is one delete of one span.
    for (std::size_t i = 5; i > 0; --i)
        ASSERT_TRUE(keys.add(op.id, *state.remove(op.id, i - 1, 1), now));
    EXPECT_EQ(keys.op_count(), 1u);
    edit = keys.take();
    decoded = sdk::crdt::Text::decode_op(sdk::as_bytes(edit.text_ops(0)));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(std::get<sdk::crdt::Text::Delete>(*decoded).spans.size(), 1u);

    // Typing without a pause is due after the maximum age.
    for (int i = 0; i < 30; ++i) {
        ASSERT_TRUE(keys.add(op.id, *state.insert(op.id, 0, U"x"), now += 50));
        if (i < 19) {
            EXPECT_FALSE(keys.due(now)) << i;
        }
    }
    EXPECT_TRUE(keys.due(now));
    EXPECT_FALSE(batch.due(now));  // an empty batch is never due

    // A long batch (typing all over the place) goes packed, a third of its size or less, and
    // unpacks to the same ops.
    keys.take();
    std::vector<std::string> plain;
    for (int i = 0; i < 200; ++i) {
        auto typed = state.insert(op.id, (i * 7) % (state.find(op.id)->text.size() + 1), U"word ");
        ASSERT_TRUE(typed.ok());
        const auto encoded = sdk::crdt::Text::encode_op(*typed);
        plain.emplace_back(encoded.begin(), encoded.end());
        ASSERT_TRUE(keys.add(op.id, *typed, now));
    }
    ASSERT_EQ(keys.op_count(), 200u);
    edit = keys.take();
    EXPECT_EQ(edit.text_ops_size(), 0);
    std::size_t plain_bytes = 0;
    for (const std::string& bytes : plain) plain_bytes += bytes.size();
    EXPECT_LT(edit.packed_ops().size() * 3, plain_bytes);
    auto unpacked = unpack_ops(edit);
    ASSERT_TRUE(unpacked.ok());
    EXPECT_EQ(*unpacked, plain);
}

TEST(NotepadTypingBatch, DamagedPacksAreRefusedNeverCrash) {
    // A valid pack of many ops, then every single-byte change and cut of it, and random bytes:
    // each unpacks to well-formed ops or is refused — what a peer's damaged operation would do.
    v1::EditDocument edit;
    std::vector<std::string> ops;
    for (int i = 0; i < 64; ++i) ops.push_back("op " + std::to_string(i) + std::string(20, 'x'));
    pack_ops(ops, edit);
    ASSERT_FALSE(edit.packed_ops().empty());
    const std::string packed = edit.packed_ops();
    std::mt19937 random(7);
    int refused = 0;
    for (std::size_t i = 0; i < packed.size() * 4; ++i) {
        std::string damaged = packed;
        if (i % 2 == 0)
            damaged[random() % damaged.size()] = static_cast<char>(random());
        else
            damaged.resize(random() % damaged.size());
        if (i % 7 == 0)
            for (char& c : damaged) c = static_cast<char>(random());
        edit.set_packed_ops(damaged);
        auto unpacked = unpack_ops(edit);
        if (!unpacked) {
            ++refused;
            continue;
        }
        for (const std::string& op : *unpacked) EXPECT_FALSE(op.empty());
    }
    EXPECT_GT(refused, 0);
}

// ---------------------------------------------------------------- documents

TEST(NotepadModel, DocumentsAreCreatedRenamedDuplicatedAndDeletedOnEveryReplica) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2);
    ada.context.set_members({{ada.context.identity(), "Ada", sdk::Role::Participant, {}},
                             {bob.context.identity(), "Bob", sdk::Role::Participant, {}}});
    bob.context.set_members(ada.context.members());
    QAbstractItemModelTester tester(ada.model().documents(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QString plan = ada.model().createDocument("Plan");
    ASSERT_FALSE(plan.isEmpty());
    ada.model().open_document(plan);
    ada.type(0, "# Plan\nShip it");
    ada.pause();
    bob.receive_from(ada);
    EXPECT_EQ(bob.text_of(plan), "# Plan\nShip it");

    ASSERT_TRUE(bob.model().renameDocument(plan, "Launch plan"));
    const QString copy = bob.model().duplicateDocument(plan);
    ASSERT_FALSE(copy.isEmpty());
    ada.receive_from(bob);
    auto* list = ada.model().documents();
    ASSERT_EQ(list->rowCount(), 2);
    const auto roles = list->roleNames();
    EXPECT_EQ(list->index(0, 0).data(roles.key("title")).toString(), "Launch plan");
    EXPECT_EQ(list->index(0, 0).data(roles.key("lastEditor")).toString(), "Bob");
    EXPECT_EQ(list->index(1, 0).data(roles.key("title")).toString(), "Launch plan (copy)");
    EXPECT_EQ(ada.text_of(copy), "# Plan\nShip it");
    EXPECT_EQ(ada.model().current_title(), "Launch plan");

    // Deleting the open document closes it; edits made concurrently have no effect.
    bob.model().open_document(plan);
    bob.type(0, "x");
    ASSERT_TRUE(ada.model().deleteDocument(plan));
    EXPECT_TRUE(ada.model().current_document_id().isEmpty());
    bob.pause();
    ada.receive_from(bob);
    bob.receive_from(ada);
    EXPECT_EQ(list->rowCount(), 1);
    EXPECT_TRUE(bob.model().current_document_id().isEmpty());
    EXPECT_EQ(ada.instance->digest(), bob.instance->digest());
}

TEST(NotepadModel, TypingIsSubmittedAsOneOperationPerBurst) {
    NotepadReplica ada("Ada", 1);
    const QString doc = ada.model().createDocument("Notes");
    ada.model().open_document(doc);
    const std::size_t before = ada.context.submitted().size();
    ada.type(0, "The quick ", 40);                      // 10 keys in 400 ms: one burst
    EXPECT_EQ(ada.context.submitted().size(), before);  // nothing yet: still typing
    ada.now_ms += 299;
    ada.model().flush_if_due();
    EXPECT_EQ(ada.context.submitted().size(), before);
    ada.now_ms += 1;
    ada.model().flush_if_due();
    ASSERT_EQ(ada.context.submitted().size(), before + 1);
    v1::NotepadOp op = decode(ada.context.submitted().back());
    ASSERT_TRUE(op.has_edit());
    EXPECT_EQ(op.edit().text_ops_size(), 1);  // one run-length insert

    // Typing for 3 s without a pause: submitted every second, not once per key.
    ada.type(10, QString(60, 'z'), 50);
    ada.pause();
    EXPECT_EQ(ada.context.submitted().size(), before + 1 + 3);
    EXPECT_EQ(ada.text(), "The quick " + QString(60, 'z'));
}

TEST(NotepadModel, AOneMegabytePasteGoesInOperationsThatFitAndIsUndoneInOneStep) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2);
    const QString doc = ada.model().createDocument("Notes");
    ada.model().open_document(doc);
    ada.type(0, "start ");
    ada.pause();
    const std::size_t before = ada.context.submitted().size();
    // Over a million characters, many of them 2 and 3 bytes in the ops' encoding.
    QString paste;
    while (paste.size() < 1'000'000) paste += QStringLiteral("Grüße, 世界! lorem ipsum dolor\n");
    ASSERT_TRUE(ada.model().insertText(6, paste));
    ada.pause();
    const auto& submitted = ada.context.submitted();
    ASSERT_GT(submitted.size(), before + 1);  // more than one operation could carry
    for (std::size_t i = before; i < submitted.size(); ++i)
        EXPECT_LE(submitted[i].bytes.size(), sdk::kMaxOperationPayload) << i;
    EXPECT_EQ(ada.text(), "start " + paste);
    bob.receive_from(ada);
    EXPECT_EQ(bob.text_of(doc), "start " + paste);

    // Removing it again is as large an edit: also in operations that fit.
    const std::size_t pasted = submitted.size();
    ASSERT_TRUE(ada.model().undo());
    EXPECT_EQ(ada.text(), "start ");
    for (std::size_t i = pasted; i < submitted.size(); ++i)
        EXPECT_LE(submitted[i].bytes.size(), sdk::kMaxOperationPayload) << i;
    bob.receive_from(ada);
    EXPECT_EQ(bob.text_of(doc), "start ");
    EXPECT_EQ(ada.instance->digest(), bob.instance->digest());
}

TEST(NotepadModel, KnowsWhoWroteWhatAndWhatWasWrittenWhileAway) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2);
    const QString doc = ada.model().createDocument("Notes");
    const QString other = ada.model().createDocument("Other");
    ada.model().open_document(doc);
    ada.type(0, "hello world");
    ada.pause();
    bob.receive_from(ada);
    bob.model().open_document(doc);
    bob.type(5, " there");  // "hello there world"
    bob.pause();
    ada.receive_from(bob);
    const DocumentId id = *ada.model().current_document();
    const auto runs = ada.instance->state().authors(id);
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[0].length, 5u);
    EXPECT_EQ(runs[0].author, ada.context.identity());
    EXPECT_EQ(runs[1].length, 6u);
    EXPECT_EQ(runs[1].author, bob.context.identity());
    EXPECT_EQ(runs[2].author, ada.context.identity());

    // Ada leaves; Bob types inside his own earlier run and Ada's, and removes some of his.
    ada.model().open_document(other);
    EXPECT_EQ(ada.model().changed_since_visit(), 0);
    bob.type(8, "e");                           // "hello theere world": inside his run
    bob.type(0, ">> ");                         // ">> hello theere world"
    ASSERT_TRUE(bob.model().removeText(8, 1));  // the space before "theere"
    bob.pause();
    ada.receive_from(bob);
    ada.model().open_document(doc);
    EXPECT_EQ(ada.text(), ">> hellotheere world");
    EXPECT_EQ(ada.model().changed_since_visit(), 4);  // ">> " and "e"
    const auto changed =
        ada.instance->state().written_between(id, ada.instance->state().version(id));
    EXPECT_TRUE(changed.empty());  // nothing after now

    // Typing while it is open is not "new since you were here".
    bob.type(0, "x");
    bob.pause();
    ada.receive_from(bob);
    EXPECT_EQ(ada.model().changed_since_visit(), 4);
    ada.model().set_show_changes(true);
    std::vector<std::pair<int, int>> marked;
    for (const TextDecoration& decoration : ada.model().decorations())
        if (decoration.changed) marked.emplace_back(decoration.start, decoration.length);
    const std::vector<std::pair<int, int>> expected = {{1, 3}, {11, 1}};  // ">> ", the new "e"
    EXPECT_EQ(marked, expected);

    // The map of writers survives a snapshot.
    auto snapshot = ada.instance->snapshot();
    ASSERT_TRUE(snapshot.ok());
    NotepadReplica again("Ada", 1);
    ASSERT_TRUE(again.instance->restore(*snapshot).ok());
    EXPECT_EQ(again.instance->state().authors(id).size(), ada.instance->state().authors(id).size());
    EXPECT_EQ(again.instance->state().author_of(
                  sdk::crdt::ReplicaId::from_device_key(bob.context.me().device)),
              bob.context.identity());
}

TEST(NotepadModel, RemoteEditsArriveAsIncrementalChanges) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2);
    const QString doc = ada.model().createDocument("Notes");
    ada.model().open_document(doc);
    ada.type(0, "hello world");
    ada.pause();
    bob.receive_from(ada);
    bob.model().open_document(doc);
    EXPECT_EQ(bob.text(), "hello world");

    QSignalSpy edits(&bob.model(), &NotepadModel::textEdited);
    QSignalSpy resets(&bob.model(), &NotepadModel::documentReset);
    ada.type(5, ",");
    ASSERT_TRUE(ada.model().removeText(7, 5));  // "world"
    ada.type(7, "Ada");
    ada.pause();
    bob.receive_from(ada);
    EXPECT_EQ(bob.text(), "hello, Ada");
    EXPECT_EQ(resets.count(), 0);
    ASSERT_EQ(edits.count(), 3);
    EXPECT_EQ(edits[0], (QList<QVariant>{5, 0, ","}));
    EXPECT_EQ(edits[1], (QList<QVariant>{7, 5, ""}));
    EXPECT_EQ(edits[2], (QList<QVariant>{7, 0, "Ada"}));
}

TEST(NotepadModel, PositionsAreUtf16OutsideAndCodePointsInside) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2);
    const QString doc = ada.model().createDocument("Emoji");
    ada.model().open_document(doc);
    const QString smile = QString::fromUcs4(U"\U0001F600", 1);
    ASSERT_TRUE(ada.model().insertText(0, "a" + smile + "b"));  // 4 UTF-16 units, 3 code points
    ASSERT_TRUE(ada.model().insertText(3, "c"));                // after the emoji
    ada.pause();
    bob.receive_from(ada);
    bob.model().open_document(doc);
    EXPECT_EQ(bob.text(), "a" + smile + "cb");
    QSignalSpy edits(&bob.model(), &NotepadModel::textEdited);
    ASSERT_TRUE(ada.model().removeText(1, 2));  // the emoji
    ada.pause();
    bob.receive_from(ada);
    EXPECT_EQ(bob.text(), "acb");
    ASSERT_EQ(edits.count(), 1);
    EXPECT_EQ(edits[0], (QList<QVariant>{1, 2, ""}));
    EXPECT_FALSE(ada.model().removeText(2, 5));  // past the end: refused, nothing changes
    EXPECT_EQ(ada.text(), "acb");
}

// ---------------------------------------------------------------- undo / redo

TEST(NotepadModel, UndoRevertsOwnEditsOnlyAndRedoRestoresThem) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2);
    const QString doc = ada.model().createDocument("Notes");
    ada.model().open_document(doc);
    ada.type(0, "Hello");
    ada.pause();
    bob.receive_from(ada);
    bob.model().open_document(doc);
    bob.type(5, " world");
    bob.pause();
    ada.receive_from(bob);
    ASSERT_EQ(ada.text(), "Hello world");

    ASSERT_TRUE(ada.model().can_undo());
    ASSERT_TRUE(ada.model().undo());  // Ada's "Hello" goes, Bob's " world" stays
    EXPECT_EQ(ada.text(), " world");
    EXPECT_FALSE(ada.model().undo());  // nothing more of Ada's
    bob.receive_from(ada);
    EXPECT_EQ(bob.text(), " world");

    ASSERT_TRUE(ada.model().redo());
    EXPECT_EQ(ada.text(), "Hello world");
    bob.receive_from(ada);
    EXPECT_EQ(bob.text(), "Hello world");
    EXPECT_EQ(ada.instance->digest(), bob.instance->digest());
}

TEST(NotepadModel, UndoOfARemovalPutsTheTextBackWhereItWasAfterOthersEdits) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2);
    const QString doc = ada.model().createDocument("Notes");
    ada.model().open_document(doc);
    ada.type(0, "one two three");
    ada.pause();
    ASSERT_TRUE(ada.model().removeText(4, 4));  // "two "
    ada.pause();
    ASSERT_EQ(ada.text(), "one three");
    bob.receive_from(ada);
    bob.model().open_document(doc);
    bob.type(0, ">> ");  // before the removal point: the place moves with it
    bob.pause();
    ada.receive_from(bob);
    ASSERT_TRUE(ada.model().undo());
    EXPECT_EQ(ada.text(), ">> one two three");
    ASSERT_TRUE(ada.model().undo());  // the typing itself
    EXPECT_EQ(ada.text(), ">> ");
    ASSERT_TRUE(ada.model().redo());
    ASSERT_TRUE(ada.model().redo());
    EXPECT_EQ(ada.text(), ">> one three");
    bob.receive_from(ada);
    EXPECT_EQ(bob.text(), ada.text());
}

// ---------------------------------------------------------------- presence

TEST(NotepadModel, OthersCursorsFollowTheTextAndShowWhoIsEditing) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2);
    bob.context.set_members({{ada.context.identity(), "Ada", sdk::Role::Participant, {}}});
    const QString doc = ada.model().createDocument("Notes");
    ada.model().open_document(doc);
    ada.type(0, "hello world");
    ada.pause();
    bob.receive_from(ada);
    bob.model().open_document(doc);

    v1::Presence presence;
    sdk::OpId id{};
    sdk::from_hex(doc.toStdString(), id);
    presence.set_document_id(std::string(id.begin(), id.end()));
    presence.set_anchor(6);
    presence.set_cursor(11);  // "world" selected
    presence.set_typing(true);
    const std::string bytes = presence.SerializeAsString();
    sdk::EphemeralMessage message;
    message.from_device = ada.context.me().device;
    message.from_identity = ada.context.identity();
    message.payload = sdk::as_bytes(bytes);
    bob.instance->receive_ephemeral(message);
    QVariantList cursors = bob.model().remote_cursors();
    ASSERT_EQ(cursors.size(), 1);
    EXPECT_EQ(cursors[0].toMap()["name"].toString(), "Ada");
    EXPECT_EQ(cursors[0].toMap()["anchor"].toInt(), 6);
    EXPECT_EQ(bob.model().editing_note(), "Ada is editing");

    bob.type(0, ">> ");  // Bob's typing before Ada's selection moves it
    EXPECT_EQ(bob.model().remote_cursors()[0].toMap()["anchor"].toInt(), 9);
    EXPECT_EQ(bob.model().remote_cursors()[0].toMap()["position"].toInt(), 14);
    bob.now_ms += 5000;
    EXPECT_EQ(bob.model().editing_note(), "");

    // Garbage on the channel is ignored.
    const std::uint8_t junk[] = {0xff, 0xff, 0xff};
    message.payload = junk;
    bob.instance->receive_ephemeral(message);
    EXPECT_EQ(bob.model().remote_cursors().size(), 1);
}

// ---------------------------------------------------------------- snapshots, bad input, export

TEST(NotepadModel, SnapshotKeepsTypingNotYetSubmittedAndSubmitsItAfterRestore) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2);
    const QString doc = ada.model().createDocument("Notes");
    ada.model().open_document(doc);
    ada.type(0, "saved");
    ada.pause();
    ada.type(5, " pending");  // still in the batch
    auto snapshot = ada.instance->snapshot();
    ASSERT_TRUE(snapshot.ok());

    NotepadReplica again("Ada", 1);  // the same device, restarted
    ASSERT_TRUE(again.instance->restore(*snapshot).ok());
    EXPECT_EQ(again.text_of(doc), "saved pending");
    again.now_ms += 10;
    QCoreApplication::processEvents();  // the flush timer (0 ms) after restore
    again.model().flush();
    ASSERT_FALSE(again.context.submitted().empty());
    bob.receive_from(ada);  // the create and "saved"
    bob.seen.clear();
    for (auto& op : again.context.submitted()) ASSERT_TRUE(bob.context.receive(op).ok());
    EXPECT_EQ(bob.text_of(doc), "saved pending");

    // A malformed snapshot is refused and changes nothing.
    const std::uint8_t junk[] = {0x08, 0x07, 0x12, 0x03, 0x0a, 0x01, 0x00};
    EXPECT_FALSE(again.instance->restore(junk).ok());
    EXPECT_EQ(again.text_of(doc), "saved pending");
}

TEST(NotepadModel, BadOperationsAreRejectedWithoutEffect) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2), guest("Guest", 3, sdk::Role::Guest);
    const QString doc = ada.model().createDocument("Notes");
    ada.model().open_document(doc);
    ada.type(0, "abc");
    ada.pause();
    bob.receive_from(ada);
    const sdk::Digest before = bob.instance->digest();

    // An insert claiming Ada's ids, sent by Bob's device.
    tests::RecordedOp forged = ada.context.submitted().back();
    forged.header.author_device = bob.context.me().device;
    forged.header.lamport = 99;
    EXPECT_FALSE(bob.context.receive(forged).ok());
    // Not a Notepad operation; an edit of an unknown document; an undecodable text op.
    tests::RecordedOp junk = forged;
    junk.bytes = {0xff, 0x01};
    EXPECT_FALSE(bob.context.receive(junk).ok());
    v1::NotepadOp unknown;
    unknown.mutable_edit()->set_document_id(std::string(32, 'x'));
    unknown.mutable_edit()->add_text_ops("\x41");
    const std::string unknown_bytes = unknown.SerializeAsString();
    junk.bytes.assign(unknown_bytes.begin(), unknown_bytes.end());
    EXPECT_FALSE(bob.context.receive(junk).ok());
    EXPECT_EQ(bob.instance->digest(), before);

    // Packed ops that are not zlib, claim to unpack to a gigabyte, or hold a cut-off op.
    const std::string doc_id = decode(ada.context.submitted().back()).edit().document_id();
    for (const std::string& packed :
         {std::string("\x00\x00\x01\x00garbage", 11), std::string("\x40\x00\x00\x00\x78\x9c", 6),
          qCompress(QByteArray("\x05\x01", 2)).toStdString()}) {
        v1::NotepadOp bad;
        bad.mutable_edit()->set_document_id(doc_id);
        bad.mutable_edit()->set_packed_ops(packed);
        const std::string bytes = bad.SerializeAsString();
        tests::RecordedOp op = ada.context.submitted().back();
        op.bytes.assign(bytes.begin(), bytes.end());
        op.header.lamport = 100;
        EXPECT_FALSE(bob.context.receive(op).ok());
    }
    EXPECT_EQ(bob.instance->digest(), before);

    // A guest's edits are refused locally and on apply.
    guest.receive_from(ada);
    guest.model().open_document(doc);
    EXPECT_FALSE(guest.model().can_write());
    EXPECT_FALSE(guest.model().insertText(0, "x"));
    EXPECT_EQ(guest.text(), "abc");
    EXPECT_FALSE(guest.model().last_error().isEmpty());
}

TEST(NotepadModel, ExportsMarkdownTextAndSafeHtml) {
    NotepadReplica ada("Ada", 1);
    const QString doc = ada.model().createDocument("Notes <1>");
    ada.model().open_document(doc);
    ASSERT_TRUE(
        ada.model().insertText(0, "# Title\n\n*hi* <script>x</script> [a](javascript:alert(1))"));
    EXPECT_EQ(ada.model().exportAs("md"), ada.text());
    EXPECT_EQ(ada.model().exportAs("txt"), ada.text());
    const QString html = ada.model().exportAs("html");
    EXPECT_TRUE(html.contains("<h1>Title</h1>"));
    EXPECT_TRUE(html.contains("<title>Notes &lt;1&gt;</title>"));
    EXPECT_FALSE(html.contains("<script>"));
    EXPECT_FALSE(html.contains("javascript:"));
    QTemporaryDir dir;
    const QString path = dir.filePath("notes.html");
    ASSERT_TRUE(ada.model().saveAs(QUrl::fromLocalFile(path), "html"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(QString::fromUtf8(file.readAll()), html);
    EXPECT_FALSE(ada.model().saveAs(QUrl::fromLocalFile(path), "pdf"));
}

TEST(NotepadModel, PatchesFromTheApiAreAllOrNothingAndReachTheOpenEditor) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2);
    auto created = ada.model().create_document("From the API", "line one\n");
    ASSERT_TRUE(created.ok());
    const QString doc = QString::fromStdString(sdk::to_hex(*created));
    bob.receive_from(ada);
    bob.model().open_document(doc);
    QSignalSpy edits(&bob.model(), &NotepadModel::textEdited);

    TextPatch append;
    append.at_end = true;
    append.insert = U"line two\n";
    TextPatch replace;
    replace.position = 0;
    replace.remove = 4;
    replace.insert = U"LINE";
    const std::size_t before = ada.context.submitted().size();
    ASSERT_TRUE(ada.model().apply_patch(*created, {append, replace}).ok());
    EXPECT_EQ(ada.context.submitted().size(), before + 1);  // one operation
    bob.receive_from(ada);
    EXPECT_EQ(bob.text(), "LINE one\nline two\n");
    EXPECT_EQ(edits.count(), 3);

    TextPatch past_end;
    past_end.position = 100;
    past_end.insert = U"x";
    auto refused = ada.model().apply_patch(*created, {append, past_end});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(ada.text_of(doc), "LINE one\nline two\n");  // the valid first edit was not applied
    EXPECT_EQ(ada.model().apply_patch(sdk::OpId{}, {append}).error().code, ErrorCode::NotFound);
}
