// EditorBinding: keeps a QML TextArea/TextEdit and the open document equal by incremental edits
// both ways — keystrokes become model edits, others' edits change only the characters they touch
// and leave the local cursor and selection on the characters they were on — and colours its text.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QTextDocument;

namespace grove::tools::notepad {

class MarkdownHighlighter;
class NotepadModel;

class EditorBinding final : public QObject {
    Q_OBJECT

public:
    // `editor` must have a `textDocument` property (TextEdit, TextArea).
    EditorBinding(NotepadModel& model, QObject* editor);
    ~EditorBinding() override;

private slots:
    void report_cursor();
    void update_colors();

private:
    void load();
    void apply_edit(int position, int removed, const QString& inserted);
    void contents_changed(int position, int removed, int added);
    QString document_text(int position, int length) const;

    NotepadModel& model_;
    QPointer<QObject> editor_;
    QPointer<QTextDocument> document_;
    QPointer<MarkdownHighlighter> highlighter_;
    bool applying_ = false;
};

}  // namespace grove::tools::notepad
