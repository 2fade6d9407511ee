// Unit tests for Sequence<T> and Text: local edits against a std::u32string oracle, remote merge,
// non-interleaving of concurrent runs, causal-gap errors, idempotence, snapshots.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "grove/sdk/crdt/sequence.h"
#include "grove/sdk/crdt/text.h"

namespace crdt = grove::sdk::crdt;

namespace {

const crdt::ReplicaId kAlice{0xA11CE};
const crdt::ReplicaId kBob{0xB0B};

// Types `text` one code point per op at `pos`, like an editor sending keystrokes.
std::vector<crdt::Text::Op> type(crdt::Text& doc, std::size_t pos, std::u32string_view text) {
    std::vector<crdt::Text::Op> ops;
    for (char32_t c : text) ops.push_back(doc.insert(pos++, std::u32string(1, c)));
    return ops;
}

// Types `text` backwards: each character goes in front of the previous one.
std::vector<crdt::Text::Op> type_backwards(crdt::Text& doc, std::size_t pos,
                                           std::u32string_view text) {
    std::vector<crdt::Text::Op> ops;
    for (auto it = text.rbegin(); it != text.rend(); ++it)
        ops.push_back(doc.insert(pos, std::u32string(1, *it)));
    return ops;
}

void apply_all(crdt::Text& doc, const std::vector<crdt::Text::Op>& ops) {
    for (const auto& op : ops) {
        auto status = doc.apply(op);
        ASSERT_TRUE(status.ok()) << status.error().describe();
    }
}

}  // namespace

TEST(Text, LocalEditsAndUtf8) {
    crdt::Text doc(kAlice);
    doc.insert_utf8(0, "h\xC3\xA9llo");  // hello with é: 5 code points, 6 bytes
    EXPECT_EQ(doc.size(), 5u);
    doc.insert(5, U" world");
    doc.remove(0, 1);
    doc.insert(0, U"H");
    EXPECT_EQ(doc.to_utf8(), "H\xC3\xA9llo world");
    EXPECT_THROW(doc.insert(99, U"x"), std::out_of_range);
    EXPECT_THROW(doc.remove(10, 5), std::out_of_range);
    EXPECT_THROW(doc.insert(0, U""), std::invalid_argument);
    EXPECT_THROW(doc.remove(0, 0), std::invalid_argument);
    EXPECT_THROW(doc.insert_utf8(0, "\xFF"), std::invalid_argument);
    EXPECT_EQ(doc.to_utf8(), "H\xC3\xA9llo world");
}

TEST(Text, RandomSingleReplicaEditsMatchStringOracleAndMerge) {
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        std::mt19937_64 rng(seed);
        crdt::Text doc(kAlice), mirror(kBob);
        std::u32string oracle;
        for (int step = 0; step < 300; ++step) {
            crdt::Text::Op op;
            if (oracle.empty() || rng() % 5 < 3) {
                const std::size_t pos = rng() % (oracle.size() + 1);
                std::u32string text(1 + rng() % (rng() % 8 == 0 ? 40 : 3),
                                    U'a' + static_cast<char32_t>(rng() % 26));
                op = doc.insert(pos, text);
                oracle.insert(pos, text);
            } else {
                const std::size_t pos = rng() % oracle.size();
                const std::size_t count =
                    1 + rng() % std::min<std::size_t>(12, oracle.size() - pos);
                op = doc.remove(pos, count);
                oracle.erase(pos, count);
            }
            ASSERT_EQ(doc.to_u32string(), oracle) << "seed " << seed << " step " << step;
            auto decoded = crdt::Text::decode_op(crdt::Text::encode_op(op));
            ASSERT_TRUE(decoded.ok()) << decoded.error().describe();
            ASSERT_TRUE(*decoded == op);
            ASSERT_TRUE(mirror.apply(*decoded).ok());
        }
        EXPECT_EQ(mirror.to_u32string(), oracle);
        EXPECT_EQ(mirror.digest(), doc.digest());
        EXPECT_EQ(mirror.snapshot(), doc.snapshot());
        auto restored = crdt::Text::restore(crdt::ReplicaId{77}, doc.snapshot());
        ASSERT_TRUE(restored.ok()) << restored.error().describe();
        EXPECT_EQ(restored->to_u32string(), oracle);
        // The restored copy keeps working: edits on it merge back.
        auto more = restored->insert(0, U"!");
        ASSERT_TRUE(doc.apply(more).ok());
        EXPECT_EQ(doc.to_u32string(), U"!" + oracle);
    }
}

TEST(Text, ConcurrentRunsDoNotInterleave) {
    crdt::Text alice(kAlice), bob(kBob);
    apply_all(bob, type(alice, 0, U"[]"));
    auto a = type(alice, 1, U"abc");
    auto b = type(bob, 1, U"xyz");
    apply_all(alice, b);
    apply_all(bob, a);
    EXPECT_EQ(alice.to_u32string(), bob.to_u32string());
    EXPECT_TRUE(alice.to_u32string() == U"[abcxyz]" || alice.to_u32string() == U"[xyzabc]")
        << alice.to_utf8();
}

TEST(Text, ConcurrentBackwardTypingDoesNotInterleave) {
    crdt::Text alice(kAlice), bob(kBob);
    apply_all(bob, type(alice, 0, U"[]"));
    auto a = type_backwards(alice, 1, U"abc");
    auto b = type_backwards(bob, 1, U"xyz");
    apply_all(alice, b);
    apply_all(bob, a);
    EXPECT_EQ(alice.to_u32string(), bob.to_u32string());
    EXPECT_TRUE(alice.to_u32string() == U"[abcxyz]" || alice.to_u32string() == U"[xyzabc]")
        << alice.to_utf8();
}

TEST(Text, ConcurrentInsertsAroundDeletedText) {
    crdt::Text alice(kAlice), bob(kBob);
    apply_all(bob, type(alice, 0, U"hello world"));
    auto del = alice.remove(5, 1);  // "helloworld"
    auto a = type(alice, 5, U"__");
    auto b = type(bob, 6, U"big ");
    ASSERT_TRUE(bob.apply(del).ok());
    apply_all(bob, a);
    apply_all(alice, b);
    EXPECT_EQ(alice.to_u32string(), bob.to_u32string());
    EXPECT_EQ(alice.snapshot(), bob.snapshot());
    const std::u32string result = alice.to_u32string();
    EXPECT_NE(result.find(U"__"), std::u32string::npos);
    EXPECT_NE(result.find(U"big "), std::u32string::npos);
}

TEST(Text, MissingDependenciesAreReportedNotApplied) {
    crdt::Text alice(kAlice), bob(kBob);
    auto first = alice.insert(0, U"ab");
    auto second = alice.insert(1, U"X");  // origin_left = alice:0, id alice:2
    auto status = bob.apply(second);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, crdt::ErrorCode::FailedPrecondition);
    EXPECT_TRUE(bob.empty());
    auto del = alice.remove(0, 1);
    status = bob.apply(del);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, crdt::ErrorCode::FailedPrecondition);

    // An origin pointing at an unknown replica.
    crdt::Text::Insert forged = first;
    forged.id = crdt::ItemId{crdt::ReplicaId{5}, 0};
    forged.origin_left = crdt::ItemId{crdt::ReplicaId{6}, 3};
    status = bob.apply(forged);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, crdt::ErrorCode::FailedPrecondition);
    EXPECT_TRUE(bob.empty());
    EXPECT_EQ(bob.stats().replicas, 1u);  // the forged replica was not registered

    ASSERT_TRUE(bob.apply(first).ok());
    ASSERT_TRUE(bob.apply(second).ok());
    ASSERT_TRUE(bob.apply(del).ok());
    EXPECT_EQ(bob.to_u32string(), alice.to_u32string());
}

TEST(Text, ReapplyingOpsIsANoOpAndOverlapsAreTrimmed) {
    crdt::Text alice(kAlice), bob(kBob);
    auto insert = alice.insert(0, U"abcdef");
    auto del = alice.remove(1, 2);
    ASSERT_TRUE(bob.apply(insert).ok());
    ASSERT_TRUE(bob.apply(insert).ok());
    ASSERT_TRUE(bob.apply(del).ok());
    ASSERT_TRUE(bob.apply(del).ok());
    EXPECT_EQ(bob.to_u32string(), U"adef");

    // A re-sent op that overlaps what was applied: only the unseen tail is new.
    crdt::Text carol(crdt::ReplicaId{0xCA}), dave(crdt::ReplicaId{0xDA});
    auto typed = type(carol, 0, U"xyz");
    ASSERT_TRUE(dave.apply(typed[0]).ok());
    crdt::Text::Insert merged = std::get<crdt::Text::Insert>(typed[0]);
    merged.values = U"xyz";
    ASSERT_TRUE(dave.apply(merged).ok());
    EXPECT_EQ(dave.to_u32string(), U"xyz");
    EXPECT_EQ(dave.snapshot(), carol.snapshot());
}

TEST(Text, RunLengthKeepsTypingCompact) {
    crdt::Text doc(kAlice), mirror(kBob);
    apply_all(mirror, type(doc, 0, U"the quick brown fox"));
    EXPECT_EQ(doc.stats().runs, 1u);
    EXPECT_EQ(mirror.stats().runs, 1u);
    auto del = doc.remove(4, 6);  // "the brown fox"
    ASSERT_TRUE(mirror.apply(del).ok());
    EXPECT_EQ(del.spans.size(), 1u);
    EXPECT_EQ(doc.stats().runs, 3u);
    EXPECT_EQ(mirror.to_u32string(), U"the brown fox");
}

TEST(Text, PositionOfFollowsEdits) {
    crdt::Text doc(kAlice);
    auto insert = doc.insert(0, U"abc");
    const crdt::ItemId c{insert.id.replica, insert.id.counter + 2};
    EXPECT_EQ(doc.position_of(c), 2u);
    doc.insert(0, U"__");
    EXPECT_EQ(doc.position_of(c), 4u);
    doc.remove(4, 1);
    EXPECT_FALSE(doc.position_of(c).has_value());
    EXPECT_FALSE(doc.position_of(crdt::ItemId{crdt::ReplicaId{1234}, 0}).has_value());
}

TEST(Text, VisibleRunsNameWhoWroteEachPartInOrder) {
    crdt::Text alice(kAlice), bob(kBob);
    apply_all(bob, type(alice, 0, U"hello world"));
    apply_all(alice, type(bob, 5, U", dear"));          // "hello, dear world"
    apply_all(bob, {alice.remove(0, 1)});               // "ello, dear world"
    apply_all(alice, {bob.remove(bob.size() - 1, 1)});  // "ello, dear worl"
    for (const crdt::Text* doc : {&alice, &bob}) {
        std::vector<std::pair<crdt::ItemId, std::size_t>> runs;
        doc->for_each_visible_run(
            [&](crdt::ItemId first, std::size_t length) { runs.emplace_back(first, length); });
        std::size_t total = 0;
        for (const auto& [first, length] : runs) {
            // Every run is consecutive ids of one replica, and position_of agrees with the order.
            EXPECT_EQ(doc->position_of(first), total);
            EXPECT_EQ(doc->position_of({first.replica, first.counter + std::uint32_t(length) - 1}),
                      total + length - 1);
            total += length;
        }
        EXPECT_EQ(total, doc->size());
        // Runs may be split where the tree needs it; joined per replica they are the authors.
        std::vector<std::pair<crdt::ReplicaId, std::size_t>> authors;
        for (const auto& [first, length] : runs)
            if (!authors.empty() && authors.back().first == first.replica)
                authors.back().second += length;
            else
                authors.emplace_back(first.replica, length);
        const std::vector<std::pair<crdt::ReplicaId, std::size_t>> expected = {
            {kAlice, 4}, {kBob, 6}, {kAlice, 5}};  // "ello" ", dear" " worl"
        EXPECT_EQ(authors, expected);
    }
}

TEST(Sequence, GenericValuesAndSnapshot) {
    crdt::Sequence<std::string> list(kAlice), other(kBob);
    const std::vector<std::string> items = {"milk", "eggs", "bread"};
    std::vector<crdt::Sequence<std::string>::Op> ops;
    ops.push_back(list.insert(0, items));
    ops.push_back(list.insert(1, std::string("butter")));
    ops.push_back(list.remove(2, 1));
    EXPECT_EQ(list.to_vector(), (std::vector<std::string>{"milk", "butter", "bread"}));
    EXPECT_EQ(list.at(1), "butter");
    for (const auto& op : ops) {
        auto decoded =
            crdt::Sequence<std::string>::decode_op(crdt::Sequence<std::string>::encode_op(op));
        ASSERT_TRUE(decoded.ok());
        ASSERT_TRUE(other.apply(*decoded).ok());
    }
    EXPECT_EQ(other.to_vector(), list.to_vector());
    auto restored = crdt::Sequence<std::string>::restore(kBob, list.snapshot());
    ASSERT_TRUE(restored.ok()) << restored.error().describe();
    EXPECT_EQ(restored->to_vector(), list.to_vector());
    EXPECT_EQ(restored->digest(), list.digest());
}

TEST(Sequence, LargeDocumentStaysConsistent) {
    // Enough runs for a multi-level tree; random edits checked against a vector oracle.
    std::mt19937_64 rng(2024);
    crdt::Sequence<std::uint32_t> seq(kAlice), mirror(kBob);
    std::vector<std::uint32_t> oracle;
    std::uint32_t next_value = 0;
    for (int step = 0; step < 20000; ++step) {
        if (oracle.empty() || rng() % 3 != 0) {
            const std::size_t pos = rng() % (oracle.size() + 1);
            std::vector<std::uint32_t> values(1 + rng() % 4);
            for (auto& v : values) v = next_value++;
            ASSERT_TRUE(mirror.apply(seq.insert(pos, values)).ok());
            oracle.insert(oracle.begin() + static_cast<std::ptrdiff_t>(pos), values.begin(),
                          values.end());
        } else {
            const std::size_t pos = rng() % oracle.size();
            const std::size_t count = 1 + rng() % std::min<std::size_t>(5, oracle.size() - pos);
            ASSERT_TRUE(mirror.apply(seq.remove(pos, count)).ok());
            oracle.erase(oracle.begin() + static_cast<std::ptrdiff_t>(pos),
                         oracle.begin() + static_cast<std::ptrdiff_t>(pos + count));
        }
    }
    EXPECT_EQ(seq.to_vector(), oracle);
    EXPECT_EQ(mirror.to_vector(), oracle);
    EXPECT_GT(seq.stats().leaves, 32u);
    for (std::size_t pos = 0; pos < oracle.size(); pos += 97) EXPECT_EQ(seq.at(pos), oracle[pos]);
    EXPECT_EQ(seq.snapshot(), mirror.snapshot());
}

TEST(Text, ChangeReportsReplayOntoAMirror) {
    // A view kept only from the reported changes must always equal the document.
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        std::mt19937_64 rng(seed);
        std::vector<crdt::Text> writers;
        for (std::uint64_t r = 0; r < 3; ++r) writers.emplace_back(crdt::ReplicaId{100 + r});
        crdt::Text viewer(crdt::ReplicaId{1});
        std::u32string view;
        std::vector<std::vector<crdt::Text::Op>> pending(writers.size());
        for (int step = 0; step < 200; ++step) {
            const std::size_t who = rng() % writers.size();
            crdt::Text& doc = writers[who];
            if (rng() % 3 == 0 && !pending[who].empty()) {
                // The viewer receives this writer's backlog (writers never see each other: all
                // concurrent).
                for (const auto& op : pending[who]) {
                    std::vector<crdt::SequenceChange> changes;
                    ASSERT_TRUE(viewer.apply(op, changes).ok());
                    for (const auto& change : changes) {
                        if (change.kind == crdt::SequenceChange::Kind::kInserted)
                            view.insert(change.pos,
                                        viewer.to_u32string().substr(change.pos, change.count));
                        else
                            view.erase(change.pos, change.count);
                    }
                    ASSERT_EQ(view, viewer.to_u32string()) << "seed " << seed << " step " << step;
                }
                pending[who].clear();
                continue;
            }
            if (doc.empty() || rng() % 3 != 0) {
                const std::u32string text(1 + rng() % 4, static_cast<char32_t>(U'a' + who));
                pending[who].push_back(doc.insert(rng() % (doc.size() + 1), text));
            } else {
                const std::size_t pos = rng() % doc.size();
                pending[who].push_back(
                    doc.remove(pos, 1 + rng() % std::min<std::size_t>(5, doc.size() - pos)));
            }
        }
    }
}

TEST(Text, ChangeReportsJoinAdjacentRemovalsAndSkipDuplicates) {
    crdt::Text alice(kAlice), bob(kBob);
    apply_all(bob, type(alice, 0, U"abcdef"));
    auto del = alice.remove(1, 4);  // one span "bcde"
    std::vector<crdt::SequenceChange> changes;
    ASSERT_TRUE(bob.apply(del, changes).ok());
    EXPECT_EQ(changes,
              (std::vector<crdt::SequenceChange>{{crdt::SequenceChange::Kind::kRemoved, 1, 4}}));
    changes.clear();
    ASSERT_TRUE(bob.apply(del, changes).ok());  // re-delivery: nothing visible happens
    EXPECT_TRUE(changes.empty());
    auto insert = alice.insert(2, U"XY");
    ASSERT_TRUE(bob.apply(insert, changes).ok());
    EXPECT_EQ(changes,
              (std::vector<crdt::SequenceChange>{{crdt::SequenceChange::Kind::kInserted, 2, 2}}));
}
