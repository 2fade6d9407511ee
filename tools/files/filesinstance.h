// FilesInstance: one Files instance in a space — authors operations (folders, uploads, versions,
// moves, trash) with content streamed through the space's BlobStore, applies everyone's, and
// keeps the blob store's references in step with the versions that are still live.
#pragma once

#include <grove/sdk/toolcontext.h>
#include <grove/sdk/toolinstance.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include "filesstate.h"

namespace grove::tools::files {

class FilesModel;

// What an applied operation changed, for listeners (the gRPC service's watchers).
struct FileChange {
    enum class Kind { Created, VersionSaved, Moved, Trashed, Restored, Purged };
    Kind kind = Kind::Created;
    ItemId item{};
};

class FilesInstance final : public sdk::ToolInstance {
public:
    // Called on the host thread after each applied operation; returning false unsubscribes.
    using Listener = std::function<bool(const FileChange&, const FilesInstance&)>;
    // Called on the host thread when the instance goes away.
    using CloseListener = std::function<void()>;

    explicit FilesInstance(sdk::ToolContext& context);
    ~FilesInstance() override;

    Result<ItemId> create_folder(const ItemId& parent, std::string_view name);
    // Streams the content into the blob store, then creates the file (progress: bytes stored).
    Result<ItemId> upload(const ItemId& parent, std::string_view name,
                          const sdk::BlobSource& content, std::uint64_t size_hint,
                          const sdk::BlobProgressFn& progress = {});
    // A new version edited from the file's current one.
    Result<VersionId> save_version(const ItemId& file, const sdk::BlobSource& content,
                                   std::uint64_t size_hint,
                                   const sdk::BlobProgressFn& progress = {});
    // The same two with content already stored (streamed into blobs() on another thread).
    Result<ItemId> create_file(const ItemId& parent, std::string_view name,
                               const sdk::BlobManifest& content);
    Result<VersionId> save_version(const ItemId& file, const sdk::BlobManifest& content);
    // The manifest of the file's current version (or of `version`, which must be the file's).
    Result<sdk::BlobManifest> content_of(const ItemId& file,
                                         const VersionId* version = nullptr) const;
    // The current versions' manifests of the file, or of every file below the folder.
    std::vector<sdk::BlobManifest> contents_below(const ItemId& item) const;
    // The space's blob store: thread-safe, so content may be streamed off the host thread.
    sdk::BlobStore& blobs() { return context_.blobs(); }
    // Makes an older version current again, as a new version with its content (history kept).
    Result<VersionId> restore_version(const ItemId& file, const VersionId& old);
    // The current version's bytes (or `version`'s), streamed to `sink`.
    Result<void> download(const ItemId& file, const sdk::BlobSink& sink,
                          const sdk::BlobProgressFn& progress = {},
                          const VersionId* version = nullptr);
    Result<void> move(const ItemId& item, const ItemId& parent, std::string_view name);
    Result<void> rename(const ItemId& item, std::string_view name);
    Result<void> trash(const ItemId& item);
    Result<void> restore_from_trash(const ItemId& item);
    Result<void> purge(const ItemId& item);
    // Purges what has been in the trash for 30 days by `now_ms` (any device may; purging twice is
    // harmless). Returns how many items.
    Result<std::size_t> purge_expired(std::int64_t now_ms);
    // Keeps the current content of a file, or of every file below a folder, on this device.
    Result<void> keep_offline(const ItemId& item, bool keep);

    const FilesState& state() const { return state_; }

    int add_listener(Listener listener, CloseListener on_close = {});
    void remove_listener(int token);

    // ---- sdk::ToolInstance ----
    Result<void> apply(const sdk::Operation& operation) override;
    Result<sdk::Bytes> snapshot() const override;
    Result<void> restore(sdk::ByteView snapshot) override;
    sdk::Digest digest() const override { return state_.digest(); }
    // The FilesModel the view (qml/FilesView.qml) and tests call.
    QObject* model() override;

private:
    Result<sdk::OpId> submit(const std::string& payload);
    Result<void> apply_and_record(const sdk::Operation& operation, bool record);
    // Retains the chunks of one new version.
    void retain(const FileVersion& version);
    // Retains every live version not yet retained and releases those no longer live (after a
    // purge or a restore; a full pass over the versions).
    void sync_references();
    void tell_listeners(const sdk::Operation& operation);

    sdk::ToolContext& context_;
    FilesState state_;
    std::vector<std::pair<sdk::Operation, sdk::Bytes>> applied_;  // for snapshot()
    std::set<VersionId> retained_;
    std::unique_ptr<FilesModel> model_;
    std::map<int, std::pair<Listener, CloseListener>> listeners_;
    int next_listener_ = 1;
};

}  // namespace grove::tools::files
