#include "notepadmodel.h"

#include <grove/sdk/markdown.h>

#include <QAbstractEventDispatcher>
#include <QColor>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QStringList>
#include <QUrl>
#include <algorithm>
#include <set>

#include "editorbinding.h"

namespace grove::tools::notepad {

namespace {

constexpr std::int64_t kTypingShownMs = 3000;
constexpr int kPreviewDelayMs = 150;
constexpr qsizetype kMaxPreviewChars = 200'000;
constexpr int kPresenceDelayMs = 50;

QString hex_of(const DocumentId& id) {
    return QString::fromStdString(sdk::to_hex(id));
}

std::optional<DocumentId> parse_id(const QString& hex) {
    DocumentId id{};
    if (!sdk::from_hex(hex.toStdString(), id)) return std::nullopt;
    return id;
}

std::string bytes_of(const DocumentId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

std::u32string to_u32(const QString& text) {
    std::u32string out;
    out.reserve(static_cast<std::size_t>(text.size()));
    for (char32_t c : text.toUcs4())
        // Lone surrogates cannot be stored as text: they become U+FFFD.
        out.push_back(c >= 0xD800 && c <= 0xDFFF ? U'\uFFFD' : c);
    return out;
}

QString from_u32(std::u32string_view text) {
    return QString::fromUcs4(text.data(), static_cast<qsizetype>(text.size()));
}

bool has_surrogates(const QString& text) {
    return std::any_of(text.begin(), text.end(), [](QChar c) { return c.isSurrogate(); });
}

QString escape_html(const QString& text) {
    return text.toHtmlEscaped();
}

// Timers need an event loop; a host thread without one (groved) flushes on the next edit.
bool has_event_loop() {
    return QAbstractEventDispatcher::instance() != nullptr;
}

std::int64_t steady_ms() {
    static QElapsedTimer timer = [] {
        QElapsedTimer started;
        started.start();
        return started;
    }();
    return timer.elapsed();
}

}  // namespace

NotepadModel::NotepadModel(sdk::ToolContext& context, NotepadState& state, QObject* parent)
    : QObject(parent), context_(context), state_(state), clock_(steady_ms) {
    flush_timer_.setSingleShot(true);
    connect(&flush_timer_, &QTimer::timeout, this, &NotepadModel::flush_if_due);
    preview_timer_.setSingleShot(true);
    connect(&preview_timer_, &QTimer::timeout, this, [this] {
        // Laying out a rendered megabyte would stall the view for seconds: a long document's
        // preview shows its beginning (up to a line end) and says so.
        if (mirror_.size() <= kMaxPreviewChars) {
            preview_html_ =
                QString::fromStdString(sdk::markdown_to_safe_html(mirror_.toStdString()));
        } else {
            qsizetype end = mirror_.lastIndexOf(QLatin1Char('\n'), kMaxPreviewChars);
            if (end <= 0) end = kMaxPreviewChars;
            preview_html_ = QString::fromStdString(
                                sdk::markdown_to_safe_html(mirror_.left(end).toStdString())) +
                            QStringLiteral("<hr><p><i>%1</i></p>")
                                .arg(tr("The preview shows the first %1 KB of %2 KB.")
                                         .arg(end / 1000)
                                         .arg(mirror_.size() / 1000));
        }
        emit previewChanged();
        if (show_authors_) emit legendChanged();
    });
    presence_timer_.setSingleShot(true);
    presence_timer_.setInterval(kPresenceDelayMs);
    connect(&presence_timer_, &QTimer::timeout, this, [this] { send_presence(false); });
    refresh_documents();
}

NotepadModel::~NotepadModel() = default;

// ---------------------------------------------------------------- properties

QString NotepadModel::current_document_id() const {
    return current_ ? hex_of(*current_) : QString();
}

QString NotepadModel::current_title() const {
    const Document* document = current_ ? state_.find(*current_) : nullptr;
    return document ? QString::fromStdString(document->title) : QString();
}

bool NotepadModel::can_write() const {
    return context_.permits(context_.me().identity, sdk::Permission::Write);
}

bool NotepadModel::can_undo() const {
    auto it = current_ ? histories_.find(*current_) : histories_.end();
    return it != histories_.end() && it->second.can_undo();
}

bool NotepadModel::can_redo() const {
    auto it = current_ ? histories_.find(*current_) : histories_.end();
    return it != histories_.end() && it->second.can_redo();
}

QString NotepadModel::name() const {
    return QString::fromStdString(context_.instance_name());
}

QString NotepadModel::member_name(const sdk::IdentityId& identity) const {
    if (identity == context_.me().identity)
        return QString::fromStdString(context_.me().display_name);
    for (const sdk::Member& member : context_.members())
        if (member.identity == identity) return QString::fromStdString(member.display_name);
    return tr("Someone");
}

QVariantList NotepadModel::remote_cursors() const {
    QVariantList out;
    if (!current_) return out;
    for (const auto& [device, cursor] : remote_cursors_) {
        if (cursor.document != *current_) continue;
        QVariantMap entry;
        entry["name"] = member_name(cursor.identity);
        entry["color"] = member_color(cursor.identity).name();
        entry["anchor"] = to_utf16(cursor.selection.anchor);
        entry["position"] = to_utf16(cursor.selection.cursor);
        entry["typing"] = cursor.typing_until_ms > clock_();
        out.push_back(entry);
    }
    return out;
}

QColor NotepadModel::member_color(const sdk::IdentityId& identity) const {
    const int hue = (identity[0] * 256 + identity[1]) % 360;
    return QColor::fromHsv(hue, 170, 210);
}

void NotepadModel::set_show_authors(bool show) {
    if (show == show_authors_) return;
    show_authors_ = show;
    decorations_stale_ = true;
    emit decorationsChanged();
    emit legendChanged();
}

void NotepadModel::set_show_changes(bool show) {
    if (show == show_changes_) return;
    show_changes_ = show;
    decorations_stale_ = true;
    emit decorationsChanged();
}

QVariantList NotepadModel::author_legend() const {
    QVariantList out;
    if (!current_ || !show_authors_) return out;
    std::map<sdk::IdentityId, std::size_t> written;
    std::size_t total = 0;
    for (const AuthorRun& run : state_.authors(*current_)) {
        written[run.author] += run.length;
        total += run.length;
    }
    std::vector<std::pair<std::size_t, sdk::IdentityId>> order;
    for (const auto& [identity, length] : written) order.emplace_back(length, identity);
    std::sort(order.rbegin(), order.rend());
    for (const auto& [length, identity] : order) {
        QVariantMap entry;
        const bool known = identity != sdk::IdentityId{};
        entry["name"] = known ? member_name(identity) : tr("Someone");
        entry["color"] = known ? member_color(identity).name() : QStringLiteral("#9a9a9a");
        entry["percent"] = total ? static_cast<int>((length * 100 + total / 2) / total) : 0;
        out.push_back(entry);
    }
    return out;
}

int NotepadModel::changed_since_visit() const {
    if (!current_ || !previous_visit_) return 0;
    std::size_t count = 0;
    for (const TextRange& range : state_.written_between(*current_, *previous_visit_, &opened_at_))
        count += range.length;
    return static_cast<int>(count);
}

const std::vector<TextDecoration>& NotepadModel::decorations() {
    if (!decorations_stale_) return decorations_;
    decorations_stale_ = false;
    decorations_.clear();
    if (!current_ || (!show_authors_ && !show_changes_)) return decorations_;
    // Boundaries of both kinds of stretch, in code points, then cut into pieces.
    std::map<std::size_t, TextDecoration> pieces;  // by start, code points
    std::vector<std::pair<std::size_t, std::size_t>> changed;
    if (show_changes_ && previous_visit_)
        for (const TextRange& range :
             state_.written_between(*current_, *previous_visit_, &opened_at_))
            changed.emplace_back(range.position, range.position + range.length);
    std::vector<std::tuple<std::size_t, std::size_t, QColor>> authored;
    if (show_authors_) {
        std::size_t position = 0;
        for (const AuthorRun& run : state_.authors(*current_)) {
            const bool known = run.author != sdk::IdentityId{};
            QColor color = known ? member_color(run.author) : QColor(0x9a, 0x9a, 0x9a);
            authored.emplace_back(position, position + run.length, color);
            position += run.length;
        }
    }
    std::vector<std::size_t> cuts;
    for (const auto& [from, to] : changed) cuts.insert(cuts.end(), {from, to});
    for (const auto& [from, to, color] : authored) cuts.insert(cuts.end(), {from, to});
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::size_t in_changed = 0, in_authored = 0;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        const std::size_t from = cuts[i], to = cuts[i + 1];
        while (in_changed < changed.size() && changed[in_changed].second <= from) ++in_changed;
        while (in_authored < authored.size() && std::get<1>(authored[in_authored]) <= from)
            ++in_authored;
        TextDecoration piece;
        piece.changed = in_changed < changed.size() && changed[in_changed].first <= from;
        if (in_authored < authored.size() && std::get<0>(authored[in_authored]) <= from)
            piece.author = std::get<2>(authored[in_authored]);
        if (!piece.changed && !piece.author.isValid()) continue;
        piece.start = to_utf16(from);
        piece.length = to_utf16(to) - piece.start;
        if (!decorations_.empty()) {
            TextDecoration& last = decorations_.back();
            if (last.start + last.length == piece.start && last.changed == piece.changed &&
                last.author == piece.author) {
                last.length += piece.length;
                continue;
            }
        }
        decorations_.push_back(piece);
    }
    return decorations_;
}

QString NotepadModel::editing_note() const {
    if (!current_) return {};
    std::set<QString> names;
    const std::int64_t now = clock_();
    for (const auto& [device, cursor] : remote_cursors_)
        if (cursor.document == *current_ && cursor.typing_until_ms > now)
            names.insert(member_name(cursor.identity));
    if (names.empty()) return {};
    if (names.size() == 1) return tr("%1 is editing").arg(*names.begin());
    if (names.size() == 2)
        return tr("%1 and %2 are editing").arg(*names.begin()).arg(*std::next(names.begin()));
    return tr("%1 people are editing").arg(names.size());
}

UndoHistory& NotepadModel::history() {
    return histories_[*current_];
}

// ---------------------------------------------------------------- documents

void NotepadModel::open_document(const QString& document_id) {
    std::optional<DocumentId> id = parse_id(document_id);
    if (id && !state_.find(*id)) id.reset();
    if (id == current_) return;
    flush();
    if (current_) last_seen_[*current_] = state_.version(*current_);
    current_ = id;
    previous_visit_.reset();
    if (current_) {
        opened_at_ = state_.version(*current_);
        if (auto seen = last_seen_.find(*current_); seen != last_seen_.end())
            previous_visit_ = seen->second;
    }
    decorations_stale_ = true;
    reload_mirror();
    emit currentDocumentChanged();
    emit currentTitleChanged();
    emit undoChanged();
    emit remoteCursorsChanged();
    emit decorationsChanged();
    emit legendChanged();
    send_presence(false);
}

void NotepadModel::reload_mirror() {
    const Document* document = current_ ? state_.find(*current_) : nullptr;
    mirror_ = document ? QString::fromStdString(document->text.to_utf8()) : QString();
    mirror_has_surrogates_ = has_surrogates(mirror_);
    own_selection_ = {};
    decorations_stale_ = true;
    emit documentReset();
    schedule_preview();
}

QString NotepadModel::createDocument(const QString& title) {
    v1::NotepadOp op;
    op.mutable_create()->set_title(title.trimmed().toStdString());
    auto created = submit(op);  // the operation's id is the document's
    return created ? hex_of(*created) : QString();
}

bool NotepadModel::renameDocument(const QString& document_id, const QString& title) {
    auto id = parse_id(document_id);
    if (!id || !state_.find(*id)) return fail(tr("No such document")), false;
    v1::NotepadOp op;
    op.mutable_rename()->set_document_id(bytes_of(*id));
    op.mutable_rename()->set_title(title.trimmed().toStdString());
    return submit(op).has_value();
}

bool NotepadModel::deleteDocument(const QString& document_id) {
    auto id = parse_id(document_id);
    if (!id || !state_.find(*id)) return fail(tr("No such document")), false;
    if (batch_.document() == id) flush();
    v1::NotepadOp op;
    op.mutable_remove()->set_document_id(bytes_of(*id));
    return submit(op).has_value();
}

QString NotepadModel::duplicateDocument(const QString& document_id) {
    auto id = parse_id(document_id);
    const Document* source = id ? state_.find(*id) : nullptr;
    if (!source) return fail(tr("No such document")), QString();
    flush();
    const std::u32string text = source->text.to_u32string();
    const QString copy = createDocument(tr("%1 (copy)").arg(QString::fromStdString(source->title)));
    if (copy.isEmpty() || text.empty()) return copy;
    const DocumentId copy_id = *parse_id(copy);
    auto inserted = add_local_edit(copy_id, 0, 0, text, clock_());
    if (!inserted) return fail(QString::fromStdString(inserted.error().describe())), QString();
    // Kept in the batch (and retried) if it cannot be submitted now.
    flush();
    return copy;
}

Result<DocumentId> NotepadModel::create_document(const std::string& title,
                                                 const std::string& text) {
    auto decoded = crdt::utf8_to_utf32(text);
    if (!decoded) return make_error(ErrorCode::InvalidArgument, "the text is not valid UTF-8");
    const QString id = createDocument(QString::fromStdString(title));
    if (id.isEmpty()) return make_error(ErrorCode::FailedPrecondition, last_error_.toStdString());
    const DocumentId document = *parse_id(id);
    if (!decoded->empty()) {
        TextPatch patch;
        patch.insert = *decoded;
        GROVE_TRY(apply_patch(document, {patch}));
    }
    return document;
}

Result<void> NotepadModel::apply_patch(const DocumentId& id, const std::vector<TextPatch>& edits) {
    const Document* document = state_.find(id);
    if (!document) return make_error(ErrorCode::NotFound, "no such document");
    if (!can_write())
        return make_error(ErrorCode::PermissionDenied, "you cannot edit this notepad");
    std::size_t length = document->text.size();
    for (const TextPatch& edit : edits) {
        const std::size_t position = edit.at_end ? length : edit.position;
        if (position > length || edit.remove > length - position)
            return make_error(ErrorCode::InvalidArgument,
                              "an edit reaches past the end of the text");
        for (char32_t c : edit.insert)
            if (!crdt::is_unicode_scalar(c))
                return make_error(ErrorCode::InvalidArgument, "not Unicode text");
        length = length - edit.remove + edit.insert.size();
    }
    if (!flush()) return make_error(ErrorCode::FailedPrecondition, last_error_.toStdString());
    const std::int64_t now = clock_();
    for (const TextPatch& edit : edits) {
        const std::size_t position = edit.at_end ? state_.find(id)->text.size() : edit.position;
        GROVE_TRY(add_local_edit(id, position, edit.remove, edit.insert, now));
    }
    // Kept in the batch (and retried) if it cannot be submitted now.
    if (!flush()) return make_error(ErrorCode::FailedPrecondition, last_error_.toStdString());
    return {};
}

Result<void> NotepadModel::add_local_edit(const DocumentId& id, std::size_t position,
                                          std::size_t removed, std::u32string_view inserted,
                                          std::int64_t now) {
    // In pieces that each fit an operation (see TypingBatch::kMaxRunValues).
    for (std::size_t done = 0; done < removed;) {
        const std::size_t count = std::min(removed - done, TypingBatch::kMaxSpans);
        auto op = state_.remove(id, position, count);
        if (!op) return op.error();
        follow_local_change(id, {crdt::SequenceChange::Kind::kRemoved, position, count}, {});
        batch_.add(id, std::move(op).value(), now);
        done += count;
    }
    for (std::size_t done = 0; done < inserted.size();) {
        const std::u32string_view piece = inserted.substr(done, TypingBatch::kMaxRunValues);
        auto op = state_.insert(id, position + done, piece);
        if (!op) return op.error();
        follow_local_change(id,
                            {crdt::SequenceChange::Kind::kInserted, position + done, piece.size()},
                            from_u32(piece));
        batch_.add(id, std::move(op).value(), now);
        done += piece.size();
    }
    return {};
}

void NotepadModel::follow_local_change(const DocumentId& document,
                                       const crdt::SequenceChange& change,
                                       const QString& inserted) {
    histories_[document].map(change);
    for (auto& [device, cursor] : remote_cursors_)
        if (cursor.document == document) cursor.selection = map_selection(cursor.selection, change);
    if (current_ == document) {
        apply_to_mirror(change, inserted, false);
        emit remoteCursorsChanged();
    }
}

QString NotepadModel::documentText(const QString& document_id) const {
    auto id = parse_id(document_id);
    const Document* document = id ? state_.find(*id) : nullptr;
    return document ? QString::fromStdString(document->text.to_utf8()) : QString();
}

void NotepadModel::refresh_documents() {
    std::vector<DocumentRow> rows;
    for (const Document* document : state_.documents()) {
        DocumentRow row;
        row.document_id = hex_of(document->id);
        row.title = QString::fromStdString(document->title);
        row.last_editor = member_name(document->last_editor);
        row.last_change = QDateTime::fromMSecsSinceEpoch(document->last_change_ms);
        row.length = static_cast<int>(document->text.size());
        rows.push_back(std::move(row));
    }
    documents_.set_rows(std::move(rows));
}

// ---------------------------------------------------------------- local edits

std::size_t NotepadModel::to_code_points(int utf16) const {
    if (!mirror_has_surrogates_) return static_cast<std::size_t>(utf16);
    std::size_t code_points = 0;
    for (int i = 0; i < utf16; ++i)
        if (!mirror_[i].isLowSurrogate()) ++code_points;
    return code_points;
}

int NotepadModel::to_utf16(std::size_t code_points) const {
    if (!mirror_has_surrogates_)
        return static_cast<int>(std::min<std::size_t>(code_points, mirror_.size()));
    int i = 0;
    for (std::size_t seen = 0; i < mirror_.size() && seen < code_points; ++seen)
        i += mirror_[i].isHighSurrogate() && i + 1 < mirror_.size() ? 2 : 1;
    return i;
}

bool NotepadModel::insertText(int position, const QString& text) {
    return edit_utf16(position, 0, text, false);
}

bool NotepadModel::removeText(int position, int count) {
    return edit_utf16(position, count, {}, false);
}

bool NotepadModel::editor_insert(int position, const QString& text) {
    return edit_utf16(position, 0, text, true);
}

bool NotepadModel::editor_remove(int position, int count) {
    return edit_utf16(position, count, {}, true);
}

bool NotepadModel::edit_utf16(int position, int removed, const QString& inserted,
                              bool from_editor) {
    if (!current_) return fail(tr("No document is open")), false;
    if (position < 0 || removed < 0 || position > mirror_.size() ||
        removed > mirror_.size() - position)
        return fail(tr("Range past the end of the text")), false;
    if (removed == 0 && inserted.isEmpty()) return true;
    const std::size_t start = to_code_points(position);
    const std::size_t count = removed > 0 ? to_code_points(position + removed) - start : 0;
    return local_edit(start, count, to_u32(inserted), from_editor).has_value();
}

std::optional<crdt::ItemId> NotepadModel::local_edit(std::size_t position, std::size_t removed,
                                                     std::u32string_view inserted,
                                                     bool from_editor) {
    if (!can_write()) return fail(tr("You cannot edit this notepad")), std::nullopt;
    crdt::ItemId first{};
    if (batch_.document() && batch_.document() != current_) flush();
    const DocumentId document = *current_;
    const std::int64_t now = clock_();
    // Large edits (a 1 MB paste, removing a long fragmented range) are made in pieces, so that
    // no Text op outgrows what one operation may carry; the pieces are one undo step.
    for (std::size_t done = 0; done < removed;) {
        const std::size_t count = std::min(removed - done, TypingBatch::kMaxSpans);
        const int start16 = to_utf16(position);
        const std::u32string text =
            to_u32(mirror_.mid(start16, to_utf16(position + count) - start16));
        auto op = state_.remove(document, position, count);
        if (!op) return fail(QString::fromStdString(op.error().describe())), std::nullopt;
        const crdt::SequenceChange change{crdt::SequenceChange::Kind::kRemoved, position, count};
        history().map(change);
        history().record_remove(position, text, std::get<crdt::Text::Delete>(*op).spans);
        for (auto& [device, cursor] : remote_cursors_)
            if (cursor.document == document)
                cursor.selection = map_selection(cursor.selection, change);
        apply_to_mirror(change, {}, from_editor);
        batch_.add(document, std::move(op).value(), now);
        done += count;
    }
    for (std::size_t done = 0; done < inserted.size();) {
        const std::u32string_view piece = inserted.substr(done, TypingBatch::kMaxRunValues);
        const std::size_t at = position + done;
        auto op = state_.insert(document, at, piece);
        if (!op) return fail(QString::fromStdString(op.error().describe())), std::nullopt;
        const crdt::SequenceChange change{crdt::SequenceChange::Kind::kInserted, at, piece.size()};
        history().map(change);
        if (done == 0) first = std::get<crdt::Text::Insert>(*op).id;
        history().record_insert(std::get<crdt::Text::Insert>(*op));
        for (auto& [device, cursor] : remote_cursors_)
            if (cursor.document == document)
                cursor.selection = map_selection(cursor.selection, change);
        apply_to_mirror(change, from_u32(piece), from_editor);
        batch_.add(document, std::move(op).value(), now);
        done += piece.size();
    }
    schedule_flush();
    // "Typing" lasts kTypingShownMs on the other side: saying it once a second is enough.
    if (now - typing_sent_ms_ >= 1000) {
        typing_sent_ms_ = now;
        send_presence(true);
    }
    emit undoChanged();
    emit remoteCursorsChanged();
    return first;
}

void NotepadModel::apply_to_mirror(const crdt::SequenceChange& change, const QString& inserted,
                                   bool from_editor) {
    decorations_stale_ = true;
    const int start = to_utf16(change.pos);
    if (change.kind == crdt::SequenceChange::Kind::kInserted) {
        mirror_.insert(start, inserted);
        if (!mirror_has_surrogates_) mirror_has_surrogates_ = has_surrogates(inserted);
        if (!from_editor) emit textEdited(start, 0, inserted);
    } else {
        const int length = to_utf16(change.pos + change.count) - start;
        mirror_.remove(start, length);
        if (!from_editor) emit textEdited(start, length, QString());
    }
    schedule_preview();
}

// UndoHistory::Editor
std::optional<std::size_t> NotepadModel::position_of(const crdt::ItemId& id) const {
    const Document* document = current_ ? state_.find(*current_) : nullptr;
    return document ? document->text.position_of(id) : std::nullopt;
}

std::size_t NotepadModel::size() const {
    const Document* document = current_ ? state_.find(*current_) : nullptr;
    return document ? document->text.size() : 0;
}

std::optional<crdt::ItemId> NotepadModel::insert(std::size_t position, std::u32string_view text) {
    return local_edit(position, 0, text, false);
}

bool NotepadModel::remove(std::size_t position, std::size_t count) {
    return local_edit(position, count, {}, false).has_value();
}

bool NotepadModel::undo() {
    if (!current_ || !can_write()) return false;
    flush();
    const bool done = history().undo(*this);
    flush();
    emit undoChanged();
    return done;
}

bool NotepadModel::redo() {
    if (!current_ || !can_write()) return false;
    flush();
    const bool done = history().redo(*this);
    flush();
    emit undoChanged();
    return done;
}

// ---------------------------------------------------------------- batching

void NotepadModel::schedule_flush() {
    auto due = batch_.due_at();
    if (!due) return;
    if (!has_event_loop()) {
        if (batch_.due(clock_())) flush();
        return;
    }
    flush_timer_.start(static_cast<int>(std::max<std::int64_t>(0, *due - clock_())));
}

void NotepadModel::flush_if_due() {
    if (batch_.due(clock_()) || !restored_pending_.empty())
        flush();
    else
        schedule_flush();
}

bool NotepadModel::flush() {
    if (flushing_) return false;
    flushing_ = true;
    bool ok = true;
    while (ok && !restored_pending_.empty()) {
        v1::NotepadOp op;
        *op.mutable_edit() = restored_pending_.front();
        ok = submit(op).has_value();
        if (ok) restored_pending_.erase(restored_pending_.begin());
    }
    if (ok && !batch_.empty()) {
        const DocumentId document = *batch_.document();
        // Usually one part; a batch larger than one operation may carry goes as several.
        while (ok && !batch_.empty()) {
            v1::NotepadOp op;
            *op.mutable_edit() = batch_.peek_part();
            ok = submit(op).has_value();
            if (ok) batch_.drop_part();
        }
        if (ok) histories_[document].end_group();
    }
    flushing_ = false;
    if (!ok && has_event_loop()) flush_timer_.start(1000);  // kept: tried again later
    return ok;
}

std::vector<v1::EditDocument> NotepadModel::pending_edits() const {
    std::vector<v1::EditDocument> out = restored_pending_;
    for (v1::EditDocument& part : batch_.peek()) out.push_back(std::move(part));
    return out;
}

std::optional<sdk::OpId> NotepadModel::submit(const v1::NotepadOp& op) {
    const std::string bytes = op.SerializeAsString();
    auto submitted = context_.submit(sdk::as_bytes(bytes));
    if (!submitted) return fail(QString::fromStdString(submitted.error().describe())), std::nullopt;
    return *submitted;
}

void NotepadModel::fail(const QString& message) {
    last_error_ = message;
    emit lastErrorChanged();
}

// ---------------------------------------------------------------- from the instance

void NotepadModel::state_changed(const DocumentChange& change) {
    if (change.kind == DocumentChange::Kind::None) return;
    if (change.kind == DocumentChange::Kind::Edited) {
        UndoHistory& document_history = histories_[change.document];
        const bool open = current_ == change.document;
        for (const TextChange& text_change : change.text_changes) {
            document_history.map(text_change.change);
            for (auto& [device, cursor] : remote_cursors_)
                if (cursor.document == change.document)
                    cursor.selection = map_selection(cursor.selection, text_change.change);
            if (open) apply_to_mirror(text_change.change, from_u32(text_change.inserted), false);
        }
        if (open && !change.text_changes.empty()) emit remoteCursorsChanged();
    }
    if (change.kind == DocumentChange::Kind::Removed) {
        histories_.erase(change.document);
        last_seen_.erase(change.document);
        if (current_ == change.document) {
            current_.reset();
            reload_mirror();
            emit currentDocumentChanged();
            emit undoChanged();
        }
    }
    if (change.kind == DocumentChange::Kind::Renamed && current_ == change.document)
        emit currentTitleChanged();
    refresh_documents();
}

void NotepadModel::state_replaced(std::vector<v1::EditDocument> pending) {
    restored_pending_ = std::move(pending);
    batch_.take();
    histories_.clear();
    if (current_ && !state_.find(*current_)) current_.reset();
    reload_mirror();
    refresh_documents();
    emit currentDocumentChanged();
    emit undoChanged();
    if (!restored_pending_.empty() && has_event_loop()) flush_timer_.start(0);
}

void NotepadModel::renamed() {
    emit nameChanged();
}

void NotepadModel::members_changed() {
    refresh_documents();
    emit permissionsChanged();
    emit remoteCursorsChanged();
}

// ---------------------------------------------------------------- presence

void NotepadModel::setCursor(int anchor, int cursor) {
    anchor = std::clamp(anchor, 0, static_cast<int>(mirror_.size()));
    cursor = std::clamp(cursor, 0, static_cast<int>(mirror_.size()));
    const Selection selection{to_code_points(anchor), to_code_points(cursor)};
    if (selection.anchor == own_selection_.anchor && selection.cursor == own_selection_.cursor)
        return;
    own_selection_ = selection;
    if (!has_event_loop()) return send_presence(false);
    if (!presence_timer_.isActive()) presence_timer_.start();
}

void NotepadModel::send_presence(bool typing) {
    v1::Presence presence;
    if (current_) {
        presence.set_document_id(bytes_of(*current_));
        presence.set_anchor(static_cast<std::uint32_t>(std::min(own_selection_.anchor, size())));
        presence.set_cursor(static_cast<std::uint32_t>(std::min(own_selection_.cursor, size())));
    }
    presence.set_typing(typing);
    const std::string bytes = presence.SerializeAsString();
    (void)context_.send_ephemeral(sdk::as_bytes(bytes));  // presence may be lost
}

void NotepadModel::receive_ephemeral(const sdk::EphemeralMessage& message) {
    v1::Presence presence;
    if (!presence.ParseFromArray(message.payload.data(), static_cast<int>(message.payload.size())))
        return;
    if (message.from_device == context_.me().device) return;
    DocumentId document{};
    if (presence.document_id().empty() ||
        !sdk::copy_id(sdk::as_bytes(presence.document_id()), document)) {
        remote_cursors_.erase(message.from_device);
        emit remoteCursorsChanged();
        return;
    }
    RemoteCursor& cursor = remote_cursors_[message.from_device];
    cursor.identity = message.from_identity;
    cursor.device = message.from_device;
    cursor.document = document;
    const Document* target = state_.find(document);
    const std::size_t length = target ? target->text.size() : 0;
    cursor.selection = {std::min<std::size_t>(presence.anchor(), length),
                        std::min<std::size_t>(presence.cursor(), length)};
    cursor.seen_ms = clock_();
    if (presence.typing()) {
        cursor.typing_until_ms = cursor.seen_ms + kTypingShownMs;
        if (has_event_loop())
            QTimer::singleShot(kTypingShownMs + 50, this, &NotepadModel::remoteCursorsChanged);
    }
    emit remoteCursorsChanged();
}

// ---------------------------------------------------------------- preview, export, editor

void NotepadModel::schedule_preview() {
    if (!has_event_loop()) return;  // no view without an event loop
    // Rendering and laying out the preview grows with the text: a long document is re-rendered
    // less often (150 ms after a change, plus 1 ms per thousand characters).
    if (!preview_timer_.isActive())
        preview_timer_.start(kPreviewDelayMs + static_cast<int>(mirror_.size() / 1000));
}

QString NotepadModel::exportAs(const QString& format) const {
    if (format == QLatin1String("md") || format == QLatin1String("txt")) return mirror_;
    if (format == QLatin1String("html")) {
        const QString body =
            QString::fromStdString(sdk::markdown_to_safe_html(mirror_.toStdString()));
        return QStringLiteral(
                   "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%1</title>\n"
                   "</head>\n<body>\n%2</body>\n</html>\n")
            .arg(escape_html(current_title()), body);
    }
    return {};
}

bool NotepadModel::saveAs(const QUrl& file, const QString& format) {
    if (!current_) return fail(tr("No document is open")), false;
    if (format != QLatin1String("md") && format != QLatin1String("txt") &&
        format != QLatin1String("html"))
        return fail(tr("Unknown export format %1").arg(format)), false;
    QFile out(file.isLocalFile() ? file.toLocalFile() : file.toString());
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(tr("Cannot write %1: %2").arg(out.fileName(), out.errorString())), false;
    const QByteArray bytes = exportAs(format).toUtf8();
    if (out.write(bytes) != bytes.size())
        return fail(tr("Cannot write %1: %2").arg(out.fileName(), out.errorString())), false;
    return true;
}

void NotepadModel::bindEditor(QObject* text_edit) {
    binding_ = std::make_unique<EditorBinding>(*this, text_edit);
}

}  // namespace grove::tools::notepad
