#include "notepadstate.h"

#include <algorithm>
#include <stdexcept>

#include "editpacking.h"
#include "grove/tools/notepad/v1/state.pb.h"

namespace grove::tools::notepad {

namespace {

constexpr std::size_t kMaxTitleBytes = 512;

crdt::ReplicaId replica_of(const sdk::DeviceId& device) {
    return crdt::ReplicaId::from_device_key(device);
}

bool read_id(const std::string& bytes, DocumentId& out) {
    return sdk::copy_id(sdk::as_bytes(bytes), out);
}

std::string bytes_of(const DocumentId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

Error from_crdt(const crdt::Error& error) {
    return make_error(ErrorCode::InvalidArgument, error.describe());
}

}  // namespace

NotepadState::NotepadState(const sdk::DeviceId& local) : local_(replica_of(local)) {}

void NotepadState::touch(Document& document, const sdk::Operation& operation, crdt::Stamp stamp) {
    if (document.last_stamp < stamp) {
        document.last_stamp = stamp;
        document.last_editor = operation.author_identity;
        document.last_change_ms = operation.wall_time_ms;
    }
}

Result<DocumentChange> NotepadState::apply(const sdk::Operation& operation) {
    v1::NotepadOp op;
    if (!op.ParseFromArray(operation.payload.data(), static_cast<int>(operation.payload.size())))
        return make_error(ErrorCode::InvalidArgument, "not a Notepad operation");
    if (operation.author_role == sdk::Role::Guest)
        return make_error(ErrorCode::PermissionDenied, "guests cannot edit documents");
    const crdt::Stamp stamp{operation.lamport, replica_of(operation.author_device)};
    if (stamp.lamport == 0) return make_error(ErrorCode::InvalidArgument, "operation without time");

    authors_.emplace(stamp.replica, operation.author_identity);
    DocumentChange change;
    switch (op.op_case()) {
        case v1::NotepadOp::kCreate: {
            if (op.create().title().size() > kMaxTitleBytes)
                return make_error(ErrorCode::InvalidArgument, "title too long");
            if (documents_.contains(operation.id)) return change;  // delivered again
            auto document = std::make_unique<Document>(local_);
            document->id = operation.id;
            document->title = op.create().title();
            document->title_stamp = stamp;
            document->created_lamport = operation.lamport;
            document->created_by = operation.author_identity;
            touch(*document, operation, stamp);
            documents_.emplace(operation.id, std::move(document));
            change.kind = DocumentChange::Kind::Created;
            change.document = operation.id;
            return change;
        }
        case v1::NotepadOp::kRename: {
            DocumentId id{};
            if (!read_id(op.rename().document_id(), id))
                return make_error(ErrorCode::InvalidArgument, "malformed document id");
            if (op.rename().title().size() > kMaxTitleBytes)
                return make_error(ErrorCode::InvalidArgument, "title too long");
            auto it = documents_.find(id);
            if (it == documents_.end()) return make_error(ErrorCode::NotFound, "no such document");
            Document& document = *it->second;
            if (document.deleted) return change;
            if (document.title_stamp < stamp) {
                document.title = op.rename().title();
                document.title_stamp = stamp;
            }
            touch(document, operation, stamp);
            change.kind = DocumentChange::Kind::Renamed;
            change.document = id;
            return change;
        }
        case v1::NotepadOp::kRemove: {
            DocumentId id{};
            if (!read_id(op.remove().document_id(), id))
                return make_error(ErrorCode::InvalidArgument, "malformed document id");
            auto it = documents_.find(id);
            if (it == documents_.end()) return make_error(ErrorCode::NotFound, "no such document");
            if (it->second->deleted) return change;
            // The tombstone keeps only what the digest needs; the text is dropped.
            it->second->deleted = true;
            it->second->text = crdt::Text(local_);
            change.kind = DocumentChange::Kind::Removed;
            change.document = id;
            return change;
        }
        case v1::NotepadOp::kEdit: {
            DocumentId id{};
            if (!read_id(op.edit().document_id(), id))
                return make_error(ErrorCode::InvalidArgument, "malformed document id");
            auto it = documents_.find(id);
            if (it == documents_.end()) return make_error(ErrorCode::NotFound, "no such document");
            Document& document = *it->second;
            if (document.deleted) return change;
            // Decode the whole batch first so a malformed one changes nothing.
            auto encoded = unpack_ops(op.edit());
            if (!encoded) return encoded.error();
            std::vector<crdt::Text::Op> text_ops;
            text_ops.reserve(encoded->size());
            for (const std::string& bytes : *encoded) {
                auto decoded = crdt::Text::decode_op(sdk::as_bytes(bytes));
                if (!decoded) return from_crdt(decoded.error());
                // Inserts are made by the author's device: another replica's ids are forged.
                if (const auto* insert = std::get_if<crdt::Text::Insert>(&*decoded);
                    insert && insert->id.replica != stamp.replica)
                    return make_error(ErrorCode::PermissionDenied,
                                      "insert with another device's ids");
                text_ops.push_back(std::move(decoded).value());
            }
            std::vector<crdt::SequenceChange> changes;
            for (const crdt::Text::Op& text_op : text_ops) {
                changes.clear();
                crdt::Status applied = document.text.apply(text_op, changes);
                if (!applied) {
                    if (change.text_changes.empty()) return from_crdt(applied.error());
                    change.kind = DocumentChange::Kind::Edited;
                    change.document = id;
                    change.error = from_crdt(applied.error());
                    return change;
                }
                // An insert shows the unseen tail of its values (all of them unless re-sent).
                const auto* insert = std::get_if<crdt::Text::Insert>(&text_op);
                std::size_t shown = 0;
                for (const crdt::SequenceChange& visible : changes) shown += visible.count;
                std::size_t next =
                    insert ? insert->values.size() - std::min(shown, insert->values.size()) : 0;
                for (const crdt::SequenceChange& visible : changes) {
                    TextChange text_change{visible, {}};
                    if (insert && visible.kind == crdt::SequenceChange::Kind::kInserted) {
                        text_change.inserted = insert->values.substr(next, visible.count);
                        next += visible.count;
                    }
                    change.text_changes.push_back(std::move(text_change));
                }
            }
            touch(document, operation, stamp);
            change.kind = DocumentChange::Kind::Edited;
            change.document = id;
            return change;
        }
        case v1::NotepadOp::OP_NOT_SET:
            return change;  // a kind a newer version added: no effect here
    }
    return change;
}

Document* NotepadState::find_live(const DocumentId& document) {
    auto it = documents_.find(document);
    if (it == documents_.end() || it->second->deleted) return nullptr;
    return it->second.get();
}

const Document* NotepadState::find(const DocumentId& document) const {
    return const_cast<NotepadState*>(this)->find_live(document);
}

std::vector<const Document*> NotepadState::documents() const {
    std::vector<const Document*> out;
    for (const auto& [id, document] : documents_)
        if (!document->deleted) out.push_back(document.get());
    std::sort(out.begin(), out.end(), [](const Document* a, const Document* b) {
        if (a->created_lamport != b->created_lamport)
            return a->created_lamport < b->created_lamport;
        return a->id < b->id;
    });
    return out;
}

Result<crdt::Text::Op> NotepadState::insert(const DocumentId& id, std::size_t position,
                                            std::u32string_view text) {
    Document* document = find_live(id);
    if (!document) return make_error(ErrorCode::NotFound, "no such document");
    if (text.empty()) return make_error(ErrorCode::InvalidArgument, "nothing to insert");
    if (position > document->text.size())
        return make_error(ErrorCode::InvalidArgument, "position past the end of the text");
    try {
        return crdt::Text::Op(document->text.insert(position, text));
    } catch (const std::exception& error) {
        return make_error(ErrorCode::InvalidArgument, error.what());
    }
}

Result<crdt::Text::Op> NotepadState::remove(const DocumentId& id, std::size_t position,
                                            std::size_t count) {
    Document* document = find_live(id);
    if (!document) return make_error(ErrorCode::NotFound, "no such document");
    if (count == 0) return make_error(ErrorCode::InvalidArgument, "nothing to remove");
    if (position > document->text.size() || count > document->text.size() - position)
        return make_error(ErrorCode::InvalidArgument, "range past the end of the text");
    return crdt::Text::Op(document->text.remove(position, count));
}

std::vector<AuthorRun> NotepadState::authors(const DocumentId& id) const {
    std::vector<AuthorRun> runs;
    const Document* document = find(id);
    if (!document) return runs;
    crdt::ReplicaId previous{};
    document->text.for_each_visible_run([&](crdt::ItemId first, std::size_t length) {
        if (!runs.empty() && first.replica == previous) {
            runs.back().length += length;
            return;
        }
        previous = first.replica;
        runs.push_back({length, author_of(first.replica).value_or(sdk::IdentityId{})});
        // Different devices of one member read as one author.
        if (runs.size() > 1 && runs[runs.size() - 2].author == runs.back().author) {
            runs[runs.size() - 2].length += runs.back().length;
            runs.pop_back();
        }
    });
    return runs;
}

TextVersion NotepadState::version(const DocumentId& id) const {
    TextVersion version;
    const Document* document = find(id);
    if (!document) return version;
    document->text.for_each_visible_run([&](crdt::ItemId first, std::size_t length) {
        std::uint64_t& next = version[first.replica];
        next = std::max<std::uint64_t>(next, first.counter + length);
    });
    return version;
}

std::vector<TextRange> NotepadState::written_between(const DocumentId& id, const TextVersion& seen,
                                                     const TextVersion* until) const {
    std::vector<TextRange> ranges;
    const Document* document = find(id);
    if (!document) return ranges;
    auto next_of = [](const TextVersion& version, crdt::ReplicaId replica) -> std::uint64_t {
        auto it = version.find(replica);
        return it == version.end() ? 0 : it->second;
    };
    std::size_t position = 0;
    document->text.for_each_visible_run([&](crdt::ItemId first, std::size_t length) {
        // A run's ids are consecutive: the new ones are one stretch [from, to) of it.
        const std::uint64_t begin = first.counter, end = first.counter + length;
        const std::uint64_t from = std::max(begin, next_of(seen, first.replica));
        const std::uint64_t to = until ? std::min(end, next_of(*until, first.replica)) : end;
        if (from < to) {
            const std::size_t start = position + static_cast<std::size_t>(from - begin);
            const auto count = static_cast<std::size_t>(to - from);
            if (!ranges.empty() && ranges.back().position + ranges.back().length == start)
                ranges.back().length += count;
            else
                ranges.push_back({start, count});
        }
        position += length;
    });
    return ranges;
}

std::optional<sdk::IdentityId> NotepadState::author_of(crdt::ReplicaId replica) const {
    auto it = authors_.find(replica);
    if (it == authors_.end()) return std::nullopt;
    return it->second;
}

Result<sdk::Bytes> NotepadState::snapshot(const std::vector<v1::EditDocument>& pending) const {
    v1::NotepadSnapshot out;
    out.set_format(1);
    for (const auto& [id, document] : documents_) {
        v1::DocumentState* state = out.add_documents();
        state->set_id(bytes_of(id));
        state->set_title(document->title);
        state->set_title_lamport(document->title_stamp.lamport);
        state->set_title_replica(document->title_stamp.replica.value);
        state->set_created_lamport(document->created_lamport);
        state->set_created_by(bytes_of(document->created_by));
        state->set_deleted(document->deleted);
        if (!document->deleted) {
            std::vector<std::uint8_t> text = document->text.snapshot();
            state->set_text(std::string(text.begin(), text.end()));
        }
        state->set_last_editor(bytes_of(document->last_editor));
        state->set_last_change_ms(document->last_change_ms);
        state->set_last_lamport(document->last_stamp.lamport);
        state->set_last_replica(document->last_stamp.replica.value);
    }
    for (const v1::EditDocument& edit : pending) *out.add_pending() = edit;
    for (const auto& [replica, identity] : authors_) {
        v1::ReplicaAuthor* author = out.add_authors();
        author->set_replica(replica.value);
        author->set_identity(bytes_of(identity));
    }
    std::string bytes = out.SerializeAsString();
    return sdk::Bytes(bytes.begin(), bytes.end());
}

Result<void> NotepadState::restore(sdk::ByteView bytes, std::vector<v1::EditDocument>& pending) {
    v1::NotepadSnapshot in;
    if (!in.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return make_error(ErrorCode::InvalidArgument, "not a Notepad snapshot");
    if (in.format() != 1)
        return make_error(ErrorCode::InvalidArgument, "unknown Notepad snapshot format");
    std::map<DocumentId, std::unique_ptr<Document>> documents;
    for (const v1::DocumentState& state : in.documents()) {
        auto document = std::make_unique<Document>(local_);
        if (!read_id(state.id(), document->id) ||
            !read_id(state.created_by(), document->created_by) ||
            !read_id(state.last_editor(), document->last_editor))
            return make_error(ErrorCode::InvalidArgument, "malformed id in snapshot");
        if (documents.contains(document->id))
            return make_error(ErrorCode::InvalidArgument, "document twice in snapshot");
        document->title = state.title();
        document->title_stamp = {state.title_lamport(), crdt::ReplicaId{state.title_replica()}};
        document->created_lamport = state.created_lamport();
        document->deleted = state.deleted();
        if (!document->deleted) {
            auto text = crdt::Text::restore(local_, sdk::as_bytes(state.text()));
            if (!text) return from_crdt(text.error());
            document->text = std::move(text).value();
        }
        document->last_change_ms = state.last_change_ms();
        document->last_stamp = {state.last_lamport(), crdt::ReplicaId{state.last_replica()}};
        DocumentId id = document->id;
        documents.emplace(id, std::move(document));
    }
    std::vector<v1::EditDocument> restored_pending;
    for (const v1::EditDocument& edit : in.pending()) {
        DocumentId id{};
        if (!read_id(edit.document_id(), id) || !documents.contains(id))
            return make_error(ErrorCode::InvalidArgument, "pending edit of an unknown document");
        restored_pending.push_back(edit);
    }
    std::map<crdt::ReplicaId, sdk::IdentityId> authors;
    for (const v1::ReplicaAuthor& author : in.authors()) {
        sdk::IdentityId identity{};
        if (!read_id(author.identity(), identity))
            return make_error(ErrorCode::InvalidArgument, "malformed author in snapshot");
        authors.emplace(crdt::ReplicaId{author.replica()}, identity);
    }
    documents_ = std::move(documents);
    authors_ = std::move(authors);
    pending = std::move(restored_pending);
    return {};
}

sdk::Digest NotepadState::digest() const {
    crdt::ByteWriter out;
    out.varint(documents_.size());
    for (const auto& [id, document] : documents_) {
        out.bytes(id.data(), id.size());
        out.u8(document->deleted ? 1 : 0);
        if (document->deleted) continue;
        out.varint(document->title.size());
        out.bytes(reinterpret_cast<const std::uint8_t*>(document->title.data()),
                  document->title.size());
        out.varint(document->created_lamport);
        out.bytes(document->last_editor.data(), document->last_editor.size());
        out.zigzag(document->last_change_ms);
        const crdt::Digest text = document->text.digest();
        out.bytes(text.data(), text.size());
    }
    const crdt::Digest digest = crdt::Hasher256().update(out.data().data(), out.size()).finish();
    sdk::Digest result{};
    std::copy(digest.begin(), digest.end(), result.begin());
    return result;
}

}  // namespace grove::tools::notepad
