// Every tool view — Discussion, Files, Notepad, Calendar, Sketchpad — loaded from its plugin with
// data, in the light and dark themes at 960×640, 1200×800 and 1920×1080 and at the width the shell
// leaves a tool in a 960 px window: no visible text is cut off and every text's contrast against
// what is painted behind it is at least 4.5:1 (WCAG AA). Screenshots of each go to
// TOOL_VIEW_SCREENSHOT_DIR (default: the build's screenshots directory). Also checks that the audit
// itself catches a squeezed label and grey-on-grey text.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <cmath>

#include "fake_space.h"
#include "registerqmlkit.h"
#include "viewaudit.h"

using namespace grove;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;

void settle(int ms = 150) {
    for (int i = 0; i < ms / 10; ++i) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(10);
    }
}

// A window as the app's: Grove.Kit's theme, with the Controls palette taken from it.
const char* kWindowQml = R"(
import QtQuick
import QtQuick.Controls
import Grove.Kit
ApplicationWindow {
    property string scheme: "light"
    Binding { target: Theme; property: "colorScheme"; value: scheme }
    color: Theme.background
    font.pixelSize: Theme.fontBody
    palette.window: Theme.background
    palette.windowText: Theme.text
    palette.base: Theme.background
    palette.alternateBase: Theme.surface
    palette.text: Theme.text
    palette.button: Theme.raised
    palette.buttonText: Theme.text
    palette.brightText: Theme.accentText
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.textFaint
    palette.light: Theme.raised
    palette.midlight: Theme.hover
    palette.mid: Theme.border
    palette.dark: Theme.borderStrong
    palette.link: Theme.accent
}
)";

struct Size {
    int width;
    int height;
};
// The three window sizes, and what the shell leaves a tool in the smallest one: beside the chat
// (600) and, with the members pane open, in its place (420).
const Size kSizes[] = {{420, 640}, {600, 640}, {960, 640}, {1200, 800}, {1920, 1080}};

QString screenshot_dir() {
    QString dir = qEnvironmentVariable("TOOL_VIEW_SCREENSHOT_DIR");
    if (dir.isEmpty()) dir = GROVE_TEST_SCREENSHOT_DIR;
    QDir().mkpath(dir);
    return dir;
}

class ToolViewAudit : public ::testing::Test {
protected:
    void SetUp() override { kit::registerQmlKit(engine_); }

    // Loads `address`'s view into a themed window of `size`, audits it and saves a screenshot.
    void audit(const std::string& label, const platform::InstanceAddress& address,
               const std::function<void(QQuickItem*)>& prepare = {}) {
        for (const char* scheme : {"light", "dark"}) {
            for (const Size size : kSizes) {
                SCOPED_TRACE(QString("%1 %2 %3×%4")
                                 .arg(QString::fromStdString(label), scheme)
                                 .arg(size.width)
                                 .arg(size.height)
                                 .toStdString());
                QQmlComponent window_component(&engine_);
                window_component.setData(kWindowQml, QUrl("qrc:/test/Window.qml"));
                std::unique_ptr<QObject> window_object(
                    window_component.createWithInitialProperties({{"scheme", scheme}}));
                ASSERT_TRUE(window_object) << window_component.errorString().toStdString();
                auto* window = qobject_cast<QQuickWindow*>(window_object.get());
                auto url = space_.host(0).view_url(address);
                ASSERT_TRUE(url.ok());
                QQmlComponent component(&engine_, QUrl(QString::fromStdString(*url)));
                ASSERT_TRUE(component.isReady()) << component.errorString().toStdString();
                std::unique_ptr<QObject> object(component.createWithInitialProperties(
                    {{"tool", QVariant::fromValue(space_.host(0).model(address))}}));
                ASSERT_TRUE(object) << component.errorString().toStdString();
                auto* view = qobject_cast<QQuickItem*>(object.get());
                window->resize(size.width, size.height);
                view->setParentItem(window->contentItem());
                view->setSize(QSizeF(size.width, size.height));
                window->show();
                if (prepare) prepare(view);
                settle();
                const QImage image = window->grabWindow();
                ASSERT_FALSE(image.isNull());
                image.save(QDir(screenshot_dir())
                               .filePath(QString("%1-%2-%3x%4.png")
                                             .arg(QString::fromStdString(label), scheme)
                                             .arg(size.width)
                                             .arg(size.height)));
                const tests::ViewAuditResult result = tests::audit_view(*window);
                EXPECT_GT(result.texts_checked, 3);
                EXPECT_TRUE(result.problems.isEmpty())
                    << result.problems.size() << " problems:\n  "
                    << result.problems.mid(0, 25).join("\n  ").toStdString();
                view->setParentItem(nullptr);
            }
        }
    }

    tests::FakeSpace space_{{kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 11};
    QQmlEngine engine_;
};

QString call_string(QObject* model, const char* method, const QString& a, const QString& b) {
    QString out;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(QString, out),
                                          Q_ARG(QString, a), Q_ARG(QString, b)));
    return out;
}

}  // namespace

TEST(ViewAuditSelfTest, CatchesCutOffAndLowContrastText) {
    QQmlEngine engine;
    QQmlComponent component(&engine);
    component.setData(R"(
import QtQuick
Window {
    width: 300; height: 200; color: "#ffffff"
    Text { x: 10; y: 10; width: 40; text: "A label far wider than forty pixels" }
    Text { x: 10; y: 40; width: 40; elide: Text.ElideRight; text: "Elided on purpose, fine" }
    Rectangle { x: 0; y: 80; width: 300; height: 40; color: "#999999"
        Text { x: 10; y: 10; color: "#aaaaaa"; text: "grey on grey" } }
    Text { x: 250; y: 150; text: "runs off the window" }
}
)",
                      QUrl("qrc:/test/SelfTest.qml"));
    std::unique_ptr<QObject> object(component.create());
    ASSERT_TRUE(object) << component.errorString().toStdString();
    auto* window = qobject_cast<QQuickWindow*>(object.get());
    window->show();
    settle(50);
    const tests::ViewAuditResult result = tests::audit_view(*window);
    EXPECT_EQ(result.texts_checked, 4);
    const QString all = result.problems.join("\n");
    EXPECT_TRUE(all.contains("cut off") && all.contains("A label far")) << all.toStdString();
    EXPECT_FALSE(all.contains("Elided on purpose")) << all.toStdString();
    EXPECT_TRUE(all.contains("low contrast") && all.contains("grey on grey")) << all.toStdString();
    EXPECT_TRUE(all.contains("window edge") && all.contains("runs off")) << all.toStdString();
    EXPECT_NEAR(tests::contrast_ratio(Qt::black, Qt::white), 21.0, 1e-9);
}

TEST_F(ToolViewAudit, Discussion) {
    auto address = space_.add_instance("org.grove.discussion", "Talk", "1.0.0");
    QObject* mine = space_.host(0).model(address);
    QObject* theirs = space_.host(1).model(address);
    const QString plan = call_string(
        theirs, "postTopic",
        "Planning the spring planting day at the community garden, with a title long enough to "
        "need eliding",
        "We need **volunteers** for Saturday. Bring gloves; tools are in the shed. Details on "
        "https://example.org/garden/spring-planting-day-2026/volunteers-and-schedule");
    call_string(mine, "postTopic", "Compost", "Who turns the compost this week?");
    space_.deliver_all();
    const QString first = call_string(theirs, "reply", plan,
                                      "I can come from 9 until lunch, and I'll bring the big "
                                      "wheelbarrow and two spades.");
    space_.deliver_all();
    const QString second =
        call_string(mine, "reply", first, "Great — could you also take the seedlings?");
    space_.deliver_all();
    const QString third = call_string(theirs, "reply", second, "Yes, *all* of them.");
    space_.deliver_all();
    call_string(mine, "reply", third, "Deeply nested reply to check the indentation stays sane.");
    const QString mistake = call_string(mine, "reply", plan, "Posted in the wrong topic, sorry");
    bool removed = false;
    QMetaObject::invokeMethod(mine, "remove", Q_RETURN_ARG(bool, removed), Q_ARG(QString, mistake));
    EXPECT_TRUE(removed);
    for (int i = 0; i < 6; ++i)
        call_string(theirs, "postTopic", QString("Topic %1 about the rota").arg(i + 1),
                    "Short body");
    space_.deliver_all();
    mine->setProperty("currentTopicId", plan);
    EXPECT_EQ(mine->property("lastError").toString(), "");
    audit("discussion", address);
}

TEST_F(ToolViewAudit, Files) {
    auto address = space_.add_instance("org.grove.files", "Shared", "1.0.0");
    QObject* model = space_.host(0).model(address);
    QTemporaryDir dir;
    const QString folder =
        call_string(model, "createFolder", QString(), "Photos from the summer fair");
    call_string(model, "createFolder", QString(), "Minutes");
    for (const QString& name :
         {QString("Garden plan with every bed and path drawn to scale (final, really).pdf"),
          QString("budget.ods"), QString("notes.txt"), QString("logo.svg")}) {
        const QString path = dir.filePath(name);
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(1234 + name.size() * 1000, 'x'));
        file.close();
        EXPECT_FALSE(call_string(model, "uploadFile", QString(), path).isEmpty())
            << name.toStdString();
    }
    (void)folder;
    space_.deliver_all();
    audit("files", address);
}

TEST_F(ToolViewAudit, Notepad) {
    auto address = space_.add_instance("org.grove.notepad", "Notes", "1.0.0");
    QObject* mine = space_.host(0).model(address);
    QString doc;
    ASSERT_TRUE(QMetaObject::invokeMethod(mine, "createDocument", Q_RETURN_ARG(QString, doc),
                                          Q_ARG(QString, "Release plan for the spring")));
    QString other;
    QMetaObject::invokeMethod(mine, "createDocument", Q_RETURN_ARG(QString, other),
                              Q_ARG(QString, "Shopping list"));
    mine->setProperty("currentDocumentId", doc);
    bool ok = false;
    QMetaObject::invokeMethod(
        mine, "insertText", Q_RETURN_ARG(bool, ok), Q_ARG(int, 0),
        Q_ARG(QString,
              "# Release 1.4\n\nWhat has to happen before we ship:\n\n- [x] Freeze "
              "features on the **14th**\n- [ ] Translations back from review\n"));
    QMetaObject::invokeMethod(mine, "flush", Q_RETURN_ARG(bool, ok));
    space_.deliver_all();
    audit("notepad", address);
}

TEST_F(ToolViewAudit, Calendar) {
    auto address = space_.add_instance("org.grove.calendar", "Schedule", "1.0.0");
    QObject* mine = space_.host(0).model(address);
    ASSERT_NE(mine, nullptr);
    const QDate today = QDate::currentDate();
    const QDate monday = today.addDays(1 - today.dayOfWeek());
    auto at = [](QDate day, int hour, int minute) {
        return static_cast<double>(QDateTime(day, QTime(hour, minute)).toMSecsSinceEpoch());
    };
    auto create = [&](const QVariantMap& fields) {
        QString id;
        EXPECT_TRUE(QMetaObject::invokeMethod(mine, "createEvent", Q_RETURN_ARG(QString, id),
                                              Q_ARG(QVariantMap, fields)));
        EXPECT_FALSE(id.isEmpty()) << mine->property("lastError").toString().toStdString();
    };
    create({{"title", "Standup"},
            {"start", at(monday, 9, 30)},
            {"end", at(monday, 9, 45)},
            {"rrule", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
            {"color", "#3b7dd8"}});
    create({{"title", "Planning with the Paris office"},
            {"start", at(monday.addDays(1), 14, 0)},
            {"end", at(monday.addDays(1), 15, 30)},
            {"color", "#8e5bd8"}});
    create({{"title", "Design review"},
            {"start", at(monday.addDays(1), 14, 30)},
            {"end", at(monday.addDays(1), 16, 0)},
            {"location", "Room 4"},
            {"attendees", QVariantList{mine->property("myId")}}});
    create({{"title", "Offsite"},
            {"allDay", true},
            {"start", at(monday.addDays(3), 0, 0)},
            {"end", at(monday.addDays(5), 0, 0)},
            {"color", "#c24d6b"}});
    audit("calendar-week", address);
    audit("calendar-month", address,
          [](QQuickItem* view) { QMetaObject::invokeMethod(view, "showMonth"); });
    audit("calendar-agenda", address,
          [](QQuickItem* view) { QMetaObject::invokeMethod(view, "showAgenda"); });
}

TEST_F(ToolViewAudit, Sketchpad) {
    auto address = space_.add_instance("org.grove.sketchpad", "Board", "1.0.0");
    QObject* mine = space_.host(0).model(address);
    ASSERT_NE(mine, nullptr);
    QString page;
    ASSERT_TRUE(QMetaObject::invokeMethod(mine, "addPage", Q_RETURN_ARG(QString, page),
                                          Q_ARG(QString, "Garden plan")));
    QString other;
    QMetaObject::invokeMethod(mine, "addPage", Q_RETURN_ARG(QString, other),
                              Q_ARG(QString, "Ideas"));
    QMetaObject::invokeMethod(mine, "setCurrentPage", Q_ARG(QString, page));
    auto add = [&](int kind, QRectF box, const QString& text) {
        QString id;
        EXPECT_TRUE(QMetaObject::invokeMethod(mine, "addShape", Q_RETURN_ARG(QString, id),
                                              Q_ARG(int, kind), Q_ARG(qreal, box.x()),
                                              Q_ARG(qreal, box.y()), Q_ARG(qreal, box.width()),
                                              Q_ARG(qreal, box.height()), Q_ARG(QString, text)));
    };
    add(4, QRectF(0, 0, 320, 200), QString());                                  // rectangle
    add(5, QRectF(380, 40, 200, 140), QString());                               // ellipse
    add(7, QRectF(40, 260, 200, 160), QStringLiteral("Tomatoes by the wall"));  // sticky note
    add(6, QRectF(300, 280, 260, 40), QStringLiteral("Path to the shed"));      // text
    bool ok = false;
    QMetaObject::invokeMethod(mine, "beginStroke", Q_RETURN_ARG(bool, ok), Q_ARG(int, 1),
                              Q_ARG(qreal, 20), Q_ARG(qreal, 460));
    for (int i = 1; i < 40; ++i)
        QMetaObject::invokeMethod(mine, "extendStroke", Q_ARG(qreal, 20 + i * 12),
                                  Q_ARG(qreal, 460 + 30 * std::sin(i * 0.4)));
    QString stroke;
    QMetaObject::invokeMethod(mine, "endStroke", Q_RETURN_ARG(QString, stroke));
    QMetaObject::invokeMethod(mine, "clearSelection");
    space_.deliver_all();
    audit("sketchpad", address);
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
