// Convergence under every delivery order: concurrent and causally related typing by three
// replicas, applied to fresh states in each causal order there is, ends in one text and digest.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <set>

#include "notepad_replica.h"

using namespace grove;
using namespace grove::tools::notepad;
using tests::NotepadReplica;

namespace {

struct CausalOp {
    tests::RecordedOp op;
    std::string name;
    std::set<std::string> after;  // what its author had applied
};

// Every order of `ops` in which each op comes after everything it depends on.
void for_each_causal_order(const std::vector<CausalOp>& ops,
                           const std::function<void(const std::vector<const CausalOp*>&)>& visit) {
    std::vector<const CausalOp*> order;
    std::set<std::string> done;
    std::function<void()> extend = [&] {
        if (order.size() == ops.size()) return visit(order);
        for (const CausalOp& op : ops) {
            if (done.contains(op.name)) continue;
            if (!std::includes(done.begin(), done.end(), op.after.begin(), op.after.end()))
                continue;
            order.push_back(&op);
            done.insert(op.name);
            extend();
            done.erase(op.name);
            order.pop_back();
        }
    };
    extend();
}

}  // namespace

TEST(NotepadConvergence, EveryCausalOrderOfConcurrentTypingGivesOneText) {
    NotepadReplica ada("Ada", 1), bob("Bob", 2), cy("Cy", 3);
    const QString doc = ada.model().createDocument("Shared");
    bob.receive_from(ada);
    cy.receive_from(ada);
    const tests::RecordedOp create = ada.context.submitted().back();
    for (NotepadReplica* replica : {&ada, &bob, &cy}) replica->model().open_document(doc);

    std::vector<CausalOp> ops;
    auto last = [](NotepadReplica& r) { return r.context.submitted().back(); };
    ada.type(0, "abc");
    ada.pause();
    ops.push_back({last(ada), "A1", {}});
    bob.type(0, "xyz");
    bob.pause();
    ops.push_back({last(bob), "B1", {}});
    cy.type(0, "123");
    cy.pause();
    ops.push_back({last(cy), "C1", {}});
    bob.receive_from(ada);  // "abcxyz" or "xyzabc"
    ASSERT_TRUE(bob.model().removeText(bob.text().indexOf('b'), 1));
    bob.type(bob.text().indexOf('c'), "Q");
    bob.pause();
    ops.push_back({last(bob), "B2", {"A1", "B1"}});
    ASSERT_TRUE(ada.model().removeText(0, 1));
    ada.type(2, "!");
    ada.pause();
    ops.push_back({last(ada), "A2", {"A1"}});
    cy.type(1, "--");
    cy.pause();
    ops.push_back({last(cy), "C2", {"C1"}});

    std::optional<QString> expected_text;
    std::optional<sdk::Digest> expected_digest;
    int orders = 0;
    for_each_causal_order(ops, [&](const std::vector<const CausalOp*>& order) {
        ++orders;
        NotepadReplica fresh("Observer", 9);
        ASSERT_TRUE(fresh.context.receive(create).ok());
        std::string names;
        for (const CausalOp* op : order) {
            names += op->name + " ";
            auto applied = fresh.context.receive(op->op);
            ASSERT_TRUE(applied.ok()) << names << applied.error().describe();
        }
        const QString text = fresh.text_of(doc);
        if (!expected_text) {
            expected_text = text;
            expected_digest = fresh.instance->digest();
        }
        EXPECT_EQ(text, *expected_text) << names;
        EXPECT_EQ(fresh.instance->digest(), *expected_digest) << names;
    });
    EXPECT_EQ(orders, 75);  // the linear extensions of A1<A2, B1<B2, A1<B2, C1<C2

    // The replicas themselves, once everyone has everything, show the same text, with each
    // person's runs kept whole.
    for (bool progress = true; progress;) {
        progress = false;
        for (NotepadReplica* to : {&ada, &bob, &cy})
            for (NotepadReplica* from : {&ada, &bob, &cy})
                if (to != from) progress |= to->receive_from(*from);
    }
    for (NotepadReplica* replica : {&ada, &bob, &cy}) {
        EXPECT_EQ(replica->text(), *expected_text);
        EXPECT_EQ(replica->text(), replica->text_of(doc));  // the editor's copy, kept incrementally
    }
    EXPECT_TRUE(expected_text->contains("1--23"));
}

TEST(NotepadConvergence, PartitionedReplicasTypingForAWhileEndEqual) {
    for (std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
        std::mt19937_64 rng(seed);
        std::vector<std::unique_ptr<NotepadReplica>> replicas;
        for (std::uint8_t k = 1; k <= 4; ++k)
            replicas.push_back(std::make_unique<NotepadReplica>("R" + std::to_string(k), k));
        const QString doc = replicas[0]->model().createDocument("Shared");
        for (auto& replica : replicas) {
            replica->receive_from(*replicas[0]);
            replica->model().open_document(doc);
        }
        auto pick = [&](std::size_t n) {
            return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
        };
        for (int round = 0; round < 40; ++round) {
            // Two partitions, {0,1} and {2,3}, that sync inside; every 10 rounds they heal.
            for (auto& replica : replicas) {
                const int length = static_cast<int>(replica->text().size());
                if (length > 0 && pick(3) == 0) {
                    const int at = static_cast<int>(pick(static_cast<std::size_t>(length)));
                    replica->model().removeText(
                        at, std::min(length - at, 1 + static_cast<int>(pick(4))));
                } else {
                    replica->type(static_cast<int>(pick(static_cast<std::size_t>(length) + 1)),
                                  QString("abcdefgh").left(1 + static_cast<int>(pick(8))), 30);
                }
                if (pick(2) == 0) replica->pause();
            }
            const bool healed = round % 10 == 9;
            for (bool progress = true; progress;) {
                progress = false;
                for (std::size_t to = 0; to < replicas.size(); ++to)
                    for (std::size_t from = 0; from < replicas.size(); ++from)
                        if (to != from && (healed || to / 2 == from / 2))
                            progress |= replicas[to]->receive_from(*replicas[from]);
            }
        }
        for (auto& replica : replicas) replica->pause();
        for (bool progress = true; progress;) {
            progress = false;
            for (auto& to : replicas)
                for (auto& from : replicas)
                    if (to != from) progress |= to->receive_from(*from);
        }
        for (auto& replica : replicas) {
            EXPECT_EQ(replica->text(), replicas[0]->text()) << "seed " << seed;
            EXPECT_EQ(replica->text(), replica->text_of(doc)) << "seed " << seed;
            EXPECT_EQ(replica->instance->digest(), replicas[0]->instance->digest())
                << "seed " << seed;
        }
    }
}
