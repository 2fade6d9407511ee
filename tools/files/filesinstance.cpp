#include "filesinstance.h"

#include "conflictname.h"
#include "filesmodel.h"
#include "grove/tools/files/v1/ops.pb.h"
#include "grove/tools/files/v1/state.pb.h"

namespace grove::tools::files {
namespace v1 = grove::tools::files::v1;
namespace {

std::string raw(const sdk::OpId& id) {
    return std::string(id.begin(), id.end());
}
std::string raw_parent(const ItemId& id) {
    return id == kTopLevel ? std::string() : raw(id);
}

void fill(v1::Version& out, const sdk::BlobManifest& manifest, std::string_view author) {
    out.set_size(manifest.size);
    for (const sdk::BlobChunk& chunk : manifest.chunks) {
        v1::Chunk* c = out.add_chunks();
        c->set_id(raw(chunk.id));
        c->set_size(chunk.size);
    }
    out.set_author_name(std::string(author));
}

std::string holder(const VersionId& id) {
    return sdk::to_hex(id);
}

}  // namespace

FilesInstance::FilesInstance(sdk::ToolContext& context)
    : context_(context), model_(std::make_unique<FilesModel>(*this)) {}

FilesInstance::~FilesInstance() {
    auto listeners = std::move(listeners_);
    for (auto& [token, listener] : listeners)
        if (listener.second) listener.second();
}

int FilesInstance::add_listener(Listener listener, CloseListener on_close) {
    int token = next_listener_++;
    listeners_.emplace(token, std::make_pair(std::move(listener), std::move(on_close)));
    return token;
}

void FilesInstance::remove_listener(int token) {
    listeners_.erase(token);
}

void FilesInstance::tell_listeners(const sdk::Operation& operation) {
    if (listeners_.empty()) return;
    v1::FilesOp op;
    if (!op.ParseFromArray(operation.payload.data(), static_cast<int>(operation.payload.size())))
        return;
    FileChange change;
    auto item_of = [](const std::string& bytes) {
        ItemId id{};
        if (bytes.size() == id.size()) std::copy(bytes.begin(), bytes.end(), id.begin());
        return id;
    };
    switch (op.op_case()) {
        case v1::FilesOp::kCreateFolder:
        case v1::FilesOp::kCreateFile:
            change = {FileChange::Kind::Created, operation.id};
            break;
        case v1::FilesOp::kSaveVersion:
            change = {FileChange::Kind::VersionSaved, item_of(op.save_version().item())};
            break;
        case v1::FilesOp::kMove:
            change = {FileChange::Kind::Moved, item_of(op.move().item())};
            break;
        case v1::FilesOp::kTrash:
            change = {FileChange::Kind::Trashed, item_of(op.trash().item())};
            break;
        case v1::FilesOp::kRestore:
            change = {FileChange::Kind::Restored, item_of(op.restore().item())};
            break;
        case v1::FilesOp::kPurge:
            change = {FileChange::Kind::Purged, item_of(op.purge().item())};
            break;
        default:
            return;
    }
    // Listeners may add or remove listeners while being told.
    auto listeners = listeners_;
    for (const auto& [token, listener] : listeners)
        if (!listener.first(change, *this)) listeners_.erase(token);
}

QObject* FilesInstance::model() {
    return model_.get();
}

Result<sdk::OpId> FilesInstance::submit(const std::string& payload) {
    return context_.submit(
        sdk::ByteView(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()));
}

Result<ItemId> FilesInstance::create_folder(const ItemId& parent, std::string_view name) {
    GROVE_TRY(check_name(name));
    v1::FilesOp op;
    op.mutable_create_folder()->set_parent(raw_parent(parent));
    op.mutable_create_folder()->set_name(std::string(name));
    return submit(op.SerializeAsString());
}

Result<ItemId> FilesInstance::upload(const ItemId& parent, std::string_view name,
                                     const sdk::BlobSource& content, std::uint64_t size_hint,
                                     const sdk::BlobProgressFn& progress) {
    GROVE_TRY(check_name(name));
    auto manifest = context_.blobs().write(content, size_hint, progress);
    if (!manifest) return manifest.error();
    return create_file(parent, name, *manifest);
}

Result<ItemId> FilesInstance::create_file(const ItemId& parent, std::string_view name,
                                          const sdk::BlobManifest& content) {
    GROVE_TRY(check_name(name));
    v1::FilesOp op;
    op.mutable_create_file()->set_parent(raw_parent(parent));
    op.mutable_create_file()->set_name(std::string(name));
    fill(*op.mutable_create_file()->mutable_version(), content, context_.me().display_name);
    return submit(op.SerializeAsString());
}

Result<VersionId> FilesInstance::save_version(const ItemId& file, const sdk::BlobSource& content,
                                              std::uint64_t size_hint,
                                              const sdk::BlobProgressFn& progress) {
    auto entry = state_.entry(file);
    if (!entry || entry->folder || !entry->current)
        return make_error(ErrorCode::NotFound, "no such file");
    auto manifest = context_.blobs().write(content, size_hint, progress);
    if (!manifest) return manifest.error();
    return save_version(file, *manifest);
}

Result<VersionId> FilesInstance::save_version(const ItemId& file,
                                              const sdk::BlobManifest& content) {
    auto entry = state_.entry(file);
    if (!entry || entry->folder || !entry->current)
        return make_error(ErrorCode::NotFound, "no such file");
    v1::FilesOp op;
    op.mutable_save_version()->set_item(raw(file));
    op.mutable_save_version()->set_base(raw(entry->current->id));
    fill(*op.mutable_save_version()->mutable_version(), content, context_.me().display_name);
    return submit(op.SerializeAsString());
}

Result<sdk::BlobManifest> FilesInstance::content_of(const ItemId& file,
                                                    const VersionId* version) const {
    auto entry = state_.entry(file);
    if (!entry || entry->folder || !entry->current)
        return make_error(ErrorCode::NotFound, "no such file");
    if (!version) return entry->current->content;
    for (const FileVersion* v : state_.versions(file))
        if (v->id == *version) return v->content;
    return make_error(ErrorCode::NotFound, "no such version of this file");
}

Result<VersionId> FilesInstance::restore_version(const ItemId& file, const VersionId& old) {
    auto entry = state_.entry(file);
    const FileVersion* version = state_.version(old);
    if (!entry || entry->folder || !entry->current || !version)
        return make_error(ErrorCode::NotFound, "no such file or version");
    v1::FilesOp op;
    op.mutable_save_version()->set_item(raw(file));
    op.mutable_save_version()->set_base(raw(entry->current->id));
    fill(*op.mutable_save_version()->mutable_version(), version->content,
         context_.me().display_name);
    return submit(op.SerializeAsString());
}

Result<void> FilesInstance::download(const ItemId& file, const sdk::BlobSink& sink,
                                     const sdk::BlobProgressFn& progress,
                                     const VersionId* version) {
    const FileVersion* chosen = nullptr;
    if (version) {
        chosen = state_.version(*version);
    } else if (auto entry = state_.entry(file); entry && entry->current) {
        chosen = entry->current;
    }
    if (!chosen) return make_error(ErrorCode::NotFound, "no such file or version");
    return context_.blobs().read(chosen->content, sink, progress);
}

Result<void> FilesInstance::move(const ItemId& item, const ItemId& parent, std::string_view name) {
    GROVE_TRY(check_name(name));
    v1::FilesOp op;
    op.mutable_move()->set_item(raw(item));
    op.mutable_move()->set_parent(raw_parent(parent));
    op.mutable_move()->set_name(std::string(name));
    auto id = submit(op.SerializeAsString());
    if (!id) return id.error();
    return {};
}

Result<void> FilesInstance::rename(const ItemId& item, std::string_view name) {
    auto entry = state_.entry(item);
    if (!entry) return make_error(ErrorCode::NotFound, "no such item");
    return move(item, entry->parent, name);
}

Result<void> FilesInstance::trash(const ItemId& item) {
    v1::FilesOp op;
    op.mutable_trash()->set_item(raw(item));
    auto id = submit(op.SerializeAsString());
    if (!id) return id.error();
    return {};
}

Result<void> FilesInstance::restore_from_trash(const ItemId& item) {
    v1::FilesOp op;
    op.mutable_restore()->set_item(raw(item));
    auto id = submit(op.SerializeAsString());
    if (!id) return id.error();
    return {};
}

Result<void> FilesInstance::purge(const ItemId& item) {
    auto entry = state_.entry(item);
    if (!entry || !entry->trashed)
        return make_error(ErrorCode::FailedPrecondition, "only items in the trash are purged");
    v1::FilesOp op;
    op.mutable_purge()->set_item(raw(item));
    auto id = submit(op.SerializeAsString());
    if (!id) return id.error();
    return {};
}

Result<std::size_t> FilesInstance::purge_expired(std::int64_t now_ms) {
    std::size_t purged = 0;
    for (const ItemId& item : state_.expired_trash(now_ms)) {
        GROVE_TRY(purge(item));
        ++purged;
    }
    return purged;
}

Result<void> FilesInstance::keep_offline(const ItemId& item, bool keep) {
    auto entry = state_.entry(item);
    if (!entry) return make_error(ErrorCode::NotFound, "no such item");
    std::vector<Entry> pending{*entry};
    while (!pending.empty()) {
        Entry e = std::move(pending.back());
        pending.pop_back();
        if (e.folder) {
            for (Entry& child : state_.list(e.id)) pending.push_back(std::move(child));
        } else if (e.current) {
            GROVE_TRY(context_.blobs().keep_offline(holder(e.current->id), keep));
        }
    }
    return {};
}

std::vector<sdk::BlobManifest> FilesInstance::contents_below(const ItemId& item) const {
    std::vector<sdk::BlobManifest> out;
    auto entry = state_.entry(item);
    if (!entry) return out;
    std::vector<Entry> pending{*entry};
    while (!pending.empty()) {
        Entry e = std::move(pending.back());
        pending.pop_back();
        if (e.folder) {
            for (Entry& child : state_.list(e.id)) pending.push_back(std::move(child));
        } else if (auto content = content_of(e.id); content) {
            out.push_back(std::move(*content));
        }
    }
    return out;
}

Result<void> FilesInstance::apply(const sdk::Operation& operation) {
    return apply_and_record(operation, true);
}

Result<void> FilesInstance::apply_and_record(const sdk::Operation& operation, bool record) {
    const std::size_t purges = state_.purge_count();
    GROVE_TRY(state_.apply(operation));
    if (record) {
        sdk::Bytes payload(operation.payload.begin(), operation.payload.end());
        applied_.emplace_back(operation, std::move(payload));
        applied_.back().first.payload = {};
    }
    // References follow incrementally on the common path (a new version), with a full pass only
    // when a purge may have ended some versions' life: replaying a long history stays linear.
    if (state_.purge_count() != purges) {
        sync_references();
    } else if (const FileVersion* added = state_.version(operation.id)) {
        retain(*added);
    }
    model_->notify_changed();
    if (record) tell_listeners(operation);
    return {};
}

void FilesInstance::retain(const FileVersion& version) {
    if (retained_.count(version.id)) return;
    std::vector<sdk::BlobId> ids;
    for (const sdk::BlobChunk& c : version.content.chunks) ids.push_back(c.id);
    auto kept = context_.blobs().retain(holder(version.id), ids);
    if (!kept) {
        context_.log(sdk::LogLevel::Warning,
                     "cannot record the content of a version: " + kept.error().message);
        return;
    }
    retained_.insert(version.id);
}

void FilesInstance::sync_references() {
    std::set<VersionId> live;
    for (const FileVersion* v : state_.live_versions()) {
        live.insert(v->id);
        retain(*v);
    }
    for (auto it = retained_.begin(); it != retained_.end();) {
        if (live.count(*it)) {
            ++it;
            continue;
        }
        (void)context_.blobs().release(holder(*it));
        it = retained_.erase(it);
    }
}

Result<sdk::Bytes> FilesInstance::snapshot() const {
    v1::Snapshot snapshot;
    for (const auto& [op, payload] : applied_) {
        v1::AppliedOp* out = snapshot.add_ops();
        out->set_id(raw(op.id));
        out->set_author_device(raw(op.author_device));
        out->set_author_identity(raw(op.author_identity));
        out->set_author_role(static_cast<std::uint32_t>(op.author_role));
        out->set_lamport(op.lamport);
        out->set_wall_time_ms(op.wall_time_ms);
        out->set_payload(std::string(payload.begin(), payload.end()));
    }
    std::string bytes = snapshot.SerializeAsString();
    return sdk::Bytes(bytes.begin(), bytes.end());
}

Result<void> FilesInstance::restore(sdk::ByteView bytes) {
    v1::Snapshot snapshot;
    if (!snapshot.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return make_error(ErrorCode::InvalidArgument, "not a Files snapshot");
    FilesState fresh;
    std::vector<std::pair<sdk::Operation, sdk::Bytes>> applied;
    for (const v1::AppliedOp& in : snapshot.ops()) {
        sdk::Operation op;
        auto copy = [](const std::string& from, auto& to) {
            if (from.size() != to.size()) return false;
            std::copy(from.begin(), from.end(), to.begin());
            return true;
        };
        if (!copy(in.id(), op.id) || !copy(in.author_device(), op.author_device) ||
            !copy(in.author_identity(), op.author_identity))
            return make_error(ErrorCode::InvalidArgument, "malformed Files snapshot");
        op.author_role = static_cast<sdk::Role>(in.author_role());
        op.lamport = in.lamport();
        op.wall_time_ms = in.wall_time_ms();
        sdk::Bytes payload(in.payload().begin(), in.payload().end());
        op.payload = payload;
        if (fresh.apply(op)) {
            op.payload = {};
            applied.emplace_back(op, std::move(payload));
        }
    }
    state_ = std::move(fresh);
    applied_ = std::move(applied);
    sync_references();
    model_->notify_changed();
    return {};
}

}  // namespace grove::tools::files
