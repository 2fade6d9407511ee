// NotepadModel: the object a Notepad view gets as `tool` — the document list, the open document's
// text with incremental edits both ways, typing batched into operations, undo/redo of own edits,
// others' cursors, the Markdown preview and export.
#pragma once

#include <grove/sdk/ephemeralmessage.h>
#include <grove/sdk/toolcontext.h>

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QVariantList>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "cursormapping.h"
#include "documentlistmodel.h"
#include "notepadstate.h"
#include "typingbatch.h"
#include "undohistory.h"

namespace grove::tools::notepad {

class EditorBinding;

// One edit of a patch: replace `remove` code points at `position` (or at the end) by `insert`.
struct TextPatch {
    std::size_t position = 0;
    bool at_end = false;
    std::size_t remove = 0;
    std::u32string insert;
};

// A stretch of the open document's text drawn differently in the editor (UTF-16 positions):
// who wrote it, or that it changed since this device last had the document open.
struct TextDecoration {
    int start = 0;
    int length = 0;
    QColor author;         // invalid: not shown
    bool changed = false;  // written since the last visit
};

class NotepadModel : public QObject, private UndoHistory::Editor {
    Q_OBJECT
    Q_PROPERTY(QAbstractItemModel* documents READ documents CONSTANT)
    Q_PROPERTY(QString currentDocumentId READ current_document_id WRITE open_document NOTIFY
                   currentDocumentChanged)
    Q_PROPERTY(QString currentTitle READ current_title NOTIFY currentTitleChanged)
    Q_PROPERTY(QString text READ text NOTIFY documentReset)
    Q_PROPERTY(QString previewHtml READ preview_html NOTIFY previewChanged)
    Q_PROPERTY(QVariantList remoteCursors READ remote_cursors NOTIFY remoteCursorsChanged)
    Q_PROPERTY(QString editingNote READ editing_note NOTIFY remoteCursorsChanged)
    Q_PROPERTY(bool canWrite READ can_write NOTIFY permissionsChanged)
    Q_PROPERTY(bool canUndo READ can_undo NOTIFY undoChanged)
    Q_PROPERTY(bool canRedo READ can_redo NOTIFY undoChanged)
    Q_PROPERTY(QString name READ name NOTIFY nameChanged)
    // Who wrote what: the editor tints each member's text in their colour; the legend lists them.
    Q_PROPERTY(bool showAuthors READ show_authors WRITE set_show_authors NOTIFY decorationsChanged)
    Q_PROPERTY(QVariantList authorLegend READ author_legend NOTIFY legendChanged)
    // What others wrote since this device last had the open document open (this run of the app).
    Q_PROPERTY(bool showChanges READ show_changes WRITE set_show_changes NOTIFY decorationsChanged)
    Q_PROPERTY(int changedSinceVisit READ changed_since_visit NOTIFY decorationsChanged)
    Q_PROPERTY(QString lastError READ last_error NOTIFY lastErrorChanged)

public:
    using Clock = std::function<std::int64_t()>;  // milliseconds, monotonic

    NotepadModel(sdk::ToolContext& context, NotepadState& state, QObject* parent = nullptr);
    ~NotepadModel() override;

    QAbstractItemModel* documents() { return &documents_; }
    const DocumentListModel& document_list() const { return documents_; }
    QString current_document_id() const;
    void open_document(const QString& document_id);
    QString current_title() const;
    QString text() const { return mirror_; }
    QString preview_html() const { return preview_html_; }
    QVariantList remote_cursors() const;
    QString editing_note() const;
    bool can_write() const;
    bool can_undo() const;
    bool can_redo() const;
    QString name() const;
    QString last_error() const { return last_error_; }
    bool show_authors() const { return show_authors_; }
    void set_show_authors(bool show);
    bool show_changes() const { return show_changes_; }
    void set_show_changes(bool show);
    QVariantList author_legend() const;
    int changed_since_visit() const;
    // What the editor draws over the text (sorted, not overlapping); empty when neither is shown.
    const std::vector<TextDecoration>& decorations();
    QColor member_color(const sdk::IdentityId& identity) const;

    // ---- actions for QML; on failure lastError says why ----
    Q_INVOKABLE QString createDocument(const QString& title);
    Q_INVOKABLE bool renameDocument(const QString& document_id, const QString& title);
    Q_INVOKABLE bool deleteDocument(const QString& document_id);
    Q_INVOKABLE QString duplicateDocument(const QString& document_id);
    // Local edits of the open document, in UTF-16 positions (QString / TextArea units); a bound
    // editor is told through textEdited like for others' edits.
    Q_INVOKABLE bool insertText(int position, const QString& text);
    Q_INVOKABLE bool removeText(int position, int count);
    // The same, made in the bound editor (which already shows them).
    bool editor_insert(int position, const QString& text);
    bool editor_remove(int position, int count);
    Q_INVOKABLE bool undo();
    Q_INVOKABLE bool redo();
    // Submits the typing batch now (also done after a pause, before switching documents).
    Q_INVOKABLE bool flush();
    // Where this device's cursor and selection are (UTF-16), for the others' views.
    Q_INVOKABLE void setCursor(int anchor, int cursor);
    // Makes a TextArea/TextEdit show the open document and edit it incrementally.
    Q_INVOKABLE void bindEditor(QObject* text_edit);
    // The open document as "md", "txt" or "html" (a whole page); saveAs writes it to a file URL.
    Q_INVOKABLE QString exportAs(const QString& format) const;
    Q_INVOKABLE bool saveAs(const QUrl& file, const QString& format);
    Q_INVOKABLE QString documentText(const QString& document_id) const;

    // ---- for the gRPC service ----
    // A new document with `text`, submitted at once.
    Result<DocumentId> create_document(const std::string& title, const std::string& text);
    // Applies every edit, in order, as one operation submitted at once; checks them all first.
    Result<void> apply_patch(const DocumentId& document, const std::vector<TextPatch>& edits);
    QString member_display_name(const sdk::IdentityId& identity) const {
        return member_name(identity);
    }

    // ---- for the instance ----
    void state_changed(const DocumentChange& change);
    void state_replaced(std::vector<v1::EditDocument> pending);
    void renamed();
    void members_changed();
    void receive_ephemeral(const sdk::EphemeralMessage& message);
    std::vector<v1::EditDocument> pending_edits() const;

    // ---- for tests ----
    void set_clock(Clock clock) { clock_ = std::move(clock); }
    void set_batch_timing(TypingBatch::Timing timing) { batch_ = TypingBatch(timing); }
    std::optional<DocumentId> current_document() const { return current_; }
    // Submits the batch when due at the clock's time (the timer calls this).
    void flush_if_due();
    const TypingBatch& batch() const { return batch_; }

signals:
    void currentDocumentChanged();
    void currentTitleChanged();
    // The open document's text was replaced (another document opened, or reset).
    void documentReset();
    // The open document changed by something other than the bound editor (others' edits, undo,
    // redo, insertText/removeText), in UTF-16 positions of the text as it was just before.
    void textEdited(int position, int removed, const QString& inserted);
    void previewChanged();
    void remoteCursorsChanged();
    void permissionsChanged();
    void undoChanged();
    void nameChanged();
    void lastErrorChanged();
    void decorationsChanged();
    void legendChanged();

private:
    struct RemoteCursor {
        sdk::IdentityId identity{};
        sdk::DeviceId device{};
        DocumentId document{};
        Selection selection;  // code points
        std::int64_t typing_until_ms = 0;
        std::int64_t seen_ms = 0;
    };

    // UndoHistory::Editor: code-point edits of the open document through the local path.
    std::optional<std::size_t> position_of(const crdt::ItemId& id) const override;
    std::size_t size() const override;
    std::optional<crdt::ItemId> insert(std::size_t position, std::u32string_view text) override;
    bool remove(std::size_t position, std::size_t count) override;

    // Returns the first inserted character's id (or a default id when nothing was inserted);
    // nullopt when refused.
    bool edit_utf16(int position, int removed, const QString& inserted, bool from_editor);
    std::optional<crdt::ItemId> local_edit(std::size_t position, std::size_t removed,
                                           std::u32string_view inserted, bool from_editor);
    void apply_to_mirror(const crdt::SequenceChange& change, const QString& inserted,
                         bool from_editor);
    std::size_t to_code_points(int utf16) const;
    int to_utf16(std::size_t code_points) const;
    std::optional<sdk::OpId> submit(const v1::NotepadOp& op);
    // Edits a document outside the editor and undo (the API, duplicates) into the batch.
    Result<void> add_local_edit(const DocumentId& document, std::size_t position,
                                std::size_t removed, std::u32string_view inserted,
                                std::int64_t now);
    // A local change made outside the editor and undo (the API): view, cursors, undo places.
    void follow_local_change(const DocumentId& document, const crdt::SequenceChange& change,
                             const QString& inserted);
    void fail(const QString& message);
    void reload_mirror();
    void refresh_documents();
    void schedule_preview();
    void schedule_flush();
    void send_presence(bool typing);
    QString member_name(const sdk::IdentityId& identity) const;
    UndoHistory& history();

    sdk::ToolContext& context_;
    NotepadState& state_;
    DocumentListModel documents_;
    std::optional<DocumentId> current_;
    QString mirror_;  // the open document's text, kept equal to its Text by every change
    bool mirror_has_surrogates_ = false;
    TypingBatch batch_;
    std::vector<v1::EditDocument> restored_pending_;
    std::map<DocumentId, UndoHistory> histories_;
    std::map<sdk::DeviceId, RemoteCursor> remote_cursors_;
    Selection own_selection_;
    QString preview_html_;
    QString last_error_;
    QTimer flush_timer_;
    QTimer preview_timer_;
    QTimer presence_timer_;
    Clock clock_;
    std::unique_ptr<EditorBinding> binding_;
    bool flushing_ = false;
    bool show_authors_ = false;
    bool show_changes_ = false;
    bool decorations_stale_ = true;
    std::vector<TextDecoration> decorations_;
    std::map<DocumentId, TextVersion> last_seen_;  // when each document was last left
    std::optional<TextVersion> previous_visit_;    // the open document's, when it was opened
    TextVersion opened_at_;                        // the open document's version at opening
    std::int64_t typing_sent_ms_ = -1'000'000;     // when presence last said "typing"
};

}  // namespace grove::tools::notepad
