// The out-of-tree Checklist sample, found through GROVE_TOOL_PATH like any third-party tool:
// it loads, two peers use it and converge, and its QML view loads from its resources.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>
#include <toolhost/toolsearchpath.h>

#include <QAbstractItemModel>
#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QVariant>

#include "fake_space.h"

using namespace grove;

namespace {

bool call(QObject* model, const char* method, const QString& a) {
    bool ok = false;
    EXPECT_TRUE(
        QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(bool, ok), Q_ARG(QString, a)));
    return ok;
}

QString item_id(QObject* model, int row) {
    auto* list = qobject_cast<QAbstractItemModel*>(model);
    return list->index(row, 0).data(list->roleNames().key("itemId")).toString();
}

}  // namespace

TEST(ChecklistSample, LoadsFromGroveToolPathAndConverges) {
    ASSERT_FALSE(qEnvironmentVariableIsEmpty("GROVE_TOOL_PATH"));
    auto search_path = platform::ToolSearchPath::standard();
    platform::ToolHost host({search_path});
    host.scan();
    auto tool = host.tool("org.example.checklist");
    ASSERT_TRUE(tool.has_value()) << "not found on " << qgetenv("GROVE_TOOL_PATH").toStdString();
    EXPECT_EQ(tool->state, platform::ToolState::Running) << tool->error;
    EXPECT_EQ(tool->manifest.name, "Checklist");
    EXPECT_EQ(tool->manifest.publisher, "Example Tools");
    EXPECT_EQ(tool->manifest.version.to_string(), "1.0.0");

    tests::FakeSpace space(search_path, {sdk::Role::Manager, sdk::Role::Participant}, 42);
    auto address = space.add_instance("org.example.checklist", "Groceries", "1.0.0");
    QObject* alice = space.host(0).model(address);
    QObject* bob = space.host(1).model(address);
    ASSERT_NE(alice, nullptr);
    ASSERT_NE(bob, nullptr);
    EXPECT_TRUE(call(alice, "add", "milk"));
    EXPECT_TRUE(call(alice, "add", "eggs"));
    EXPECT_TRUE(call(bob, "add", "bread"));  // concurrent with Alice's
    space.deliver_all();
    EXPECT_EQ(alice->property("count").toInt(), 3);
    EXPECT_EQ(bob->property("count").toInt(), 3);

    bool ok = false;
    ASSERT_TRUE(QMetaObject::invokeMethod(bob, "setDone", Q_RETURN_ARG(bool, ok),
                                          Q_ARG(QString, item_id(bob, 0)), Q_ARG(bool, true)));
    EXPECT_TRUE(ok);
    EXPECT_TRUE(call(alice, "remove", item_id(alice, 1)));
    space.deliver_all();
    EXPECT_EQ(alice->property("count").toInt(), 2);
    EXPECT_EQ(alice->property("doneCount").toInt(), 1);
    EXPECT_EQ(*space.host(0).digest(address), *space.host(1).digest(address));

    // The view, compiled into the sample's library, loads by its qrc URL.
    auto url = space.host(0).view_url(address);
    ASSERT_TRUE(url.ok());
    EXPECT_EQ(*url, "qrc:/org/example/checklist/ChecklistView.qml");
    QQmlEngine engine;
    QQmlComponent component(&engine, QUrl(QString::fromStdString(*url)));
    ASSERT_TRUE(component.isReady()) << component.errorString().toStdString();
    std::unique_ptr<QObject> view(
        component.createWithInitialProperties({{"tool", QVariant::fromValue(alice)}}));
    ASSERT_TRUE(view) << component.errorString().toStdString();
    auto* items = view->findChild<QQuickItem*>("items");
    ASSERT_NE(items, nullptr);
    EXPECT_EQ(items->property("count").toInt(), 2);
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
