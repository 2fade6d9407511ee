// The Notepad view offscreen, loaded by its qrc URL from the plugin the host loaded: typing in its
// TextArea reaches the other peer; the other peer's typing changes only what it touches and leaves
// the local cursor and selection on their characters; others' cursors and the preview show.
// With NOTEPAD_SCREENSHOT_DIR set, it also saves the view in the app's light and dark palettes
// at 960, 1200 and 1920 px wide.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QKeyEvent>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickTextDocument>
#include <QQuickWindow>
#include <QSet>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
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

QTextDocument* text_document(QQuickItem* editor) {
    auto* quick = editor->property("textDocument").value<QQuickTextDocument*>();
    return quick ? quick->textDocument() : nullptr;
}

// The highlighter's formats over the document, character by character (position → format).
std::vector<QTextCharFormat> formats_of(QTextDocument* document) {
    std::vector<QTextCharFormat> out(static_cast<std::size_t>(document->characterCount()));
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        for (const QTextLayout::FormatRange& range : block.layout()->formats())
            for (int i = range.start; i < range.start + range.length; ++i)
                out[static_cast<std::size_t>(block.position() + i)] = range.format;
    return out;
}

}  // namespace

TEST(NotepadView, AOneMegabytePasteStaysResponsiveAndReachesTheOtherPeer) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 11);
    auto address = space.add_instance("org.grove.notepad", "Notes", "1.0.0");
    QObject* mine = space.host(0).model(address);
    QObject* theirs = space.host(1).model(address);
    QString doc;
    ASSERT_TRUE(QMetaObject::invokeMethod(mine, "createDocument", Q_RETURN_ARG(QString, doc),
                                          Q_ARG(QString, "Big")));
    space.deliver_all();
    mine->setProperty("currentDocumentId", doc);
    theirs->setProperty("currentDocumentId", doc);
    QQmlEngine engine;
    kit::registerQmlKit(engine);
    LoadedView loaded = load_view(engine, space.host(0), address, 1200, 760, false);
    auto* editor = loaded.view->findChild<QQuickItem*>("editor");
    ASSERT_NE(editor, nullptr);
    editor->forceActiveFocus();
    ASSERT_TRUE(wait_until([&] { return editor->hasActiveFocus(); }));

    // A megabyte of Markdown, pasted where the cursor is (TextArea.insert is what paste does).
    QString paste;
    for (int i = 0; paste.size() < 1'000'000; ++i)
        paste += QStringLiteral(
                     "## Section %1\n\nSome *text* with `code`, a [link](https://x.y) "
                     "and Grüße.\n\n")
                     .arg(i);
    QElapsedTimer timer;
    timer.start();
    QMetaObject::invokeMethod(editor, "insert", Q_ARG(int, 0), Q_ARG(QString, paste));
    const qint64 paste_ms = timer.elapsed();
    EXPECT_EQ(mine->property("text").toString().size(), paste.size());
    // The event loop keeps turning: the flush timer submits it, the preview renders.
    bool previewed = false;  // generous: a loaded machine may take a while
    for (int round = 0; round < 20 && !previewed; ++round)
        previewed =
            wait_until([&] { return mine->property("previewHtml").toString().size() > 1000; });
    EXPECT_TRUE(previewed);
    const qint64 settled_ms = timer.elapsed();
    ASSERT_TRUE(flush(mine));
    space.deliver_all();
    EXPECT_EQ(theirs->property("text").toString(), paste);
    // Typing right after it still goes where the cursor is.
    editor->setProperty("cursorPosition", 0);
    type_keys(loaded.window, "!");
    EXPECT_TRUE(mine->property("text").toString().startsWith("!## Section 0"));
    std::printf(
        "1 MB paste: %lld ms into the editor and the model, %lld ms until the preview "
        "showed it\n",
        static_cast<long long>(paste_ms), static_cast<long long>(settled_ms));
}

TEST(NotepadView, MarkdownIsColouredAndWhoWroteWhatAndWhatIsNewAreShown) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 13);
    auto address = space.add_instance("org.grove.notepad", "Notes", "1.0.0");
    QObject* mine = space.host(0).model(address);
    QObject* theirs = space.host(1).model(address);
    QString doc, other;
    ASSERT_TRUE(QMetaObject::invokeMethod(mine, "createDocument", Q_RETURN_ARG(QString, doc),
                                          Q_ARG(QString, "Plan")));
    ASSERT_TRUE(QMetaObject::invokeMethod(mine, "createDocument", Q_RETURN_ARG(QString, other),
                                          Q_ARG(QString, "Other")));
    space.deliver_all();
    mine->setProperty("currentDocumentId", doc);
    theirs->setProperty("currentDocumentId", doc);
    ASSERT_TRUE(call_bool(mine, "insertText", 0, QString("# Plan\nmine ")));
    ASSERT_TRUE(flush(mine));
    space.deliver_all();
    ASSERT_TRUE(call_bool(theirs, "insertText", 12, QString("theirs")));
    ASSERT_TRUE(flush(theirs));
    space.deliver_all();
    ASSERT_EQ(mine->property("text").toString(), "# Plan\nmine theirs");

    // Away from the document while the other member adds to it.
    mine->setProperty("currentDocumentId", other);
    ASSERT_TRUE(call_bool(theirs, "insertText", 7, QString("new ")));
    ASSERT_TRUE(flush(theirs));
    space.deliver_all();
    mine->setProperty("currentDocumentId", doc);
    EXPECT_EQ(mine->property("changedSinceVisit").toInt(), 4);

    QQmlEngine engine;
    kit::registerQmlKit(engine);
    LoadedView loaded = load_view(engine, space.host(0), address, 1200, 760, false);
    auto* editor = loaded.view->findChild<QQuickItem*>("editor");
    ASSERT_NE(editor, nullptr);
    QTextDocument* document = text_document(editor);
    ASSERT_NE(document, nullptr);
    ASSERT_EQ(document->toPlainText(), "# Plan\nnew mine theirs");
    auto* changes = loaded.view->findChild<QQuickItem*>("changesButton");
    ASSERT_NE(changes, nullptr);
    EXPECT_TRUE(changes->isVisible());

    // The heading is coloured and bold; nothing is tinted or underlined yet.
    EXPECT_TRUE(wait_until([&] { return formats_of(document)[0].fontWeight() == QFont::Bold; }));
    auto formats = formats_of(document);
    const int new_at = 7, mine_at = 11, theirs_at = 16;
    EXPECT_NE(formats[0].foreground().color(), editor->property("color").value<QColor>());
    EXPECT_FALSE(formats[new_at].fontUnderline());
    EXPECT_EQ(formats[mine_at].background().style(), Qt::NoBrush);

    // What is new since the last visit: underlined, the rest not.
    mine->setProperty("showChanges", true);
    EXPECT_TRUE(wait_until([&] { return formats_of(document)[new_at].fontUnderline(); }));
    formats = formats_of(document);
    for (int i = new_at; i < new_at + 4; ++i) EXPECT_TRUE(formats[i].fontUnderline()) << i;
    EXPECT_FALSE(formats[new_at - 1].fontUnderline());
    EXPECT_FALSE(formats[mine_at].fontUnderline());

    // Who wrote what: each member's text tinted in their colour, listed in the legend.
    mine->setProperty("showChanges", false);
    mine->setProperty("showAuthors", true);
    EXPECT_TRUE(wait_until(
        [&] { return formats_of(document)[mine_at].background().style() != Qt::NoBrush; }));
    formats = formats_of(document);
    const QColor my_colour = formats[mine_at].background().color();
    const QColor their_colour = formats[theirs_at].background().color();
    EXPECT_NE(my_colour.rgb(), their_colour.rgb());
    EXPECT_EQ(formats[0].background().color().rgb(), my_colour.rgb());          // "# Plan"
    EXPECT_EQ(formats[new_at].background().color().rgb(), their_colour.rgb());  // "new "
    EXPECT_FALSE(formats[new_at].fontUnderline());
    const QVariantList legend = mine->property("authorLegend").toList();
    ASSERT_EQ(legend.size(), 2);
    EXPECT_EQ(legend[0].toMap()["percent"].toInt() + legend[1].toMap()["percent"].toInt(), 100);

    // Typing with the tints on: the new text takes its writer's colour.
    ASSERT_TRUE(call_bool(theirs, "insertText", 0, QString("> ")));
    ASSERT_TRUE(flush(theirs));
    space.deliver_all();
    EXPECT_TRUE(wait_until(
        [&] { return formats_of(document)[0].background().color().rgb() == their_colour.rgb(); }));
    EXPECT_EQ(document->toPlainText(), mine->property("text").toString());
}

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
    // This member looks away while the other one adds a sentence: it is new on return.
    mine->setProperty("currentDocumentId", other);
    const int sentence_end = theirs->property("text").toString().indexOf("at once.") + 8;
    call_bool(theirs, "insertText", sentence_end, QString(" It keeps working offline."));
    flush(theirs);
    space.deliver_all();
    mine->setProperty("currentDocumentId", doc);
    QMetaObject::invokeMethod(theirs, "setCursor", Q_ARG(int, 160), Q_ARG(int, 180));
    call_bool(theirs, "insertText", theirs->property("text").toString().indexOf("apart.") + 6,
              QString(" Really."));
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
            // Who wrote what, and what is new since this member last looked.
            mine->setProperty("showAuthors", true);
            mine->setProperty("showChanges", true);
            settle(200);
            const QImage authors = loaded.window->grabWindow();
            EXPECT_NE(authors, image);
            if (!dir.isEmpty())
                authors.save(QDir(dir).filePath(
                    QString("notepad-authors-%1-%2.png").arg(dark ? "dark" : "light").arg(width)));
            mine->setProperty("showAuthors", false);
            mine->setProperty("showChanges", false);
        }
    }
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
