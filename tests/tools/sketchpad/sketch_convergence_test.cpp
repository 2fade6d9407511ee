// Sketchpad convergence without the host: concurrent moves, restyles, z-order changes, deletes
// and undos of the same shapes, delivered in every order (or seeded random causal orders), leave
// every replica with the same shapes and equal digests; the fractional z-order index keeps order.
#include <gtest/gtest.h>

#include <QPointF>
#include <algorithm>
#include <random>

#include "fractionalindex.h"
#include "sketch_replica.h"

using namespace grove;
using namespace grove::tools::sketchpad;
using grove::tests::SketchOpRecord;
using grove::tests::SketchReplica;

namespace {

QString first_shape(SketchReplica& replica) {
    const auto page = replica.model().current_page();
    if (!page) return {};
    const auto shapes = replica.state().shapes(*page);
    return shapes.empty() ? QString() : QString::fromStdString(sdk::to_hex(shapes.front()->id));
}

std::vector<std::string> shape_order(SketchReplica& replica) {
    std::vector<std::string> out;
    const auto page = replica.model().current_page();
    if (!page) return out;
    for (const Shape* shape : replica.state().shapes(*page)) out.push_back(sdk::to_hex(shape->id));
    return out;
}

// The replica draws a freehand stroke through `points` x,y pairs.
QString draw(SketchReplica& replica, std::initializer_list<double> points) {
    auto it = points.begin();
    const double x = *it++, y = *it++;
    EXPECT_TRUE(replica.model().beginStroke(v1::SHAPE_KIND_FREEHAND, x, y));
    while (it != points.end()) {
        const double px = *it++, py = *it++;
        replica.model().extendStroke(px, py);
    }
    return replica.model().endStroke();
}

}  // namespace

TEST(FractionalIndex, KeysBetweenStayOrderedAndValid) {
    std::mt19937_64 rng(7);
    std::vector<std::string> keys{*fractional_index_between({}, {})};
    for (int i = 0; i < 2000; ++i) {
        const std::size_t at = std::uniform_int_distribution<std::size_t>(0, keys.size())(rng);
        const std::string before = at == 0 ? std::string() : keys[at - 1];
        const std::string after = at == keys.size() ? std::string() : keys[at];
        auto key = fractional_index_between(before, after);
        ASSERT_TRUE(key) << before << " " << after;
        ASSERT_TRUE(is_valid_fractional_index(*key)) << *key;
        if (!before.empty()) ASSERT_LT(before, *key);
        if (!after.empty()) ASSERT_LT(*key, after);
        keys.insert(keys.begin() + static_cast<std::ptrdiff_t>(at), *key);
    }
    EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
    // Appending at the end 10,000 times keeps keys short (it never halves toward a limit).
    std::string last = keys.back();
    for (int i = 0; i < 10000; ++i) {
        auto next = fractional_index_between(last, {});
        ASSERT_TRUE(next) << last;
        last = *next;
    }
    EXPECT_LE(last.size(), 5u) << last;
    // And prepending likewise.
    std::string first = keys.front();
    for (int i = 0; i < 10000; ++i) {
        auto next = fractional_index_between({}, first);
        ASSERT_TRUE(next) << first;
        first = *next;
    }
    EXPECT_LE(first.size(), 5u) << first;
    EXPECT_FALSE(fractional_index_between("b00", "a0"));
    EXPECT_FALSE(fractional_index_between("a00", {}));
    EXPECT_FALSE(is_valid_fractional_index("b0"));  // 'b' heads a 3-character integer
    EXPECT_FALSE(is_valid_fractional_index("a b"));
}

// One shape, then four concurrent changes to it from three members — a move, a delete, a raise
// with a restyle, a second move — applied to a fresh replica in all 24 orders: one result.
TEST(SketchConvergence, ConcurrentMoveDeleteRestackEveryOrder) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs), b("Bob", 2, blobs), c("Cy", 3, blobs);
    a.model().addPage("One");
    const QString shape = draw(a, {0, 0, 10, 10, 20, 5});
    const QString other = draw(a, {50, 50, 60, 70});
    ASSERT_FALSE(shape.isEmpty());
    b.receive_all_from(a);
    c.receive_all_from(a);
    const std::size_t base = a.context.submitted().size();

    a.model().select({shape});
    ASSERT_TRUE(a.model().moveSelection(100, 0));
    b.model().select({shape});
    ASSERT_TRUE(b.model().deleteSelection());
    c.model().select({shape});
    ASSERT_TRUE(c.model().bringToFront());
    c.model().setProperty("strokeColor", QColor(Qt::red));
    ASSERT_TRUE(c.model().restyleSelection());
    b.model().select({other});
    ASSERT_TRUE(b.model().moveSelection(0, 30));

    std::vector<SketchOpRecord> concurrent;
    concurrent.push_back(a.context.submitted()[base]);
    for (const auto& op : b.context.submitted()) concurrent.push_back(op);
    for (const auto& op : c.context.submitted()) concurrent.push_back(op);
    ASSERT_EQ(concurrent.size(), 5u);

    std::vector<int> order(concurrent.size());
    std::iota(order.begin(), order.end(), 0);
    std::optional<sdk::Digest> expected;
    int orders = 0;
    do {
        SketchReplica fresh("Dee", 4, blobs);
        for (std::size_t i = 0; i < base; ++i)
            ASSERT_TRUE(fresh.receive(a.context.submitted()[i]).ok());
        for (int i : order)
            ASSERT_TRUE(fresh.receive(concurrent[static_cast<std::size_t>(i)]).ok());
        if (!expected) expected = fresh.state().digest();
        ASSERT_EQ(fresh.state().digest(), *expected) << "order " << orders;
        ++orders;
    } while (std::next_permutation(order.begin(), order.end()));
    EXPECT_EQ(orders, 120);

    for (SketchReplica* to : {&a, &b, &c})
        for (SketchReplica* from : {&a, &b, &c})
            if (to != from) to->receive_all_from(*from);
    EXPECT_EQ(a.state().digest(), *expected);
    EXPECT_EQ(b.state().digest(), *expected);
    EXPECT_EQ(c.state().digest(), *expected);
}

// Three members doing random work with random partial delivery (causal: an operation is delivered
// only after everything its author had seen) end equal, and a snapshot restores the same digest
// (snapshots taken along the way too, so shapes' kept encodings must follow every write).
TEST(SketchConvergence, RandomConcurrentWorkConverges) {
    for (std::uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
        platform::MemoryBlobStore blobs;
        std::vector<std::unique_ptr<SketchReplica>> replicas;
        for (std::uint8_t i = 0; i < 3; ++i)
            replicas.push_back(
                std::make_unique<SketchReplica>("m" + std::to_string(i), i + 1, blobs));
        replicas[0]->model().addPage("Board");
        for (std::size_t i = 1; i < 3; ++i) replicas[i]->receive_all_from(*replicas[0]);
        // deps[r][k]: how many of each replica's ops replica r had seen when it made its op k.
        std::vector<std::vector<std::vector<std::size_t>>> deps(3);
        std::vector<std::vector<std::size_t>> seen(3, std::vector<std::size_t>(3, 0));
        for (std::size_t r = 0; r < 3; ++r) seen[r][0] = 1;
        seen[0][0] = 1;
        deps[0].push_back({0, 0, 0});
        auto record = [&](std::size_t r) {
            auto& ops = replicas[r]->context.submitted();
            while (deps[r].size() < ops.size()) {
                auto d = seen[r];
                d[r] = deps[r].size();
                deps[r].push_back(d);
            }
            seen[r][r] = ops.size();
        };
        auto deliver = [&](std::size_t to, std::size_t from) {
            auto& ops = replicas[from]->context.submitted();
            while (seen[to][from] < ops.size()) {
                const auto& need = deps[from][seen[to][from]];
                for (std::size_t k = 0; k < 3; ++k)
                    if (k != to && seen[to][k] < need[k]) return;
                ASSERT_TRUE(replicas[to]->receive(ops[seen[to][from]]).ok());
                ++seen[to][from];
            }
        };
        std::mt19937_64 rng(seed);
        auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
        for (int round = 0; round < 60; ++round) {
            const std::size_t r = static_cast<std::size_t>(pick(3));
            SketchModel& model = replicas[r]->model();
            const auto order = shape_order(*replicas[r]);
            if (!order.empty())
                model.select({QString::fromStdString(
                    order[static_cast<std::size_t>(pick(static_cast<int>(order.size())))])});
            switch (order.empty() ? 0 : pick(9)) {
                case 0:
                    draw(*replicas[r], {double(pick(500)), double(pick(500)), double(pick(500)),
                                        double(pick(500))});
                    break;
                case 1:
                    model.moveSelection(pick(50) - 25, pick(50) - 25);
                    break;
                case 2:
                    model.deleteSelection();
                    break;
                case 3:
                    model.bringToFront();
                    break;
                case 4:
                    model.sendBackward();
                    break;
                case 5:
                    model.undo();
                    break;
                case 6:
                    model.redo();
                    break;
                case 7:
                    model.resizeSelection(
                        QRectF(pick(100), pick(100), 10 + pick(90), 10 + pick(90)));
                    break;
                case 8:
                    model.addShape(v1::SHAPE_KIND_STICKY, pick(300), pick(300), 100, 100, "note");
                    break;
            }
            record(r);
            // A snapshot now and then keeps shapes' encodings, which later writes must drop.
            if (round % 7 == 0) ASSERT_TRUE(replicas[0]->instance->snapshot().ok());
            for (int k = 0; k < 2; ++k) {
                const std::size_t to = static_cast<std::size_t>(pick(3));
                const std::size_t from = static_cast<std::size_t>(pick(3));
                if (to != from) deliver(to, from);
            }
        }
        for (int pass = 0; pass < 4; ++pass)
            for (std::size_t to = 0; to < 3; ++to)
                for (std::size_t from = 0; from < 3; ++from)
                    if (to != from) deliver(to, from);
        const sdk::Digest digest = replicas[0]->state().digest();
        EXPECT_GT(replicas[0]->state().shape_count(), 5u);
        EXPECT_EQ(replicas[1]->state().digest(), digest) << "seed " << seed;
        EXPECT_EQ(replicas[2]->state().digest(), digest) << "seed " << seed;
        EXPECT_EQ(shape_order(*replicas[1]), shape_order(*replicas[0]));

        auto snapshot = replicas[0]->instance->snapshot();
        ASSERT_TRUE(snapshot.ok());
        SketchReplica joined("late", 9, blobs);
        ASSERT_TRUE(joined.instance->restore(*snapshot).ok());
        EXPECT_EQ(joined.state().digest(), digest);
    }
}

// Undo takes back only one's own changes, and the undo itself replicates.
TEST(SketchUndo, UndoIsPerMemberAndReplicates) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs), b("Bob", 2, blobs);
    a.model().addPage("One");
    b.receive_all_from(a);
    const QString mine = draw(a, {0, 0, 40, 40});
    b.receive_all_from(a);
    const QString theirs = draw(b, {100, 100, 140, 100});
    a.receive_all_from(b);
    ASSERT_EQ(a.model().shape_count(), 2);

    // Bob moves Ada's stroke; Ada's undo removes her stroke and leaves Bob's alone.
    b.model().select({mine});
    ASSERT_TRUE(b.model().moveSelection(5, 5));
    a.receive_all_from(b);
    ASSERT_TRUE(a.model().undo());
    b.receive_all_from(a);
    EXPECT_EQ(a.model().shape_count(), 1);
    EXPECT_EQ(b.model().shape_count(), 1);
    EXPECT_EQ(first_shape(b), theirs);
    EXPECT_FALSE(a.model().can_undo());

    // Redo brings it back on both, where Bob had moved it.
    ASSERT_TRUE(a.model().redo());
    b.receive_all_from(a);
    EXPECT_EQ(b.model().shape_count(), 2);
    EXPECT_EQ(b.model().shapeRect(mine).topLeft(), QPointF(5, 5));
    EXPECT_EQ(a.state().digest(), b.state().digest());

    // Bob undoes his move: the stroke goes back to where it was before his move.
    ASSERT_TRUE(b.model().undo());
    a.receive_all_from(b);
    EXPECT_EQ(a.model().shapeRect(mine).topLeft(), QPointF(0, 0));
    // A new change drops the redo side.
    b.model().select({theirs});
    ASSERT_TRUE(b.model().moveSelection(1, 1));
    EXPECT_FALSE(b.model().can_redo());
    a.receive_all_from(b);
    EXPECT_EQ(a.state().digest(), b.state().digest());
}

TEST(SketchState, GroupsSelectTogetherAndCopiesPasteAsNewShapes) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs);
    a.model().addPage("One");
    const QString s1 = a.model().addShape(v1::SHAPE_KIND_RECTANGLE, 0, 0, 50, 50);
    const QString s2 = a.model().addShape(v1::SHAPE_KIND_ELLIPSE, 100, 0, 50, 50);
    const QString s3 = a.model().addShape(v1::SHAPE_KIND_TEXT, 0, 100, 200, 40, "hello");
    a.model().select({s1, s2});
    ASSERT_TRUE(a.model().groupSelection());
    a.model().select({s1});
    EXPECT_EQ(a.model().selection().size(), 2);
    ASSERT_TRUE(a.model().copySelection());
    ASSERT_TRUE(a.model().paste(10, 10));
    EXPECT_EQ(a.model().shape_count(), 5);
    EXPECT_EQ(a.model().selection().size(), 2);
    EXPECT_FALSE(a.model().selection().contains(s1));
    EXPECT_EQ(a.model().selectionBounds(), QRectF(10, 10, 150, 50));
    // The pasted pair is a group of its own.
    a.model().select({a.model().selection().front()});
    EXPECT_EQ(a.model().selection().size(), 2);
    // Z-order: the text was on top of the first two; sending it to the back puts it first.
    a.model().select({s3});
    ASSERT_TRUE(a.model().sendToBack());
    EXPECT_EQ(shape_order(a).front(), s3.toStdString());
    ASSERT_TRUE(a.model().bringForward());
    EXPECT_EQ(shape_order(a)[1], s3.toStdString());
}

// Operations a peer could forge or break are refused whole, leaving the state as it was.
TEST(SketchState, MalformedOperationsAreRefusedWhole) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs);
    const QString page = a.model().addPage("One");
    const sdk::Digest before = a.state().digest();
    sdk::OpId page_id{};
    sdk::from_hex(page.toStdString(), page_id);

    auto submit = [&](const v1::SketchOp& op) {
        const std::string bytes = op.SerializeAsString();
        return a.context.submit(sdk::as_bytes(bytes));
    };
    auto good_shape = [&] {
        v1::NewShape shape;
        shape.set_page_id(id_bytes(page_id));
        shape.set_kind(v1::SHAPE_KIND_RECTANGLE);
        shape.mutable_geometry()->set_width(10);
        shape.mutable_geometry()->set_height(10);
        shape.set_z("a0");
        return shape;
    };
    {
        v1::SketchOp op;
        *op.mutable_create_shapes()->add_shapes() = good_shape();
        auto bad = good_shape();
        bad.mutable_geometry()->set_x(std::nan(""));
        *op.mutable_create_shapes()->add_shapes() = bad;
        EXPECT_FALSE(submit(op).ok());
    }
    {
        v1::SketchOp op;
        auto bad = good_shape();
        bad.set_z("a00");  // fractions never end in the zero digit
        *op.mutable_create_shapes()->add_shapes() = bad;
        EXPECT_FALSE(submit(op).ok());
    }
    {
        v1::SketchOp op;
        auto bad = good_shape();
        bad.set_kind(v1::SHAPE_KIND_FREEHAND);
        for (std::size_t i = 0; i < 2 * SketchState::kMaxPoints + 2; ++i) bad.add_points(1);
        *op.mutable_create_shapes()->add_shapes() = bad;
        EXPECT_FALSE(submit(op).ok());
    }
    {
        v1::SketchOp op;
        op.mutable_update_shapes()->add_updates()->set_shape_id(std::string(32, 'x'));
        EXPECT_FALSE(submit(op).ok());
    }
    {
        sdk::Bytes garbage{0xff, 0xff, 0xff};
        EXPECT_FALSE(a.context.submit(garbage).ok());
    }
    EXPECT_EQ(a.state().digest(), before);
    EXPECT_EQ(a.model().shape_count(), 0);

    // A guest's operation is refused on every peer.
    SketchReplica guest("Gus", 5, blobs, sdk::Role::Guest);
    EXPECT_FALSE(guest.model().beginStroke(v1::SHAPE_KIND_FREEHAND, 0, 0));

    // A broken snapshot leaves the state alone.
    const sdk::Bytes junk{1, 2, 3, 4};
    EXPECT_FALSE(a.instance->restore(junk).ok());
    EXPECT_EQ(a.state().digest(), before);
}
