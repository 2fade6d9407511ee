// FilesState: the replicated state of one Files instance — folders, files and their versions,
// placements (moves, renames), trash and purge — built so that every causal delivery order of the
// same operations gives the same tree, the same conflict copies and the same names.
#pragma once

#include <grove/sdk/blobstore.h>
#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace grove::tools::files {

using ItemId = sdk::OpId;     // the op that created the item; all zero = the top level
using VersionId = sdk::OpId;  // the op that saved the version
inline constexpr ItemId kTopLevel{};
inline constexpr std::int64_t kTrashRetentionMs = 30ll * 24 * 60 * 60 * 1000;

// Total order of operations: (Lamport, author device).
struct Stamp {
    std::uint64_t lamport = 0;
    sdk::DeviceId device{};
    auto operator<=>(const Stamp&) const = default;
};

struct FileVersion {
    VersionId id{};
    ItemId item{};     // the file it was saved to
    VersionId base{};  // the version it was edited from (zero for a file's first version)
    sdk::BlobManifest content;
    sdk::IdentityId author{};
    std::string author_name;
    std::int64_t wall_time_ms = 0;
    Stamp stamp;
};

// An item as shown: where it is, under which name, whether it is in the trash.
struct Entry {
    ItemId id{};
    bool folder = false;
    ItemId parent{};
    std::string name;      // unique within the folder (numbered when names collide)
    bool trashed = false;  // itself or a folder above it
    std::int64_t trashed_at_ms = 0;
    const FileVersion* current = nullptr;  // files: the current version
    std::optional<ItemId> conflict_of;     // set for a conflict copy: the file it split from
};

class FilesState {
public:
    // Decodes a grove.tools.files.v1.FilesOp and applies it. Errors are deterministic
    // rejections (malformed, unknown target, a guest's operation): nothing changes. An
    // operation kind this version does not know is accepted with no effect.
    Result<void> apply(const sdk::Operation& operation);

    // Visible (not trashed) children of a folder: folders first, then by name.
    std::vector<Entry> list(const ItemId& folder = kTopLevel) const;
    std::optional<Entry> entry(const ItemId& item) const;
    // Every version saved to the file, newest first.
    std::vector<const FileVersion*> versions(const ItemId& file) const;
    // Items put in the trash themselves (not those under a trashed folder), newest first.
    std::vector<Entry> trash() const;
    // Items put in the trash themselves at least 30 days before `now_ms` (due for purging).
    std::vector<ItemId> expired_trash(std::int64_t now_ms) const;
    // "Reports/2026/summary.txt"
    std::string path(const ItemId& item) const;
    // Versions whose content must be kept: every version of every item not purged.
    std::vector<const FileVersion*> live_versions() const;
    const FileVersion* version(const VersionId& id) const;
    std::size_t item_count() const;
    // How many purges were applied (a change means versions may have stopped being live).
    std::size_t purge_count() const { return purges_; }
    // Equal exactly when the visible state (tree, names, versions, trash) is equal.
    sdk::Digest digest() const;

private:
    struct Placement {
        ItemId parent{};
        std::string name;
        Stamp stamp;
    };
    struct TrashMark {
        bool trashed = false;
        std::int64_t at_ms = 0;
        Stamp stamp;
    };
    struct Item {
        ItemId id{};
        bool created = false;  // by CreateFolder/CreateFile; false: a conflict copy's record
        bool folder = false;
        std::vector<Placement> placements;  // by stamp, newest first; [last] is the creation's
        std::optional<TrashMark> trash;
        bool purged = false;
    };
    struct Derived {
        std::map<ItemId, Entry> entries;  // every item not purged, conflict copies included
        std::map<ItemId, std::vector<ItemId>> children;
    };

    bool is_folder(const ItemId& id) const;
    // A version saved to another item whose id now names a conflict copy (when it loses).
    bool is_conflict_item(const ItemId& id) const;
    // Whether `id` names an item a move, trash or version may target (a record, or a conflict
    // copy that currently exists).
    bool targetable(const ItemId& id) const;
    Item& record_for(const ItemId& id);
    void place(Item& item, Placement placement);
    // The heads of a file's version graph: versions saved to it that no version saved to it was
    // edited from (for a conflict copy, its own root version counts until edited).
    std::vector<const FileVersion*> heads(const ItemId& file) const;
    const Derived& derived() const;
    void invalidate() { derived_.reset(); }

    std::map<ItemId, Item> items_;
    std::map<VersionId, FileVersion> versions_;
    std::map<ItemId, std::vector<VersionId>> versions_of_;  // item → its versions
    mutable std::optional<Derived> derived_;
    std::size_t purges_ = 0;
};

}  // namespace grove::tools::files
