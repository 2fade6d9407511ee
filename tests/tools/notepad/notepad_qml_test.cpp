// The Notepad view offscreen, loaded by its qrc URL from the plugin the host loaded: typing in its
// TextArea reaches the other peer; the other peer's typing changes only what it touches and leaves
// the local cursor and selection on their characters; others' cursors and the preview show.
// With NOTEPAD_SCREENSHOT_DIR set, it also saves the view in the app's light and dark palettes
// at 960, 1200 and 1920 px wide.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QKeyEvent>
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

void type_keys(QQuickWindow* window, const QString& text) {
    for (QChar c : text) {
        QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(c));
        QKeyEvent release(QEvent::KeyRelease, 0, Qt::NoModifier, QString(c));
        QCoreApplication::sendEvent(window, &press);
        QCoreApplication::sendEvent(window, &release);
    }
}

bool call_bool(QObject* model, const char* method, int position, const QVariant& argument) {
    bool ok = false;
    if (argument.typeId() == QMetaType::QString)
        QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(bool, ok), Q_ARG(int, position),
                                  Q_ARG(QString, argument.toString()));
    else
        QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(bool, ok), Q_ARG(int, position),
                                  Q_ARG(int, argument.toInt()));
    return ok;
}

bool flush(QObject* model) {
    bool ok = false;
    QMetaObject::invokeMethod(model, "flush", Q_RETURN_ARG(bool, ok));
    return ok;
}

}  // namespace

TEST(NotepadView, TypingBothWaysKeepsTheLocalCursorOnItsCharacter) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 7);
    auto address = space.add_instance("org.grove.notepad", "Notes", "1.0.0");
    QObject* mine = space.host(0).model(address);
    QObject* theirs = space.host(1).model(address);
    ASSERT_NE(mine, nullptr);
    QString doc;
    ASSERT_TRUE(QMetaObject::invokeMethod(mine, "createDocument", Q_RETURN_ARG(QString, doc),
                                          Q_ARG(QString, "Plan")));
    space.deliver_all();
    mine->setProperty("currentDocumentId", doc);
    theirs->setProperty("currentDocumentId", doc);

    QQmlEngine engine;
    kit::registerQmlKit(engine);
    LoadedView loaded = load_view(engine, space.host(0), address, 1000, 760, false);
    auto* editor = loaded.view->findChild<QQuickItem*>("editor");
    auto* list = loaded.view->findChild<QQuickItem*>("documentList");
    ASSERT_NE(editor, nullptr);
    ASSERT_NE(list, nullptr);
    EXPECT_TRUE(wait_until([&] { return list->property("count").toInt() == 1; }));

    // Keystrokes in the TextArea become edits that reach the other peer.
    editor->forceActiveFocus();
    ASSERT_TRUE(wait_until([&] { return editor->hasActiveFocus(); }));
    type_keys(loaded.window, "hello world");
    EXPECT_EQ(editor->property("text").toString(), "hello world");
    EXPECT_EQ(mine->property("text").toString(), "hello world");
    ASSERT_TRUE(flush(mine));
    space.deliver_all();
    EXPECT_EQ(theirs->property("text").toString(), "hello world");

    // The local cursor sits before "world"; the other peer types before it and at it.
    editor->setProperty("cursorPosition", 6);
    ASSERT_TRUE(call_bool(theirs, "insertText", 0, QString(">> ")));
    ASSERT_TRUE(flush(theirs));
    space.deliver_all();
    EXPECT_EQ(editor->property("text").toString(), ">> hello world");
    EXPECT_EQ(editor->property("cursorPosition").toInt(), 9);        // still before 'w'
    ASSERT_TRUE(call_bool(theirs, "insertText", 14, QString("!")));  // after it
    ASSERT_TRUE(flush(theirs));
    space.deliver_all();
    EXPECT_EQ(editor->property("cursorPosition").toInt(), 9);

    // A selection of "hello": text inserted at its end does not extend it; a removal before it
    // moves it.
    QMetaObject::invokeMethod(editor, "select", Q_ARG(int, 3), Q_ARG(int, 8));
    ASSERT_TRUE(call_bool(theirs, "insertText", 8, QString(",")));
    ASSERT_TRUE(call_bool(theirs, "removeText", 0, 3));
    ASSERT_TRUE(flush(theirs));
    space.deliver_all();
    EXPECT_EQ(editor->property("text").toString(), "hello, world!");
    EXPECT_EQ(editor->property("selectedText").toString(), "hello");
    EXPECT_EQ(editor->property("selectionStart").toInt(), 0);

    // Typing continues where the cursor is, and the other peer's cursor is drawn with its name.
    editor->setProperty("cursorPosition", 13);
    type_keys(loaded.window, "?");
    EXPECT_EQ(mine->property("text").toString(), "hello, world!?");
    QMetaObject::invokeMethod(theirs, "setCursor", Q_ARG(int, 0), Q_ARG(int, 5));
    settle(150);  // presence is sent after a short delay
    EXPECT_TRUE(wait_until([&] { return mine->property("remoteCursors").toList().size() == 1; }));

    // The preview renders the Markdown.
    ASSERT_TRUE(call_bool(mine, "insertText", 0, QString("# Title\n")));
    EXPECT_TRUE(wait_until([&] {
        return mine->property("previewHtml").toString().contains("<h1>Title</h1>");
    })) << mine->property("previewHtml").toString().toStdString()
        << " / " << mine->property("text").toString().toStdString();
    auto* preview = loaded.view->findChild<QQuickItem*>("preview");
    ASSERT_NE(preview, nullptr);
    EXPECT_TRUE(preview->property("text").toString().contains("<h1>"));

    EXPECT_EQ(editor->property("text").toString(), "# Title\nhello, world!?");

    // Undo through the keyboard shortcut: the model's, of this batch of own edits only.
    ASSERT_TRUE(flush(mine));
    ASSERT_TRUE(call_bool(theirs, "insertText", 0, QString("Bob: ")));
    ASSERT_TRUE(flush(theirs));
    space.deliver_all();
    QKeyEvent undo(QEvent::KeyPress, Qt::Key_Z, Qt::ControlModifier);
    QCoreApplication::sendEvent(loaded.window, &undo);
    EXPECT_EQ(mine->property("text").toString(), "Bob: hello, world!");
    EXPECT_EQ(editor->property("text").toString(), "Bob: hello, world!");
}

TEST(NotepadView, Screenshots) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 9);
    auto address = space.add_instance("org.grove.notepad", "Notes", "1.0.0");
    QObject* mine = space.host(0).model(address);
    QObject* theirs = space.host(1).model(address);
    QString doc;
    QMetaObject::invokeMethod(mine, "createDocument", Q_RETURN_ARG(QString, doc),
                              Q_ARG(QString, "Release checklist"));
    QString other;
    QMetaObject::invokeMethod(mine, "createDocument", Q_RETURN_ARG(QString, other),
                              Q_ARG(QString, "Meeting notes 7 Dec"));
    mine->setProperty("currentDocumentId", doc);
    call_bool(
        mine, "insertText", 0,
        QString("# Release 1.4\n\nWhat has to happen before we ship:\n\n"
                "- [x] Freeze features on the **14th**\n- [ ] Translations back from review\n"
                "- [ ] Release notes (*draft below*)\n\n## Release notes\n\n"
                "Grove 1.4 brings the `Notepad`: documents the whole team types into at once.\n\n"
                "> Every keystroke reaches everyone, online or apart.\n"));
    flush(mine);
    space.deliver_all();
    theirs->setProperty("currentDocumentId", doc);
    QMetaObject::invokeMethod(theirs, "setCursor", Q_ARG(int, 160), Q_ARG(int, 180));
    call_bool(theirs, "insertText", 250, QString(" It"));
    settle(120);

    const QString dir = qEnvironmentVariable("NOTEPAD_SCREENSHOT_DIR");
    if (!dir.isEmpty()) QDir().mkpath(dir);
    QQmlEngine engine;
    kit::registerQmlKit(engine);
    for (bool dark : {false, true}) {
        for (int width : {960, 1200, 1920}) {
            LoadedView loaded = load_view(engine, space.host(0), address, width, 760, dark);
            auto* editor = loaded.view->findChild<QQuickItem*>("editor");
            ASSERT_NE(editor, nullptr);
            editor->forceActiveFocus();
            editor->setProperty("cursorPosition", 40);
            // The other member keeps typing (and takes it back): "peer1 is editing" stays shown.
            call_bool(theirs, "insertText", 250, QString("x"));
            call_bool(theirs, "removeText", 250, 1);
            QMetaObject::invokeMethod(theirs, "setCursor", Q_ARG(int, 160), Q_ARG(int, 180));
            settle(300);
            const QImage image = loaded.window->grabWindow();
            ASSERT_FALSE(image.isNull());
            EXPECT_EQ(image.width(), width);
            EXPECT_GT(distinct_colors(image), 100);
            if (!dir.isEmpty())
                image.save(QDir(dir).filePath(
                    QString("notepad-%1-%2.png").arg(dark ? "dark" : "light").arg(width)));
        }
    }
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
