// The Calendar view offscreen, loaded by its qrc URL from the plugin the host loaded: an event
// made in the week view (through the view's own editor) reaches the other peer and shows in its
// week, month and agenda views; answering from the editor reaches the organiser. With
// CALENDAR_SCREENSHOT_DIR set, it also saves the three views in the app's light and dark palettes
// at 960, 1200 and 1920 px wide.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QDateTime>
#include <QDir>
#include <QGuiApplication>
#include <QImage>
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

QString create(QObject* model, const QVariantMap& fields) {
    QString id;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, "createEvent", Q_RETURN_ARG(QString, id),
                                          Q_ARG(QVariantMap, fields)));
    return id;
}

double at(QDate day, int hour, int minute = 0) {
    return static_cast<double>(QDateTime(day, QTime(hour, minute)).toMSecsSinceEpoch());
}

// The visible items whose objectName is `name` and whose `text`/`title` property is `title`.
// (Walks the visual tree: Repeater and ListView delegates have no QObject parent.)
int count_shown(QQuickItem* root, const char* name, const QString& title) {
    int found = 0;
    if (root->isVisible() && root->objectName() == name &&
        root->property("title").toString() == title)
        ++found;
    for (QQuickItem* child : root->childItems())
        if (child->isVisible()) found += count_shown(child, name, title);
    return found;
}

void seed(QObject* model, QDate monday, const QString& me) {
    create(model, {{"title", "Standup"},
                   {"start", at(monday, 9, 30)},
                   {"end", at(monday, 9, 45)},
                   {"rrule", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
                   {"color", "#3b7dd8"},
                   {"location", "Video call"}});
    create(model, {{"title", "Planning with Paris"},
                   {"start", at(monday.addDays(1), 14)},
                   {"end", at(monday.addDays(1), 15, 30)},
                   {"rrule", "FREQ=WEEKLY"},
                   {"color", "#8e5bd8"},
                   {"description", "**Agenda**: the spring meetup"}});
    create(model, {{"title", "Design review"},
                   {"start", at(monday.addDays(1), 14, 30)},
                   {"end", at(monday.addDays(1), 16)},
                   {"color", "#d8733b"},
                   {"description", "Bring the **mock-ups**; notes in the <b>design</b> doc."},
                   {"attendees", QVariantList{me}}});
    create(model, {{"title", "Lunch with Sam"},
                   {"start", at(monday.addDays(2), 12, 30)},
                   {"end", at(monday.addDays(2), 13, 30)},
                   {"color", "#2e9e6a"}});
    create(model, {{"title", "Offsite"},
                   {"allDay", true},
                   {"start", at(monday.addDays(3), 0)},
                   {"end", at(monday.addDays(5), 0)},
                   {"color", "#c24d6b"}});
}

}  // namespace

TEST(CalendarView, AnEventMadeInTheWeekViewShowsOnTheOtherPeer) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 3);
    auto address = space.add_instance("org.grove.calendar", "Schedule", "1.0.0");
    QObject* mine = space.host(0).model(address);
    QObject* theirs = space.host(1).model(address);
    ASSERT_NE(mine, nullptr);
    QQmlEngine engine;
    kit::registerQmlKit(engine);
    LoadedView view = load_view(engine, space.host(0), address, 1200, 820, false);
    LoadedView other = load_view(engine, space.host(1), address, 1200, 820, false);
    QMetaObject::invokeMethod(view.view, "showWeek");
    QMetaObject::invokeMethod(other.view, "showWeek");
    settle();

    // Double-clicking the grid opens the editor at that time; the editor saves the event.
    const QDate today = QDate::currentDate();
    QVariant editor;
    ASSERT_TRUE(QMetaObject::invokeMethod(view.view, "newEventAt", Q_RETURN_ARG(QVariant, editor),
                                          Q_ARG(QVariant, at(today, 10))));
    auto* dialog = qvariant_cast<QObject*>(editor);
    ASSERT_NE(dialog, nullptr);
    auto* title = view.view->findChild<QQuickItem*>("editorTitle");
    ASSERT_NE(title, nullptr);
    title->setProperty("text", "Kick-off");
    QVariant saved;
    ASSERT_TRUE(QMetaObject::invokeMethod(dialog, "save", Q_RETURN_ARG(QVariant, saved)));
    EXPECT_TRUE(saved.toBool()) << mine->property("lastError").toString().toStdString();
    settle();
    EXPECT_EQ(count_shown(view.view, "eventBlock", "Kick-off"), 1);

    space.deliver_all();
    settle();
    EXPECT_EQ(count_shown(other.view, "eventBlock", "Kick-off"), 1);
    QMetaObject::invokeMethod(other.view, "showMonth");
    settle();
    EXPECT_EQ(count_shown(other.view, "monthChip", "Kick-off"), 1);
    QMetaObject::invokeMethod(other.view, "showAgenda");
    settle();
    EXPECT_EQ(count_shown(other.view, "agendaRow", "Kick-off"), 1);
    // An event over several days is listed under each of its days.
    ASSERT_FALSE(create(mine, {{"title", "Retreat"},
                               {"allDay", true},
                               {"start", at(today, 0)},
                               {"end", at(today.addDays(3), 0)}})
                     .isEmpty())
        << mine->property("lastError").toString().toStdString();
    space.deliver_all();
    settle();
    EXPECT_EQ(count_shown(other.view, "agendaRow", "Retreat"), 3);
    // The day view shows today alone: the event, in one column.
    QMetaObject::invokeMethod(other.view, "showDay");
    settle();
    EXPECT_EQ(count_shown(other.view, "eventBlock", "Kick-off"), 1);
    auto* day_view = other.view->findChild<QQuickItem*>("dayView");
    ASSERT_NE(day_view, nullptr);
    EXPECT_TRUE(day_view->isVisible());
    EXPECT_EQ(day_view->property("layout").toMap()["days"].toList().size(), 1);
    QMetaObject::invokeMethod(other.view, "step", Q_ARG(QVariant, 1));
    settle();
    EXPECT_EQ(count_shown(other.view, "eventBlock", "Kick-off"), 0);  // tomorrow

    // An invitation answered from the editor reaches the organiser.
    const QString me = theirs->property("myId").toString();
    const QString invited = create(mine, {{"title", "Retro"},
                                          {"start", at(today, 15)},
                                          {"end", at(today, 16)},
                                          {"attendees", QVariantList{me}}});
    ASSERT_FALSE(invited.isEmpty());
    space.deliver_all();
    bool ok = false;
    ASSERT_TRUE(QMetaObject::invokeMethod(theirs, "respond", Q_RETURN_ARG(bool, ok),
                                          Q_ARG(QString, invited), Q_ARG(int, 1)));
    EXPECT_TRUE(ok);
    space.deliver_all();
    QVariantList list;
    QMetaObject::invokeMethod(mine, "occurrences", Q_RETURN_ARG(QVariantList, list),
                              Q_ARG(double, at(today, 0)), Q_ARG(double, at(today.addDays(1), 0)));
    bool answered = false;
    for (const QVariant& item : list) {
        const QVariantMap map = item.toMap();
        if (map["title"] == "Retro")
            answered = map["attendees"].toList().value(0).toMap()["response"].toInt() == 1;
    }
    EXPECT_TRUE(answered);
}

TEST(CalendarView, ScreenshotsOfTheFourViews) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 4);
    auto address = space.add_instance("org.grove.calendar", "Schedule", "1.0.0");
    QObject* mine = space.host(0).model(address);
    const QDate today = QDate::currentDate();
    const QDate monday = today.addDays(1 - today.dayOfWeek());
    seed(mine, monday, mine->property("myId").toString());
    const QString dir = qEnvironmentVariable("CALENDAR_SCREENSHOT_DIR");
    if (!dir.isEmpty()) QDir().mkpath(dir);
    QQmlEngine engine;
    kit::registerQmlKit(engine);
    for (bool dark : {false, true}) {
        for (int width : {960, 1200, 1920}) {
            LoadedView loaded = load_view(engine, space.host(0), address, width, 820, dark);
            for (const char* mode : {"showWeek", "showDay", "showMonth", "showAgenda"}) {
                QMetaObject::invokeMethod(loaded.view, mode);
                settle(150);
                const QImage image = loaded.window->grabWindow();
                ASSERT_FALSE(image.isNull());
                EXPECT_EQ(image.width(), width);
                EXPECT_GT(distinct_colors(image), 50) << mode;
                if (!dir.isEmpty())
                    image.save(QDir(dir).filePath(
                        QString("calendar-%1-%2-%3.png")
                            .arg(QString(mode).mid(4).toLower(), dark ? "dark" : "light")
                            .arg(width)));
            }
            // The editor on an invitation (a one-off event with the member invited).
            QVariantList list;
            QMetaObject::invokeMethod(mine, "occurrences", Q_RETURN_ARG(QVariantList, list),
                                      Q_ARG(double, at(monday, 0)),
                                      Q_ARG(double, at(monday.addDays(7), 0)));
            QVariant review;
            for (const QVariant& item : list)
                if (item.toMap()["title"] == "Design review") review = item;
            ASSERT_TRUE(review.isValid());
            QMetaObject::invokeMethod(loaded.view, "openOccurrence", Q_ARG(QVariant, review));
            settle(300);
            // The description shows rendered, its raw HTML dropped.
            auto* preview = loaded.view->findChild<QQuickItem*>("descriptionPreview");
            ASSERT_NE(preview, nullptr);
            EXPECT_TRUE(preview->isVisible());
            const QString html = preview->property("text").toString();
            EXPECT_TRUE(html.contains("<strong>mock-ups</strong>")) << html.toStdString();
            EXPECT_FALSE(html.contains("<b>")) << html.toStdString();
            const QImage image = loaded.window->grabWindow();
            EXPECT_GT(distinct_colors(image), 50);
            if (!dir.isEmpty())
                image.save(QDir(dir).filePath(
                    QString("calendar-editor-%1-%2.png").arg(dark ? "dark" : "light").arg(width)));
        }
    }
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
