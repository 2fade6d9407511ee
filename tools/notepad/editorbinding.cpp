#include "editorbinding.h"

#include <QQuickTextDocument>
#include <QTextCursor>
#include <QTextDocument>
#include <algorithm>

#include "cursormapping.h"
#include "markdownhighlighter.h"
#include "notepadmodel.h"

namespace grove::tools::notepad {

EditorBinding::EditorBinding(NotepadModel& model, QObject* editor)
    : model_(model), editor_(editor) {
    if (!editor) return;
    auto* quick_document = editor->property("textDocument").value<QQuickTextDocument*>();
    if (!quick_document || !quick_document->textDocument()) return;
    document_ = quick_document->textDocument();
    // Undo is the model's (own edits only); the document's own stack would undo others' text.
    document_->setUndoRedoEnabled(false);
    connect(document_, &QTextDocument::contentsChange, this, &EditorBinding::contents_changed);
    connect(&model_, &NotepadModel::documentReset, this, &EditorBinding::load);
    connect(&model_, &NotepadModel::textEdited, this, &EditorBinding::apply_edit);
    connect(editor, SIGNAL(cursorPositionChanged()), this, SLOT(report_cursor()));
    connect(editor, SIGNAL(selectionStartChanged()), this, SLOT(report_cursor()));
    connect(editor, SIGNAL(selectionEndChanged()), this, SLOT(report_cursor()));
    load();
    // Made after the connections above: on a keystroke the model has the new text before the
    // highlighter looks (its format-only changes then read as no edit).
    highlighter_ = new MarkdownHighlighter(
        document_, [this]() -> const std::vector<TextDecoration>& { return model_.decorations(); });
    connect(&model_, &NotepadModel::decorationsChanged, highlighter_,
            &MarkdownHighlighter::rehighlight);
    connect(editor, SIGNAL(colorChanged(QColor)), this, SLOT(update_colors()));
    connect(editor, SIGNAL(selectionColorChanged(QColor)), this, SLOT(update_colors()));
    update_colors();
}

EditorBinding::~EditorBinding() {
    delete highlighter_;  // the document may outlive the binding
}

void EditorBinding::update_colors() {
    if (!highlighter_ || !editor_) return;
    highlighter_->set_colors({editor_->property("color").value<QColor>(),
                              editor_->property("selectionColor").value<QColor>()});
}

void EditorBinding::load() {
    if (!document_) return;
    applying_ = true;
    document_->setPlainText(model_.text());
    applying_ = false;
}

QString EditorBinding::document_text(int position, int length) const {
    QTextCursor cursor(document_);
    cursor.setPosition(position);
    cursor.setPosition(position + length, QTextCursor::KeepAnchor);
    QString text = cursor.selectedText();
    text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    return text;
}

void EditorBinding::contents_changed(int position, int removed, int added) {
    if (applying_ || !document_) return;
    const QString& before = model_.text();
    const int length = document_->characterCount() - 1;  // without the final block separator
    // QTextDocument reports whole-block ranges and format-only changes: compare what is there
    // now with what was there to find the characters that really changed.
    position = std::clamp(position, 0, static_cast<int>(before.size()));
    removed = std::clamp(removed, 0, static_cast<int>(before.size()) - position);
    added = std::clamp(added, 0, length - position);
    if (before.size() - removed + added != length) {  // inconsistent report: diff everything
        position = 0;
        removed = static_cast<int>(before.size());
        added = length;
    }
    const QString now = document_text(position, added);
    QStringView old_text = QStringView(before).mid(position, removed);
    int prefix = 0;
    while (prefix < old_text.size() && prefix < now.size() && old_text[prefix] == now[prefix])
        ++prefix;
    if (prefix > 0 && now[prefix - 1].isHighSurrogate()) --prefix;
    int suffix = 0;
    while (suffix < old_text.size() - prefix && suffix < now.size() - prefix &&
           old_text[old_text.size() - 1 - suffix] == now[now.size() - 1 - suffix])
        ++suffix;
    if (suffix > 0 && now[now.size() - suffix].isLowSurrogate()) --suffix;
    const int start = position + prefix;
    const int removed_count = static_cast<int>(old_text.size()) - prefix - suffix;
    const QString inserted = now.mid(prefix, now.size() - prefix - suffix);
    bool ok = true;
    if (removed_count > 0) ok = model_.editor_remove(start, removed_count);
    if (ok && !inserted.isEmpty()) ok = model_.editor_insert(start, inserted);
    if (!ok) load();  // refused (a guest, say): show the document as it is
}

void EditorBinding::apply_edit(int position, int removed, const QString& inserted) {
    if (!document_ || !editor_) return;
    const int start = editor_->property("selectionStart").toInt();
    const int end = editor_->property("selectionEnd").toInt();
    const int caret = editor_->property("cursorPosition").toInt();
    Selection selection{static_cast<std::size_t>(caret == start ? end : start),
                        static_cast<std::size_t>(caret)};
    sdk::crdt::SequenceChange change;
    change.pos = static_cast<std::size_t>(position);
    if (removed > 0) {
        change.kind = sdk::crdt::SequenceChange::Kind::kRemoved;
        change.count = static_cast<std::size_t>(removed);
    } else {
        change.kind = sdk::crdt::SequenceChange::Kind::kInserted;
        change.count = static_cast<std::size_t>(inserted.size());
    }
    selection = map_selection(selection, change);

    applying_ = true;
    QTextCursor cursor(document_);
    cursor.setPosition(position);
    if (removed > 0) {
        cursor.setPosition(position + removed, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
    } else {
        cursor.insertText(inserted);
    }
    applying_ = false;

    if (selection.anchor == selection.cursor)
        editor_->setProperty("cursorPosition", static_cast<int>(selection.cursor));
    else
        QMetaObject::invokeMethod(editor_, "select", Q_ARG(int, static_cast<int>(selection.anchor)),
                                  Q_ARG(int, static_cast<int>(selection.cursor)));
}

void EditorBinding::report_cursor() {
    if (!editor_ || applying_) return;
    const int start = editor_->property("selectionStart").toInt();
    const int end = editor_->property("selectionEnd").toInt();
    const int caret = editor_->property("cursorPosition").toInt();
    model_.setCursor(caret == start ? end : start, caret);
}

}  // namespace grove::tools::notepad
