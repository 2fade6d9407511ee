#include "filesservice.h"

#include <grove/sdk/grpcstatus.h>
#include <grove/sdk/pagination.h>
#include <grpcpp/server_context.h>

#include <algorithm>
#include <memory>

#include "conflictname.h"
#include "filesinstance.h"

namespace grove::tools::files {
namespace {

// Download messages stay well under gRPC's default 4 MiB receive limit whatever the chunk size.
constexpr std::size_t kDownloadPiece = 256 * 1024;

using sdk::grpc_status;

FilesInstance& files(sdk::ToolInstance& instance) {
    // The host hands out only instances this tool created.
    return static_cast<FilesInstance&>(instance);
}

std::string hex_or_empty(const ItemId& id) {
    return id == kTopLevel ? std::string() : sdk::to_hex(id);
}

void to_view(const FilesState& state, const Entry& entry, v1::ItemView* out) {
    out->set_id(sdk::to_hex(entry.id));
    out->set_name(entry.name);
    out->set_path(state.path(entry.id));
    out->set_folder(entry.folder);
    out->set_parent_id(hex_or_empty(entry.parent));
    if (entry.current) {
        out->set_size(entry.current->content.size);
        out->set_version_id(sdk::to_hex(entry.current->id));
        out->set_author_id(sdk::to_hex(entry.current->author));
        out->set_author_name(entry.current->author_name);
        out->set_modified_ms(entry.current->wall_time_ms);
    }
    if (entry.conflict_of) out->set_conflict_of(sdk::to_hex(*entry.conflict_of));
    out->set_trashed(entry.trashed);
    out->set_trashed_ms(entry.trashed_at_ms);
}

bool to_view(const FilesState& state, const ItemId& id, v1::ItemView* out) {
    auto entry = state.entry(id);
    if (!entry) return false;
    to_view(state, *entry, out);
    return true;
}

// An item named by a request: by id, by path (visible items first, then items in the trash), or
// the top level when neither is set.
Result<ItemId> resolve(const FilesState& state, const v1::ItemRef& ref) {
    if (ref.target_case() == v1::ItemRef::kId) {
        ItemId id{};
        if (!sdk::from_hex(ref.id(), id))
            return make_error(ErrorCode::InvalidArgument, "an item id is 64 hex digits");
        if (!state.entry(id)) return make_error(ErrorCode::NotFound, "no such item");
        return id;
    }
    if (ref.target_case() != v1::ItemRef::kPath) return kTopLevel;
    const std::string& path = ref.path();
    ItemId at = kTopLevel;
    bool found = true;
    std::size_t start = 0;
    while (start <= path.size() && found) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string part = path.substr(start, end - start);
        start = end + 1;
        if (part.empty()) {
            if (end == path.size()) break;
            continue;  // "a//b", a leading or a trailing slash
        }
        found = false;
        for (const Entry& child : state.list(at)) {
            if (child.name == part) {
                at = child.id;
                found = true;
                break;
            }
        }
        if (end == path.size()) break;
    }
    if (found) return at;
    std::string trimmed = path;
    while (!trimmed.empty() && trimmed.front() == '/') trimmed.erase(trimmed.begin());
    while (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
    for (const Entry& trashed : state.trash())
        if (state.path(trashed.id) == trimmed) return trashed.id;
    return make_error(ErrorCode::NotFound, "no such item: " + path);
}

Result<ItemId> resolve_folder(const FilesState& state, const v1::ItemRef& ref) {
    auto id = resolve(state, ref);
    if (!id) return id;
    if (*id == kTopLevel) return id;
    auto entry = state.entry(*id);
    if (!entry || !entry->folder) return make_error(ErrorCode::InvalidArgument, "not a folder");
    return id;
}

Result<ItemId> resolve_item(const FilesState& state, const v1::ItemRef& ref) {
    auto id = resolve(state, ref);
    if (id && *id == kTopLevel)
        return make_error(ErrorCode::InvalidArgument, "name an item (the top level is none)");
    return id;
}

// Runs `work` on the instance and folds both failures into one status.
grpc::Status on_instance(sdk::ToolServiceContext& context, const v1::InstanceRef& ref,
                         const std::function<Result<void>(FilesInstance&)>& work) {
    Result<void> outcome;
    auto done = context.with_instance(
        ref.space_id(), ref.instance_id(),
        [&](sdk::ToolInstance& instance) { outcome = work(files(instance)); });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

Result<void> view_of(const FilesInstance& instance, const ItemId& id, v1::ItemView* out) {
    if (!to_view(instance.state(), id, out))
        return make_error(ErrorCode::NotFound, "the item is gone");
    return {};
}

}  // namespace

grpc::Status FilesService::List(grpc::ServerContext* call, const v1::ListRequest* request,
                                v1::ListResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return on_instance(context_, request->instance(), [&](FilesInstance& instance) -> Result<void> {
        const FilesState& state = instance.state();
        auto folder = resolve_folder(state, request->folder());
        if (!folder) return folder.error();
        auto next = sdk::serve_page(
            state.list(*folder), request->page_size(), request->page_token(),
            "list\n" + request->instance().SerializeAsString() + sdk::to_hex(*folder),
            [](const Entry& e) { return sdk::to_hex(e.id); },
            [&](const Entry& e) { to_view(state, e, response->add_items()); });
        if (!next) return next.error();
        response->set_next_page_token(std::move(next).value());
        return {};
    });
}

grpc::Status FilesService::ListTrash(grpc::ServerContext* call, const v1::ListTrashRequest* request,
                                     v1::ListResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return on_instance(context_, request->instance(), [&](FilesInstance& instance) -> Result<void> {
        const FilesState& state = instance.state();
        auto next = sdk::serve_page(
            state.trash(), request->page_size(), request->page_token(),
            "trash\n" + request->instance().SerializeAsString(),
            [](const Entry& e) { return sdk::to_hex(e.id); },
            [&](const Entry& e) { to_view(state, e, response->add_items()); });
        if (!next) return next.error();
        response->set_next_page_token(std::move(next).value());
        return {};
    });
}

grpc::Status FilesService::Stat(grpc::ServerContext* call, const v1::StatRequest* request,
                                v1::ItemResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return on_instance(context_, request->instance(), [&](FilesInstance& instance) -> Result<void> {
        auto id = resolve_item(instance.state(), request->item());
        if (!id) return id.error();
        return view_of(instance, *id, response->mutable_item());
    });
}

grpc::Status FilesService::Mkdir(grpc::ServerContext* call, const v1::MkdirRequest* request,
                                 v1::ItemResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return on_instance(context_, request->instance(), [&](FilesInstance& instance) -> Result<void> {
        auto parent = resolve_folder(instance.state(), request->parent());
        if (!parent) return parent.error();
        auto id = instance.create_folder(*parent, request->name());
        if (!id) return id.error();
        return view_of(instance, *id, response->mutable_item());
    });
}

grpc::Status FilesService::Move(grpc::ServerContext* call, const v1::MoveRequest* request,
                                v1::ItemResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    if (!request->has_parent() && request->name().empty())
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "give a new folder or name");
    return on_instance(context_, request->instance(), [&](FilesInstance& instance) -> Result<void> {
        const FilesState& state = instance.state();
        auto id = resolve_item(state, request->item());
        if (!id) return id.error();
        auto entry = state.entry(*id);
        if (!entry) return make_error(ErrorCode::NotFound, "no such item");
        ItemId parent = entry->parent;
        if (request->has_parent()) {
            auto chosen = resolve_folder(state, request->parent());
            if (!chosen) return chosen.error();
            parent = *chosen;
        }
        const std::string name = request->name().empty() ? entry->name : request->name();
        GROVE_TRY(instance.move(*id, parent, name));
        return view_of(instance, *id, response->mutable_item());
    });
}

grpc::Status FilesService::Trash(grpc::ServerContext* call, const v1::ItemRequest* request,
                                 v1::ItemResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return on_instance(context_, request->instance(), [&](FilesInstance& instance) -> Result<void> {
        auto id = resolve_item(instance.state(), request->item());
        if (!id) return id.error();
        GROVE_TRY(instance.trash(*id));
        return view_of(instance, *id, response->mutable_item());
    });
}

grpc::Status FilesService::Restore(grpc::ServerContext* call, const v1::ItemRequest* request,
                                   v1::ItemResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return on_instance(context_, request->instance(), [&](FilesInstance& instance) -> Result<void> {
        auto id = resolve_item(instance.state(), request->item());
        if (!id) return id.error();
        auto entry = instance.state().entry(*id);
        if (!entry || !entry->trashed)
            return make_error(ErrorCode::FailedPrecondition, "the item is not in the trash");
        GROVE_TRY(instance.restore_from_trash(*id));
        return view_of(instance, *id, response->mutable_item());
    });
}

grpc::Status FilesService::Upload(grpc::ServerContext* call,
                                  grpc::ServerReader<v1::UploadRequest>* reader,
                                  v1::UploadResponse* response) {
    // The first message names the space: the token is checked for writing there.
    v1::UploadRequest first;
    if (!reader->Read(&first) || !first.has_start()) {
        if (auto ok = context_.authorize(*call); !ok) return grpc_status(ok);
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "an upload starts with a message carrying `start`");
    }
    const v1::UploadStart start = first.start();
    if (auto ok = context_.authorize_access(*call, {true, start.instance().space_id()}); !ok)
        return grpc_status(ok);

    // On the host thread, briefly: where the content goes, and the store to stream it into.
    ItemId folder{};
    std::optional<ItemId> existing;
    sdk::BlobStore* store = nullptr;
    auto prepared =
        on_instance(context_, start.instance(), [&](FilesInstance& instance) -> Result<void> {
            GROVE_TRY(check_name(start.name()));
            const FilesState& state = instance.state();
            auto chosen = resolve_folder(state, start.folder());
            if (!chosen) return chosen.error();
            folder = *chosen;
            if (start.new_version()) {
                for (const Entry& entry : state.list(folder))
                    if (!entry.folder && entry.name == start.name()) existing = entry.id;
            }
            store = &instance.blobs();
            return {};
        });
    if (!prepared.ok()) return prepared;

    // On this gRPC thread: the content, message by message, straight into the blob store.
    std::string pending;
    std::size_t offset = 0;
    std::uint64_t received = 0;
    sdk::BlobSource source = [&](std::span<std::uint8_t> buffer) -> Result<std::size_t> {
        while (offset == pending.size()) {
            v1::UploadRequest next;
            if (!reader->Read(&next)) return std::size_t{0};
            if (next.has_start()) {
                return make_error(ErrorCode::InvalidArgument, "`start` sent twice");
            }
            pending = std::move(*next.mutable_data());
            offset = 0;
        }
        const std::size_t n = std::min(buffer.size(), pending.size() - offset);
        std::copy_n(pending.data() + offset, n, buffer.data());
        offset += n;
        received += n;
        return n;
    };
    auto manifest = store->write(source, start.size(), {});
    if (call->IsCancelled())
        return grpc::Status(grpc::StatusCode::CANCELLED, "the upload was cancelled");
    if (!manifest) return grpc_status(manifest.error());
    if (start.size() != 0 && received != start.size())
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "received " + std::to_string(received) + " bytes, expected " +
                                std::to_string(start.size()));

    // On the host thread again: the operation naming the stored content.
    return on_instance(context_, start.instance(), [&](FilesInstance& instance) -> Result<void> {
        if (existing && instance.state().entry(*existing)) {
            auto version = instance.save_version(*existing, *manifest);
            if (!version) return version.error();
            response->set_new_version(true);
            return view_of(instance, *existing, response->mutable_item());
        }
        auto id = instance.create_file(folder, start.name(), *manifest);
        if (!id) return id.error();
        return view_of(instance, *id, response->mutable_item());
    });
}

grpc::Status FilesService::Download(grpc::ServerContext* call, const v1::DownloadRequest* request,
                                    grpc::ServerWriter<v1::DownloadResponse>* writer) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    v1::DownloadResponse header;
    sdk::BlobManifest manifest;
    sdk::BlobStore* store = nullptr;
    auto prepared =
        on_instance(context_, request->instance(), [&](FilesInstance& instance) -> Result<void> {
            auto id = resolve_item(instance.state(), request->item());
            if (!id) return id.error();
            std::optional<VersionId> version;
            if (!request->version_id().empty()) {
                VersionId parsed{};
                if (!sdk::from_hex(request->version_id(), parsed))
                    return make_error(ErrorCode::InvalidArgument, "a version id is 64 hex digits");
                version = parsed;
            }
            auto content = instance.content_of(*id, version ? &*version : nullptr);
            if (!content) return content.error();
            manifest = std::move(*content);
            GROVE_TRY(view_of(instance, *id, header.mutable_item()));
            store = &instance.blobs();
            return {};
        });
    if (!prepared.ok()) return prepared;

    header.set_total(manifest.size);
    if (!writer->Write(header))
        return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
    std::uint64_t sent = 0;
    auto read =
        store->read(manifest,
                    [&](sdk::ByteView bytes) -> Result<void> {
                        for (std::size_t at = 0; at < bytes.size(); at += kDownloadPiece) {
                            const std::size_t n = std::min(kDownloadPiece, bytes.size() - at);
                            v1::DownloadResponse piece;
                            piece.set_data(reinterpret_cast<const char*>(bytes.data() + at), n);
                            sent += n;
                            piece.set_done(sent);
                            piece.set_total(manifest.size);
                            if (!writer->Write(piece))
                                return make_error(ErrorCode::Unavailable, "the client went away");
                        }
                        return {};
                    },
                    {});
    if (!read) return grpc_status(read.error());
    return grpc::Status::OK;
}

grpc::Status FilesService::Versions(grpc::ServerContext* call, const v1::ItemRequest* request,
                                    v1::VersionsResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return on_instance(context_, request->instance(), [&](FilesInstance& instance) -> Result<void> {
        const FilesState& state = instance.state();
        auto id = resolve_item(state, request->item());
        if (!id) return id.error();
        auto entry = state.entry(*id);
        if (!entry || entry->folder || !entry->current)
            return make_error(ErrorCode::InvalidArgument, "a folder has no versions");
        for (const FileVersion* version : state.versions(*id)) {
            v1::VersionView* out = response->add_versions();
            out->set_id(sdk::to_hex(version->id));
            out->set_base_id(version->base == VersionId{} ? std::string()
                                                          : sdk::to_hex(version->base));
            out->set_size(version->content.size);
            out->set_author_id(sdk::to_hex(version->author));
            out->set_author_name(version->author_name);
            out->set_saved_ms(version->wall_time_ms);
            out->set_current(version->id == entry->current->id);
        }
        return {};
    });
}

grpc::Status FilesService::RestoreVersion(grpc::ServerContext* call,
                                          const v1::RestoreVersionRequest* request,
                                          v1::ItemResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    VersionId version{};
    if (!sdk::from_hex(request->version_id(), version))
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "a version id is 64 hex digits");
    return on_instance(context_, request->instance(), [&](FilesInstance& instance) -> Result<void> {
        auto id = resolve_item(instance.state(), request->item());
        if (!id) return id.error();
        auto content = instance.content_of(*id, &version);  // the version must be this file's
        if (!content) return content.error();
        auto restored = instance.restore_version(*id, version);
        if (!restored) return restored.error();
        return view_of(instance, *id, response->mutable_item());
    });
}

grpc::Status FilesService::Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                                 grpc::ServerWriter<v1::FilesEvent>* writer) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return watches_.serve(*call, request->instance().space_id(), request->instance().instance_id(),
                          request->from_cursor(), *writer);
}

void FilesService::attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                                Watches::Closed closed) {
    auto on_change = [publish = std::move(publish)](const FileChange& change,
                                                    const FilesInstance& source) {
        v1::FilesEvent event;
        switch (change.kind) {
            case FileChange::Kind::Created:
                event.set_kind(v1::FilesEvent::KIND_CREATED);
                break;
            case FileChange::Kind::VersionSaved:
                event.set_kind(v1::FilesEvent::KIND_VERSION_SAVED);
                break;
            case FileChange::Kind::Moved:
                event.set_kind(v1::FilesEvent::KIND_MOVED);
                break;
            case FileChange::Kind::Trashed:
                event.set_kind(v1::FilesEvent::KIND_TRASHED);
                break;
            case FileChange::Kind::Restored:
                event.set_kind(v1::FilesEvent::KIND_RESTORED);
                break;
            case FileChange::Kind::Purged:
                event.set_kind(v1::FilesEvent::KIND_PURGED);
                break;
        }
        if (!to_view(source.state(), change.item, event.mutable_item()))
            event.mutable_item()->set_id(sdk::to_hex(change.item));
        publish(std::move(event));
        return true;
    };
    files(instance).add_listener(std::move(on_change), std::move(closed));
}

}  // namespace grove::tools::files
