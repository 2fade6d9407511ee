// QML smoke test: the Discussion view, loaded by its qrc URL from the plugin the host loaded,
// shows the instance's model and follows it — offscreen, with no display.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QGuiApplication>
#include <QImage>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QUrl>

#include "fake_space.h"
#include "registerqmlkit.h"

using namespace grove;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;

bool wait_until(const std::function<bool()>& done) {
    for (int i = 0; i < 200 && !done(); ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return done();
}

// Delegates are visual children, not QObject children: walk the item tree.
void collect(QQuickItem* item, const QString& name, QList<QQuickItem*>& out) {
    if (item->objectName() == name) out << item;
    for (QQuickItem* child : item->childItems()) collect(child, name, out);
}

}  // namespace

TEST(DiscussionView, LoadsFromThePluginAndFollowsTheModel) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 5);
    auto address = space.add_instance("org.grove.discussion", "Talk", "1.0.0");
    auto& host = space.host(0);
    QObject* model = host.model(address);
    ASSERT_NE(model, nullptr);
    auto url = host.view_url(address);
    ASSERT_TRUE(url.ok());

    QQmlEngine engine;
    kit::registerQmlKit(engine);
    QQmlComponent component(&engine, QUrl(QString::fromStdString(*url)));
    ASSERT_TRUE(wait_until([&] { return !component.isLoading(); }));
    ASSERT_TRUE(component.isReady()) << component.errorString().toStdString();
    std::unique_ptr<QObject> object(
        component.createWithInitialProperties({{"tool", QVariant::fromValue(model)}}));
    ASSERT_TRUE(object) << component.errorString().toStdString();
    auto* view = qobject_cast<QQuickItem*>(object.get());
    ASSERT_NE(view, nullptr);

    QQuickWindow window;
    window.resize(900, 600);
    view->setParentItem(window.contentItem());
    view->setSize(QSizeF(900, 600));
    window.show();

    auto* topics = view->findChild<QQuickItem*>("topicList");
    auto* thread = view->findChild<QQuickItem*>("threadList");
    ASSERT_NE(topics, nullptr);
    ASSERT_NE(thread, nullptr);
    EXPECT_EQ(topics->property("count").toInt(), 0);

    // A post from another peer shows up; opening it shows the thread.
    QString id;
    ASSERT_TRUE(QMetaObject::invokeMethod(space.host(1).model(address), "postTopic",
                                          Q_RETURN_ARG(QString, id), Q_ARG(QString, "Hello view"),
                                          Q_ARG(QString, "Some **bold** text")));
    space.deliver_all();
    EXPECT_TRUE(wait_until([&] { return topics->property("count").toInt() == 1; }));
    model->setProperty("currentTopicId", id);
    EXPECT_TRUE(wait_until([&] { return thread->property("count").toInt() == 1; }));
    ASSERT_TRUE(QMetaObject::invokeMethod(model, "reply", Q_RETURN_ARG(QString, id),
                                          Q_ARG(QString, id),
                                          Q_ARG(QString, "A reply from the view's peer")));
    EXPECT_TRUE(wait_until([&] { return thread->property("count").toInt() == 2; }));

    // The rendered post body reached the scene as rich text.
    bool found_bold = false;
    // Delegates appear once the layouts have been polished.
    QList<QQuickItem*> bodies;
    EXPECT_TRUE(wait_until([&] {
        bodies.clear();
        collect(view, "postBody", bodies);
        return bodies.size() == 2;
    }));
    for (auto* text : bodies)
        found_bold |= text->property("text").toString().contains("<strong>bold</strong>");
    EXPECT_TRUE(found_bold);

    QImage image = window.grabWindow();
    EXPECT_FALSE(image.isNull());
    EXPECT_EQ(image.width(), 900);
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
