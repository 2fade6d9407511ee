// Live strokes and cursors over the ephemeral channel: a stroke appears on the other member's
// screen while drawn and gives way to the stored shape; messages lost, repeated or reordered never
// touch the stored sketch and never leave a corrupted live stroke behind.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QThread>
#include <algorithm>
#include <random>

#include "sketch_replica.h"

using namespace grove;
using namespace grove::tools::sketchpad;
using grove::tests::SketchReplica;

namespace {

std::vector<float> live_points(SketchReplica& replica) {
    const auto strokes = replica.model().presence().strokes_on(*replica.model().current_page());
    return strokes.empty() ? std::vector<float>{} : strokes.front()->points;
}

}  // namespace

TEST(SketchLive, StrokeIsSeenWhileDrawnAndEndsInTheStoredShape) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs), b("Bob", 2, blobs);
    a.model().addPage("One");
    b.receive_all_from(a);
    ASSERT_TRUE(a.model().beginStroke(v1::SHAPE_KIND_FREEHAND, 0, 0));
    for (int i = 1; i <= 30; ++i) a.model().extendStroke(i * 2, i);
    for (const auto& message : a.context.outbox()) b.receive_live(a, message);
    EXPECT_EQ(live_points(b).size(), 62u);
    EXPECT_EQ(live_points(b)[60], 60.f);
    EXPECT_EQ(b.model().shape_count(), 0);  // nothing stored yet

    const QString id = a.model().endStroke();
    ASSERT_FALSE(id.isEmpty());
    b.receive_all_from(a);
    EXPECT_EQ(b.model().shape_count(), 1);
    EXPECT_EQ(b.model().presence().stroke_count(), 0u);
    // A late copy of a live message after the stored shape does not bring the stroke back.
    b.receive_live(a, a.context.outbox()[5]);
    EXPECT_EQ(b.model().presence().stroke_count(), 0u);
}

TEST(SketchLive, LostRepeatedAndReorderedMessagesNeverCorrupt) {
    for (std::uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u}) {
        platform::MemoryBlobStore blobs;
        SketchReplica a("Ada", 1, blobs), b("Bob", 2, blobs);
        a.model().addPage("One");
        b.receive_all_from(a);
        const sdk::Digest stored = b.state().digest();
        ASSERT_TRUE(a.model().beginStroke(v1::SHAPE_KIND_FREEHAND, 0, 0));
        for (int i = 1; i <= 100; ++i) a.model().extendStroke(i, i % 7);
        std::vector<sdk::Bytes> messages = a.context.outbox();
        std::mt19937_64 rng(seed);
        // Drop a third, repeat some, shuffle locally (nearby messages swap).
        std::vector<sdk::Bytes> delivered;
        for (const auto& m : messages) {
            if (rng() % 3 == 0) continue;
            delivered.push_back(m);
            if (rng() % 5 == 0) delivered.push_back(m);
        }
        for (std::size_t i = 0; i + 1 < delivered.size(); ++i)
            if (rng() % 3 == 0) std::swap(delivered[i], delivered[i + 1]);
        for (const auto& m : delivered) b.receive_live(a, m);
        // Whatever arrived, the live stroke is a prefix of the real one.
        const std::vector<float> truth = a.model().stroke_points();
        const std::vector<float> seen = live_points(b);
        ASSERT_LE(seen.size(), truth.size());
        EXPECT_TRUE(std::equal(seen.begin(), seen.end(), truth.begin())) << "seed " << seed;
        EXPECT_EQ(b.state().digest(), stored);
        // Garbage on the channel is ignored.
        b.receive_live(a, sdk::Bytes{0x0a, 0xff, 0x01});
        b.receive_live(a, sdk::Bytes{});
        EXPECT_EQ(b.state().digest(), stored);

        a.model().endStroke();
        b.receive_all_from(a);
        EXPECT_EQ(b.model().presence().stroke_count(), 0u);
        EXPECT_EQ(a.state().digest(), b.state().digest());
    }
}

TEST(SketchLive, CancelledAndAbandonedStrokesGo) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs), b("Bob", 2, blobs);
    a.model().addPage("One");
    b.receive_all_from(a);
    ASSERT_TRUE(a.model().beginStroke(v1::SHAPE_KIND_LINE, 0, 0));
    a.model().extendStroke(50, 50);
    for (const auto& m : a.context.outbox()) b.receive_live(a, m);
    EXPECT_EQ(b.model().presence().stroke_count(), 1u);
    a.model().cancelStroke();
    b.receive_live(a, a.context.outbox().back());
    EXPECT_EQ(b.model().presence().stroke_count(), 0u);

    // A member who vanishes mid-stroke: the stroke is forgotten after a while.
    a.context.outbox().clear();
    ASSERT_TRUE(a.model().beginStroke(v1::SHAPE_KIND_FREEHAND, 0, 0));
    for (const auto& m : a.context.outbox()) b.receive_live(a, m);
    EXPECT_EQ(b.model().presence().stroke_count(), 1u);
    LivePresence presence = b.model().presence();
    EXPECT_TRUE(presence.expire(b.now_ms + LivePresence::kStrokeTimeoutMs + 1));
    EXPECT_EQ(presence.stroke_count(), 0u);
}

TEST(SketchLive, CursorsNameWhoIsOnThePage) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs), b("Bob", 2, blobs);
    sdk::Member ada{
        a.context.me().identity, "Ada", sdk::Role::Participant, {a.context.me().device}};
    b.context.set_members({ada});
    a.model().addPage("One");
    b.receive_all_from(a);
    a.model().pointerMoved(10, 20);
    ASSERT_EQ(a.context.outbox().size(), 1u);
    b.receive_live(a, a.context.outbox().back());
    ASSERT_EQ(b.model().presence().cursors().size(), 1u);
    EXPECT_EQ(b.model().presence().cursors().begin()->second.x, 10);
    const QVariantList present = b.model().present_members();
    ASSERT_EQ(present.size(), 2);
    EXPECT_EQ(present[1].toMap()["name"].toString(), "Ada");
    // On another page Ada is not "here".
    b.model().addPage("Two");
    EXPECT_EQ(b.model().present_members().size(), 1);
    a.model().leave();
    b.receive_live(a, a.context.outbox().back());
    EXPECT_TRUE(b.model().presence().cursors().empty());
}

// A pointer moving at 200 Hz would overrun a link's ephemeral budget (about 50 messages a second):
// points drawn within the live interval travel together, the last ones when the interval is over,
// and no cursor messages are sent while drawing (the stroke's end is where the pointer is).
TEST(SketchLive, FastPointerIsSentAtTheLiveIntervalWithEveryPoint) {
    platform::MemoryBlobStore blobs;
    SketchReplica a("Ada", 1, blobs), b("Bob", 2, blobs);
    a.model().addPage("One");
    b.receive_all_from(a);
    a.model().set_live_interval(SketchModel::kLiveStrokeEveryMs);
    a.context.outbox().clear();
    a.now_ms = 10'000;
    ASSERT_TRUE(a.model().beginStroke(v1::SHAPE_KIND_FREEHAND, 0, 0));
    for (int i = 1; i <= 200; ++i) {  // one second at 200 Hz
        a.now_ms += 5;
        a.model().pointerMoved(i * 2, i);
        a.model().extendStroke(i * 2, i);
    }
    // 1 s at one message per 25 ms, and the first at once.
    EXPECT_LE(a.context.outbox().size(), 41u);
    EXPECT_GE(a.context.outbox().size(), 39u);
    for (const auto& message : a.context.outbox()) {
        v1::LiveMessage live;
        ASSERT_TRUE(live.ParseFromArray(message.data(), static_cast<int>(message.size())));
        EXPECT_TRUE(live.has_stroke()) << "a cursor message while drawing";
    }
    // The points drawn after the last send go when the interval is over.
    for (int round = 0; round < 500 && live_points(b).size() < 402u; ++round) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(5);
        for (const auto& message : a.context.outbox()) b.receive_live(a, message);
    }
    ASSERT_EQ(live_points(b).size(), 402u);
    EXPECT_EQ(live_points(b)[400], 400.f);
    // The pointer shows where the stroke is.
    ASSERT_EQ(b.model().presence().cursors().size(), 1u);
    EXPECT_EQ(b.model().presence().cursors().begin()->second.x, 400.0);
}
