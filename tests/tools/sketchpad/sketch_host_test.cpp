// Sketchpad through the host and the real plugin: three peers draw, move, restack, delete and undo
// at once, receiving each other's operations in seeded random causal orders, and end with equal
// digests; a stroke in progress crosses the ephemeral channel and gives way to the stored shape.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QObject>
#include <QRectF>
#include <QVariant>
#include <random>

#include "fake_space.h"

using namespace grove;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;
const char* kSketchpad = "org.grove.sketchpad";
enum { Freehand = 1, Rectangle = 4, Sticky = 7 };

bool call(QObject* model, const char* method) {
    bool ok = false;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(bool, ok)));
    return ok;
}

QString draw(QObject* model, std::mt19937_64& rng) {
    auto coordinate = [&] { return qreal(std::uniform_int_distribution<int>(0, 800)(rng)); };
    bool ok = false;
    QMetaObject::invokeMethod(model, "beginStroke", Q_RETURN_ARG(bool, ok), Q_ARG(int, Freehand),
                              Q_ARG(qreal, coordinate()), Q_ARG(qreal, coordinate()));
    for (int i = 0; i < 20; ++i)
        QMetaObject::invokeMethod(model, "extendStroke", Q_ARG(qreal, coordinate()),
                                  Q_ARG(qreal, coordinate()));
    QString id;
    QMetaObject::invokeMethod(model, "endStroke", Q_RETURN_ARG(QString, id));
    return id;
}

QStringList shapes_of(QObject* model) {
    QMetaObject::invokeMethod(model, "selectAll");
    const QStringList all = model->property("selection").toStringList();
    QMetaObject::invokeMethod(model, "clearSelection");
    return all;
}

}  // namespace

TEST(SketchHost, ThreePeersDrawingAtOnceEndEqual) {
    for (std::uint64_t seed : {11u, 22u, 33u}) {
        tests::FakeSpace space(
            {kTools}, {sdk::Role::Manager, sdk::Role::Participant, sdk::Role::Participant}, seed);
        auto address = space.add_instance(kSketchpad, "Board", "1.0.0");
        for (std::size_t p = 0; p < space.size(); ++p)
            ASSERT_EQ(space.host(p).instance(address)->state, platform::InstanceState::Running)
                << space.host(p).instance(address)->message;
        QString page;
        ASSERT_TRUE(QMetaObject::invokeMethod(space.host(0).model(address), "addPage",
                                              Q_RETURN_ARG(QString, page), Q_ARG(QString, "One")));
        space.deliver_all();

        std::mt19937_64 rng(seed);
        auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
        for (int round = 0; round < 25; ++round) {
            for (std::size_t p = 0; p < space.size(); ++p) {
                QObject* model = space.host(p).model(address);
                const QStringList shapes = shapes_of(model);
                if (!shapes.isEmpty())
                    QMetaObject::invokeMethod(
                        model, "select",
                        Q_ARG(QStringList, {shapes[pick(static_cast<int>(shapes.size()))]}));
                bool ok = false;
                switch (shapes.isEmpty() ? 0 : pick(7)) {
                    case 0:
                        EXPECT_FALSE(draw(model, rng).isEmpty());
                        break;
                    case 1:
                        QMetaObject::invokeMethod(model, "moveSelection", Q_RETURN_ARG(bool, ok),
                                                  Q_ARG(qreal, pick(40) - 20),
                                                  Q_ARG(qreal, pick(40) - 20));
                        break;
                    case 2:
                        call(model, "bringToFront");
                        break;
                    case 3:
                        call(model, "deleteSelection");
                        break;
                    case 4:
                        call(model, "undo");
                        break;
                    case 5:
                        call(model, "sendBackward");
                        break;
                    case 6: {
                        QString id;
                        QMetaObject::invokeMethod(model, "addShape", Q_RETURN_ARG(QString, id),
                                                  Q_ARG(int, pick(2) ? Sticky : Rectangle),
                                                  Q_ARG(qreal, pick(500)), Q_ARG(qreal, pick(500)),
                                                  Q_ARG(qreal, 120), Q_ARG(qreal, 80),
                                                  Q_ARG(QString, "note"));
                        break;
                    }
                }
            }
            for (int i = 0; i < 6; ++i) space.deliver_one();
        }
        space.deliver_all();
        auto digest = space.host(0).digest(address);
        ASSERT_TRUE(digest.ok());
        for (std::size_t p = 1; p < space.size(); ++p) {
            auto other = space.host(p).digest(address);
            ASSERT_TRUE(other.ok());
            EXPECT_EQ(*other, *digest) << "seed " << seed << " peer " << p;
            EXPECT_EQ(shapes_of(space.host(p).model(address)),
                      shapes_of(space.host(0).model(address)));
        }
        EXPECT_GT(space.host(0).model(address)->property("shapeCount").toInt(), 3);
    }
}

TEST(SketchHost, LiveStrokeCrossesTheEphemeralChannel) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 5);
    auto address = space.add_instance(kSketchpad, "Board", "1.0.0");
    QObject* mine = space.host(0).model(address);
    QObject* theirs = space.host(1).model(address);
    QString page;
    ASSERT_TRUE(QMetaObject::invokeMethod(mine, "addPage", Q_RETURN_ARG(QString, page),
                                          Q_ARG(QString, "One")));
    space.deliver_all();
    bool ok = false;
    QMetaObject::invokeMethod(mine, "beginStroke", Q_RETURN_ARG(bool, ok), Q_ARG(int, Freehand),
                              Q_ARG(qreal, 0), Q_ARG(qreal, 0));
    ASSERT_TRUE(ok);
    QMetaObject::invokeMethod(mine, "extendStroke", Q_ARG(qreal, 30), Q_ARG(qreal, 40));
    EXPECT_EQ(theirs->property("liveStrokeCount").toInt(), 1);
    EXPECT_EQ(theirs->property("shapeCount").toInt(), 0);
    QString id;
    QMetaObject::invokeMethod(mine, "endStroke", Q_RETURN_ARG(QString, id));
    space.deliver_all();
    EXPECT_EQ(theirs->property("liveStrokeCount").toInt(), 0);
    EXPECT_EQ(theirs->property("shapeCount").toInt(), 1);
}
