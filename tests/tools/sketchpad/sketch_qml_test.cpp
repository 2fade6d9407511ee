// The Sketchpad view offscreen, loaded by its qrc URL from the plugin the host loaded: a stroke
// drawn with synthetic mouse input appears on the other peer while it is drawn and is stored when
// the button is released; Ctrl+Z takes it back on both. With SKETCH_SCREENSHOT_DIR set, it also
// saves the view in both themes at 960, 1200 and 1920 px wide.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSet>
#include <QThread>
#include <QUrl>

#include "fake_space.h"
#include "grove_test/tool_view_window.h"
#include "registerqmlkit.h"

using namespace grove;
using grove::test::distinct_colors;
using grove::test::load_view;
using grove::test::LoadedView;
using grove::test::settle;
using grove::test::wait_until;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;
enum { Freehand = 1, Arrow = 3, Rectangle = 4, Ellipse = 5, Text = 6, Sticky = 7 };

void mouse(QQuickWindow* window, QEvent::Type type, QPointF at, Qt::MouseButtons buttons) {
    QMouseEvent event(type, at, window->mapToGlobal(at), Qt::LeftButton, buttons, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &event);
}

void key(QQuickWindow* window, int code, Qt::KeyboardModifiers modifiers) {
    QKeyEvent press(QEvent::KeyPress, code, modifiers);
    QKeyEvent release(QEvent::KeyRelease, code, modifiers);
    QCoreApplication::sendEvent(window, &press);
    QCoreApplication::sendEvent(window, &release);
}

QString invoke_string(QObject* model, const char* method, int kind, QRectF box,
                      const QString& text) {
    QString id;
    QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(QString, id), Q_ARG(int, kind),
                              Q_ARG(qreal, box.x()), Q_ARG(qreal, box.y()),
                              Q_ARG(qreal, box.width()), Q_ARG(qreal, box.height()),
                              Q_ARG(QString, text));
    return id;
}

void stroke(QObject* model, int kind, std::initializer_list<QPointF> points, bool finish = true) {
    bool ok = false;
    auto it = points.begin();
    QMetaObject::invokeMethod(model, "beginStroke", Q_RETURN_ARG(bool, ok), Q_ARG(int, kind),
                              Q_ARG(qreal, it->x()), Q_ARG(qreal, it->y()));
    for (++it; it != points.end(); ++it)
        QMetaObject::invokeMethod(model, "extendStroke", Q_ARG(qreal, it->x()),
                                  Q_ARG(qreal, it->y()));
    if (!finish) return;
    QString id;
    QMetaObject::invokeMethod(model, "endStroke", Q_RETURN_ARG(QString, id));
}

}  // namespace

TEST(SketchView, MouseStrokeAppearsOnTheOtherPeerAndUndoTakesItBack) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 7);
    auto address = space.add_instance("org.grove.sketchpad", "Board", "1.0.0");
    QObject* mine = space.host(0).model(address);
    QObject* theirs = space.host(1).model(address);
    QString page;
    ASSERT_TRUE(QMetaObject::invokeMethod(mine, "addPage", Q_RETURN_ARG(QString, page),
                                          Q_ARG(QString, "One")));
    space.deliver_all();

    QQmlEngine engine;
    kit::registerQmlKit(engine);
    LoadedView loaded = load_view(engine, space.host(0), address, 1000, 700, false);
    auto* canvas = loaded.view->findChild<QQuickItem*>("sketchCanvas");
    ASSERT_NE(canvas, nullptr);
    ASSERT_TRUE(wait_until([&] { return canvas->width() > 0 && loaded.window->isExposed(); }));
    EXPECT_EQ(canvas->property("tool").toString(), "pen");

    const QPointF origin = canvas->mapToScene(QPointF(200, 200));
    mouse(loaded.window, QEvent::MouseButtonPress, origin, Qt::LeftButton);
    for (int i = 1; i <= 20; ++i)
        mouse(loaded.window, QEvent::MouseMove, origin + QPointF(i * 10, (i % 4) * 8),
              Qt::LeftButton);
    // While the button is down, the other peer draws the stroke live; nothing is stored yet.
    EXPECT_EQ(theirs->property("liveStrokeCount").toInt(), 1);
    EXPECT_EQ(theirs->property("shapeCount").toInt(), 0);
    EXPECT_EQ(mine->property("shapeCount").toInt(), 0);
    mouse(loaded.window, QEvent::MouseButtonRelease, origin + QPointF(200, 0), Qt::NoButton);
    EXPECT_EQ(mine->property("shapeCount").toInt(), 1);
    space.deliver_all();
    EXPECT_EQ(theirs->property("shapeCount").toInt(), 1);
    EXPECT_EQ(theirs->property("liveStrokeCount").toInt(), 0);

    // Ctrl+Z on the canvas undoes it here and, replicated, there.
    ASSERT_TRUE(canvas->hasActiveFocus());
    key(loaded.window, Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(mine->property("shapeCount").toInt(), 0);
    space.deliver_all();
    EXPECT_EQ(theirs->property("shapeCount").toInt(), 0);
    EXPECT_EQ(*space.host(0).digest(address), *space.host(1).digest(address));

    // The rectangle tool by its key, then a drag draws a box of that size (at zoom 1).
    key(loaded.window, Qt::Key_R, Qt::NoModifier);
    EXPECT_EQ(canvas->property("tool").toString(), "rectangle");
    const double zoom = canvas->property("zoom").toDouble();
    mouse(loaded.window, QEvent::MouseButtonPress, origin, Qt::LeftButton);
    mouse(loaded.window, QEvent::MouseMove, origin + QPointF(120, 60), Qt::LeftButton);
    mouse(loaded.window, QEvent::MouseButtonRelease, origin + QPointF(120, 60), Qt::NoButton);
    ASSERT_EQ(mine->property("shapeCount").toInt(), 1);
    QMetaObject::invokeMethod(mine, "selectAll");
    QRectF bounds;
    QMetaObject::invokeMethod(mine, "selectionBounds", Q_RETURN_ARG(QRectF, bounds));
    EXPECT_NEAR(bounds.width(), 120 / zoom, 1e-6);
    EXPECT_NEAR(bounds.height(), 60 / zoom, 1e-6);
}

TEST(SketchView, Screenshots) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 9);
    auto address = space.add_instance("org.grove.sketchpad", "Board", "1.0.0");
    QObject* mine = space.host(0).model(address);
    QObject* theirs = space.host(1).model(address);
    QString page;
    QMetaObject::invokeMethod(mine, "addPage", Q_RETURN_ARG(QString, page),
                              Q_ARG(QString, "Spring meetup"));
    QMetaObject::invokeMethod(mine, "addPage", Q_RETURN_ARG(QString, page),
                              Q_ARG(QString, "Venue ideas"));
    QString first = mine->property("pages").toList().front().toMap()["id"].toString();
    mine->setProperty("currentPageId", first);
    mine->setProperty("fontSize", 34);
    invoke_string(mine, "addShape", Text, QRectF(0, 0, 520, 50), "Spring meetup plan");
    mine->setProperty("strokeColor", QColor("#0969da"));
    mine->setProperty("strokeWidth", 4);
    stroke(mine, Freehand, {{0, 58}, {80, 63}, {160, 56}, {240, 63}, {320, 57}, {400, 62}});
    mine->setProperty("fontSize", 20);
    mine->setProperty("strokeColor", QColor("#1f2328"));
    mine->setProperty("strokeWidth", 3);
    mine->setProperty("fillColor", QColor("#ddf4ff"));
    invoke_string(mine, "addShape", Rectangle, QRectF(0, 120, 200, 100), {});
    invoke_string(mine, "addShape", Text, QRectF(20, 150, 170, 40), "Pick a venue");
    mine->setProperty("fillColor", QColor("#dafbe1"));
    invoke_string(mine, "addShape", Ellipse, QRectF(300, 110, 220, 120), {});
    invoke_string(mine, "addShape", Text, QRectF(350, 150, 150, 40), "Invite all");
    stroke(mine, Arrow, {{205, 170}, {295, 170}});
    mine->setProperty("fillColor", QColor(Qt::transparent));
    invoke_string(mine, "addShape", Sticky, QRectF(0, 280, 200, 160),
                  "Venue by Friday: the library or the old mill?");
    invoke_string(mine, "addShape", Sticky, QRectF(240, 280, 200, 160),
                  "Ask the garden club to bring seedlings");
    QMetaObject::invokeMethod(mine, "clearSelection");
    space.deliver_all();
    theirs->setProperty("currentPageId", first);

    const QString dir = qEnvironmentVariable("SKETCH_SCREENSHOT_DIR");
    if (!dir.isEmpty()) QDir().mkpath(dir);
    QQmlEngine engine;
    kit::registerQmlKit(engine);
    for (bool dark : {false, true}) {
        for (int width : {960, 1200, 1920}) {
            LoadedView loaded =
                load_view(engine, space.host(0), address, width, width * 9 / 16, dark);
            auto* canvas = loaded.view->findChild<QQuickItem*>("sketchCanvas");
            ASSERT_NE(canvas, nullptr);
            settle(100);
            QMetaObject::invokeMethod(canvas, "zoomToFit");
            // The other member points at the ellipse and is drawing a stroke right now.
            QMetaObject::invokeMethod(theirs, "pointerMoved", Q_ARG(qreal, 470), Q_ARG(qreal, 240));
            theirs->setProperty("strokeColor", QColor("#cf222e"));
            stroke(theirs, Freehand, {{540, 120}, {580, 100}, {620, 130}, {600, 190}, {560, 200}},
                   false);
            QMetaObject::invokeMethod(mine, "selectAll");
            QMetaObject::invokeMethod(mine, "clearSelection");
            settle(300);
            // Every visible tile drawn (a frame draws them only for a while; the rest next frame).
            ASSERT_TRUE(wait_until([&] { return canvas->property("rendered").toBool(); }));
            const QImage image = loaded.window->grabWindow();
            ASSERT_FALSE(image.isNull());
            EXPECT_EQ(image.width(), width);
            EXPECT_GT(distinct_colors(image), 100);
            if (!dir.isEmpty())
                image.save(QDir(dir).filePath(
                    QString("sketchpad-%1-%2.png").arg(dark ? "dark" : "light").arg(width)));
            QMetaObject::invokeMethod(theirs, "cancelStroke");
        }
    }
}
