// The Forms view offscreen, loaded by its qrc URL from the plugin the host loaded: a record made
// in the form view on one peer (with its validation messages in place first) appears in the
// other peer's table, sorted and grouped; its detail shows the history. With
// FORMS_SCREENSHOT_DIR set, it also saves the table, the form and the detail in the app's light
// and dark palettes at 960, 1200 and 1920 px wide.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>

#include "fake_space.h"
#include "grove_test/tool_view_window.h"
#include "registerqmlkit.h"

using namespace grove;
using grove::test::distinct_colors;
using grove::test::load_view;
using grove::test::LoadedView;
using grove::test::settle;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;

QString call_string(QObject* object, const char* method, const QVariantMap& map) {
    QString out;
    EXPECT_TRUE(QMetaObject::invokeMethod(object, method, Q_RETURN_ARG(QString, out),
                                          Q_ARG(QVariantMap, map)));
    return out;
}

// A ticket queue: Title (required), Status (choice), Priority (choice), Estimate (number, 0–40),
// Due (date), Owner (member), Details (Markdown).
void add_ticket_schema(QObject* model) {
    call_string(model, "addField", {{"name", "Title"}, {"type", 1}, {"required", true}});
    call_string(
        model, "addField",
        {{"name", "Status"}, {"type", 7}, {"options", QStringList{"Open", "In progress", "Done"}}});
    call_string(
        model, "addField",
        {{"name", "Priority"}, {"type", 7}, {"options", QStringList{"Low", "Normal", "Urgent"}}});
    call_string(model, "addField", {{"name", "Estimate"}, {"type", 3}, {"min", 0}, {"max", 40}});
    call_string(model, "addField", {{"name", "Due"}, {"type", 5}});
    call_string(model, "addField", {{"name", "Owner"}, {"type", 9}});
    call_string(model, "addField", {{"name", "Details"}, {"type", 2}});
}

void seed_tickets(QObject* model) {
    struct Ticket {
        const char *title, *status, *priority, *estimate, *due, *details;
    };
    for (Ticket t : {Ticket{"Printer on floor 2 jams on A3", "Open", "Normal", "2", "2027-01-12",
                            "Happens with **thick** paper only."},
                     Ticket{"VPN drops every hour", "In progress", "Urgent", "6", "2027-01-08",
                            "Since the client update. See the [ticket](https://example.org/t/81)."},
                     Ticket{"New starter laptop for Maya", "Open", "Normal", "3", "2027-01-20", ""},
                     Ticket{"Badge reader at the side door", "Done", "Low", "1", "2026-12-30", ""},
                     Ticket{"Migrate the wiki to the new host", "In progress", "Normal", "16",
                            "2027-02-01", "Plan:\n\n1. export\n2. import\n3. redirects"},
                     Ticket{"Meeting room display flickers", "Open", "Low", "1", "", ""}})
        EXPECT_FALSE(call_string(model, "createRecord",
                                 {{"Title", t.title},
                                  {"Status", t.status},
                                  {"Priority", t.priority},
                                  {"Estimate", t.estimate},
                                  {"Due", t.due},
                                  {"Details", t.details}})
                         .isEmpty())
            << model->property("lastError").toString().toStdString();
}

// The visible items whose objectName is `name` and whose `title` property is `title`.
int count_shown(QQuickItem* root, const char* name, const QString& title) {
    int found = 0;
    if (root->isVisible() && root->objectName() == name &&
        root->property("title").toString() == title)
        ++found;
    for (QQuickItem* child : root->childItems())
        if (child->isVisible()) found += count_shown(child, name, title);
    return found;
}

int count_visible(QQuickItem* root, const char* name) {
    int found = root->isVisible() && root->objectName() == name ? 1 : 0;
    for (QQuickItem* child : root->childItems())
        if (child->isVisible()) found += count_visible(child, name);
    return found;
}

QQuickItem* find_visible(QQuickItem* root, const QString& name) {
    if (root->isVisible() && root->objectName() == name) return root;
    for (QQuickItem* child : root->childItems())
        if (auto* found = find_visible(child, name)) return found;
    return nullptr;
}

// Types into a form input: the text changes and textEdited fires, as when a person types.
void type_into(QQuickItem* input, const QString& text) {
    input->setProperty("text", text);
    QMetaObject::invokeMethod(input, "textEdited");
    settle(20);
}

}  // namespace

TEST(FormsView, ARecordMadeInTheFormShowsInTheOtherPeersTable) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 3);
    auto address = space.add_instance("org.grove.forms", "IT tickets", "1.0.0");
    QObject* mine = space.host(0).model(address);
    QObject* theirs = space.host(1).model(address);
    ASSERT_NE(mine, nullptr);
    add_ticket_schema(mine);
    space.deliver_all();
    QQmlEngine engine;
    kit::registerQmlKit(engine);
    LoadedView view = load_view(engine, space.host(1), address, 1200, 820, false);
    LoadedView other = load_view(engine, space.host(0), address, 1200, 820, false);
    settle();

    // The participant fills in the form: a broken rule shows under its field and blocks saving.
    QVariant editor;
    ASSERT_TRUE(QMetaObject::invokeMethod(view.view, "newRecord", Q_RETURN_ARG(QVariant, editor)));
    auto* form = qvariant_cast<QObject*>(editor);
    ASSERT_NE(form, nullptr);
    settle(300);
    QQuickItem* title = find_visible(view.window->contentItem(), "formInput_Title");
    QQuickItem* estimate = find_visible(view.window->contentItem(), "formInput_Estimate");
    ASSERT_NE(title, nullptr);
    ASSERT_NE(estimate, nullptr);
    type_into(estimate, "99");
    EXPECT_EQ(count_visible(view.window->contentItem(), "formMessage"), 2);  // Title, Estimate
    QVariant saved;
    ASSERT_TRUE(QMetaObject::invokeMethod(form, "save", Q_RETURN_ARG(QVariant, saved)));
    EXPECT_FALSE(saved.toBool());
    type_into(title, "Projector in room 4 is dim");
    type_into(estimate, "4");
    EXPECT_EQ(count_visible(view.window->contentItem(), "formMessage"), 0);
    ASSERT_TRUE(QMetaObject::invokeMethod(form, "save", Q_RETURN_ARG(QVariant, saved)));
    EXPECT_TRUE(saved.toBool()) << theirs->property("lastError").toString().toStdString();
    settle();
    EXPECT_EQ(count_shown(view.view, "recordRow", "Projector in room 4 is dim"), 1);

    space.deliver_all();
    settle();
    EXPECT_EQ(count_shown(other.view, "recordRow", "Projector in room 4 is dim"), 1);
    EXPECT_EQ(mine->property("recordCount").toInt(), 1);

    // On the manager's board by Status: the record waits in "No value"; moved to "Done", it is
    // there on both peers.
    QMetaObject::invokeMethod(other.view, "showBoard");
    settle();
    EXPECT_EQ(count_visible(other.view, "kanbanColumn"), 4);  // Open, In progress, Done, none
    EXPECT_EQ(count_shown(other.view, "kanbanCard", "Projector in room 4 is dim"), 1);
    auto* board = other.view->findChild<QQuickItem*>("kanbanView");
    ASSERT_NE(board, nullptr);
    QVariant moved;
    QVariantList rows;
    QMetaObject::invokeMethod(mine, "rows", Q_RETURN_ARG(QVariantList, rows), Q_ARG(QString, {}),
                              Q_ARG(QString, {}), Q_ARG(bool, false), Q_ARG(QString, {}));
    ASSERT_EQ(rows.size(), 1);
    ASSERT_TRUE(QMetaObject::invokeMethod(board, "moveCard", Q_RETURN_ARG(QVariant, moved),
                                          Q_ARG(QVariant, rows[0].toMap()["id"]),
                                          Q_ARG(QVariant, QString("Done"))));
    EXPECT_TRUE(moved.toBool()) << mine->property("lastError").toString().toStdString();
    settle();
    EXPECT_EQ(count_visible(other.view, "kanbanColumn"), 3);  // the empty "No value" goes
    space.deliver_all();
    QMetaObject::invokeMethod(view.view, "showBoard");
    settle();
    EXPECT_EQ(count_shown(view.view, "kanbanCard", "Projector in room 4 is dim"), 1);
    EXPECT_EQ(theirs->property("fields").toList()[1].toMap()["name"].toString(), "Status");
}

TEST(FormsView, ScreenshotsOfTheTableTheFormAndTheDetail) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 4);
    auto address = space.add_instance("org.grove.forms", "IT tickets", "1.0.0");
    QObject* mine = space.host(0).model(address);
    add_ticket_schema(mine);
    seed_tickets(mine);
    QVariantList rows;
    QMetaObject::invokeMethod(mine, "rows", Q_RETURN_ARG(QVariantList, rows), Q_ARG(QString, {}),
                              Q_ARG(QString, {}), Q_ARG(bool, false), Q_ARG(QString, {}));
    ASSERT_EQ(rows.size(), 6);
    const QString wiki = rows[4].toMap()["id"].toString();
    bool ok = false;
    QMetaObject::invokeMethod(mine, "updateRecord", Q_RETURN_ARG(bool, ok), Q_ARG(QString, wiki),
                              Q_ARG(QVariantMap, (QVariantMap{{"Estimate", "20"}})));
    EXPECT_TRUE(ok);
    const QVariantList fields = mine->property("fields").toList();
    const QString status = fields[1].toMap()["id"].toString();

    const QString dir = qEnvironmentVariable("FORMS_SCREENSHOT_DIR");
    if (!dir.isEmpty()) QDir().mkpath(dir);
    QQmlEngine engine;
    kit::registerQmlKit(engine);
    for (bool dark : {false, true}) {
        for (int width : {960, 1200, 1920}) {
            LoadedView loaded = load_view(engine, space.host(0), address, width, 820, dark);
            auto shoot = [&](const char* what) {
                settle(200);
                const QImage image = loaded.window->grabWindow();
                ASSERT_FALSE(image.isNull());
                EXPECT_EQ(image.width(), width);
                EXPECT_GT(distinct_colors(image), 50) << what;
                if (!dir.isEmpty())
                    image.save(QDir(dir).filePath(QString("forms-%1-%2-%3.png")
                                                      .arg(what, dark ? "dark" : "light")
                                                      .arg(width)));
            };
            loaded.view->setProperty("groupField", status);
            loaded.view->setProperty("sortField", fields[3].toMap()["id"].toString());
            shoot("table");
            EXPECT_EQ(count_visible(loaded.view, "recordRow"), 6);
            loaded.view->setProperty("selected", wiki);
            shoot("detail");
            EXPECT_EQ(count_visible(loaded.view, "historyEntry"), 2);
            loaded.view->setProperty("selected", QString());
            QVariant form;
            QMetaObject::invokeMethod(loaded.view, "editRecord", Q_RETURN_ARG(QVariant, form),
                                      Q_ARG(QVariant, wiki));
            shoot("form");
            QMetaObject::invokeMethod(qvariant_cast<QObject*>(form), "close");
            settle(300);
            QMetaObject::invokeMethod(loaded.view, "showBoard");
            shoot("board");
            EXPECT_EQ(count_visible(loaded.view, "kanbanCard"), 6);
            QMetaObject::invokeMethod(loaded.view, "showTable");
        }
    }
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
