#include "filesstate.h"

#include <grove/sdk/crdt/digest.h>

#include <algorithm>
#include <set>

#include "conflictname.h"
#include "grove/tools/files/v1/ops.pb.h"

namespace grove::tools::files {
namespace v1 = grove::tools::files::v1;
namespace {

Stamp stamp_of(const sdk::Operation& op) {
    return {op.lamport, op.author_device};
}

// An id field: empty = the top level, else exactly 32 bytes.
std::optional<ItemId> id_from(const std::string& bytes) {
    ItemId id{};
    if (bytes.empty()) return id;
    if (bytes.size() != id.size()) return std::nullopt;
    std::copy(bytes.begin(), bytes.end(), id.begin());
    return id;
}

Result<sdk::BlobManifest> manifest_from(const v1::Version& version) {
    sdk::BlobManifest manifest;
    manifest.size = version.size();
    std::uint64_t total = 0;
    for (const v1::Chunk& chunk : version.chunks()) {
        sdk::BlobChunk c;
        if (chunk.id().size() != c.id.size())
            return make_error(ErrorCode::InvalidArgument, "a chunk id is 32 bytes");
        std::copy(chunk.id().begin(), chunk.id().end(), c.id.begin());
        if (chunk.size() == 0 || chunk.size() > sdk::BlobStore::kMaxChunkSize)
            return make_error(ErrorCode::InvalidArgument, "a chunk is 1 byte to 4 MiB");
        c.size = chunk.size();
        total += c.size;
        manifest.chunks.push_back(c);
    }
    if (total != manifest.size)
        return make_error(ErrorCode::InvalidArgument, "the chunks do not add up to the size");
    if (version.author_name().size() > kMaxNameBytes)
        return make_error(ErrorCode::InvalidArgument, "author name too long");
    return manifest;
}

}  // namespace

bool FilesState::is_folder(const ItemId& id) const {
    auto it = items_.find(id);
    return it != items_.end() && it->second.created && it->second.folder;
}

bool FilesState::is_conflict_item(const ItemId& id) const {
    auto it = versions_.find(id);
    return it != versions_.end() && it->second.item != id;
}

bool FilesState::targetable(const ItemId& id) const {
    if (id == kTopLevel) return false;
    auto it = items_.find(id);
    return (it != items_.end() && it->second.created) || is_conflict_item(id);
}

FilesState::Item& FilesState::record_for(const ItemId& id) {
    auto [it, inserted] = items_.try_emplace(id);
    if (inserted) it->second.id = id;
    return it->second;
}

void FilesState::place(Item& item, Placement placement) {
    auto at = std::find_if(item.placements.begin(), item.placements.end(),
                           [&](const Placement& p) { return p.stamp < placement.stamp; });
    item.placements.insert(at, std::move(placement));
}

Result<void> FilesState::apply(const sdk::Operation& operation) {
    v1::FilesOp op;
    if (!op.ParseFromArray(operation.payload.data(), static_cast<int>(operation.payload.size())))
        return make_error(ErrorCode::InvalidArgument, "not a Files operation");
    if (operation.author_role == sdk::Role::Guest)
        return make_error(ErrorCode::PermissionDenied, "guests cannot change files");
    const Stamp stamp = stamp_of(operation);
    auto target_of = [&](const std::string& bytes) -> Result<ItemId> {
        auto id = id_from(bytes);
        if (!id || !targetable(*id)) return make_error(ErrorCode::NotFound, "no such item");
        return *id;
    };
    auto parent_of = [&](const std::string& bytes) -> Result<ItemId> {
        auto id = id_from(bytes);
        if (!id || (*id != kTopLevel && !is_folder(*id)))
            return make_error(ErrorCode::NotFound, "no such folder");
        return *id;
    };
    auto add_version = [&](const ItemId& item, const VersionId& base,
                           const v1::Version& version) -> Result<void> {
        auto manifest = manifest_from(version);
        if (!manifest) return manifest.error();
        FileVersion v{operation.id,
                      item,
                      base,
                      std::move(*manifest),
                      operation.author_identity,
                      version.author_name(),
                      operation.wall_time_ms,
                      stamp};
        versions_.emplace(v.id, std::move(v));
        versions_of_[item].push_back(operation.id);
        return {};
    };

    switch (op.op_case()) {
        case v1::FilesOp::kCreateFolder:
        case v1::FilesOp::kCreateFile: {
            const bool folder = op.op_case() == v1::FilesOp::kCreateFolder;
            const std::string& parent_bytes =
                folder ? op.create_folder().parent() : op.create_file().parent();
            const std::string& name = folder ? op.create_folder().name() : op.create_file().name();
            auto parent = parent_of(parent_bytes);
            if (!parent) return parent.error();
            GROVE_TRY(check_name(name));
            if (items_.count(operation.id) || versions_.count(operation.id))
                return make_error(ErrorCode::AlreadyExists, "item already created");
            if (!folder) {
                if (!op.create_file().has_version())
                    return make_error(ErrorCode::InvalidArgument, "a file needs its content");
                GROVE_TRY(add_version(operation.id, {}, op.create_file().version()));
            }
            Item& item = record_for(operation.id);
            item.created = true;
            item.folder = folder;
            place(item, {*parent, name, stamp});
            break;
        }
        case v1::FilesOp::kSaveVersion: {
            auto item = target_of(op.save_version().item());
            if (!item) return item.error();
            if (is_folder(*item)) return make_error(ErrorCode::InvalidArgument, "a folder");
            auto base = id_from(op.save_version().base());
            auto known = base ? versions_.find(*base) : versions_.end();
            const bool base_ok =
                known != versions_.end() &&
                (known->second.item == *item || (is_conflict_item(*item) && *base == *item));
            if (!base_ok) return make_error(ErrorCode::NotFound, "no such version of this file");
            if (versions_.count(operation.id))
                return make_error(ErrorCode::AlreadyExists, "version already saved");
            GROVE_TRY(add_version(*item, *base, op.save_version().version()));
            break;
        }
        case v1::FilesOp::kMove: {
            auto item = target_of(op.move().item());
            if (!item) return item.error();
            auto parent = parent_of(op.move().parent());
            if (!parent) return parent.error();
            if (*parent == *item) return make_error(ErrorCode::InvalidArgument, "into itself");
            GROVE_TRY(check_name(op.move().name()));
            place(record_for(*item), {*parent, op.move().name(), stamp});
            break;
        }
        case v1::FilesOp::kTrash:
        case v1::FilesOp::kRestore: {
            const bool trashed = op.op_case() == v1::FilesOp::kTrash;
            auto item = target_of(trashed ? op.trash().item() : op.restore().item());
            if (!item) return item.error();
            Item& record = record_for(*item);
            if (!record.trash || record.trash->stamp < stamp)
                record.trash = TrashMark{trashed, operation.wall_time_ms, stamp};
            break;
        }
        case v1::FilesOp::kPurge: {
            auto item = target_of(op.purge().item());
            if (!item) return item.error();
            record_for(*item).purged = true;
            ++purges_;
            break;
        }
        case v1::FilesOp::OP_NOT_SET:
            return {};  // a kind this version does not know
    }
    invalidate();
    return {};
}

std::vector<const FileVersion*> FilesState::heads(const ItemId& file) const {
    std::vector<const FileVersion*> nodes;
    if (is_conflict_item(file)) nodes.push_back(&versions_.at(file));
    if (auto it = versions_of_.find(file); it != versions_of_.end())
        for (const VersionId& id : it->second) nodes.push_back(&versions_.at(id));
    std::set<VersionId> bases;
    for (const FileVersion* v : nodes)
        if (v->id != file || !is_conflict_item(file)) bases.insert(v->base);
    std::vector<const FileVersion*> out;
    for (const FileVersion* v : nodes)
        if (!bases.count(v->id)) out.push_back(v);
    return out;
}

const FilesState::Derived& FilesState::derived() const {
    if (derived_) return *derived_;
    Derived d;
    // 1. Every item with its candidate placements (newest first; the creation's last), its
    //    current version and, for conflict copies, the file it split from.
    struct Candidate {
        std::vector<Placement> placements;
        std::size_t chosen = 0;
        Stamp created;
    };
    std::map<ItemId, Candidate> candidates;
    std::vector<ItemId> files;
    for (const auto& [id, item] : items_) {
        if (!item.created || item.purged) continue;
        Entry e;
        e.id = id;
        e.folder = item.folder;
        d.entries.emplace(id, e);
        candidates[id] = {item.placements, 0, item.placements.back().stamp};
        if (!item.folder) files.push_back(id);
    }
    // Conflict copies: each head of a file's version graph but the newest, recursively (a
    // conflict copy edited apart on two devices splits again).
    std::set<ItemId> conflict_items;
    for (const auto& [id, v] : versions_)
        if (v.item != id && items_.count(id) && conflict_items.insert(id).second)
            files.push_back(id);  // targeted by a move, trash or version: exists from then on
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto h = heads(files[i]);
        std::sort(h.begin(), h.end(),
                  [](const FileVersion* a, const FileVersion* b) { return b->stamp < a->stamp; });
        for (std::size_t k = 1; k < h.size(); ++k)
            if (conflict_items.insert(h[k]->id).second) files.push_back(h[k]->id);
    }
    for (const ItemId& id : conflict_items) {
        auto rec = items_.find(id);
        if (rec != items_.end() && rec->second.purged) continue;
        const FileVersion& root = versions_.at(id);
        const ItemId& origin = root.item;
        // The copy starts beside the file it split from, as the file was placed then (the
        // file's newest placement not newer than the conflicting version).
        Placement start{kTopLevel, "conflicted copy", root.stamp};
        std::string origin_name = "file";
        if (auto o = items_.find(origin); o != items_.end() && !o->second.placements.empty()) {
            start.parent = o->second.placements.back().parent;
            origin_name = o->second.placements.back().name;
            for (const Placement& p : o->second.placements)
                if (p.stamp < root.stamp) {
                    start.parent = p.parent;
                    origin_name = p.name;
                    break;
                }
        }
        start.name = conflict_copy_name(origin_name, root.author_name, root.wall_time_ms);
        Candidate c;
        if (rec != items_.end()) c.placements = rec->second.placements;
        c.placements.push_back(start);
        c.created = root.stamp;
        candidates[id] = std::move(c);
        Entry e;
        e.id = id;
        e.conflict_of = origin;
        d.entries.emplace(id, e);
    }
    // 2. Effective parents: the newest placement, unless it puts a folder inside itself or under
    //    a purged folder; then that item falls back to its previous placement (the newest move of
    //    a cycle falls back first). An item with no placement left went with a purged folder.
    auto parent_ok = [&](const ItemId& p) { return p == kTopLevel || d.entries.count(p); };
    auto chosen = [](const Candidate& c) -> const Placement& { return c.placements[c.chosen]; };
    for (bool changed = true; changed;) {
        changed = false;
        for (auto it = candidates.begin(); it != candidates.end();) {
            Candidate& c = it->second;
            while (c.chosen + 1 < c.placements.size() && !parent_ok(chosen(c).parent)) {
                ++c.chosen;
                changed = true;
            }
            if (!parent_ok(chosen(c).parent)) {
                d.entries.erase(it->first);
                it = candidates.erase(it);
                changed = true;
            } else {
                ++it;
            }
        }
        if (changed) continue;
        for (auto& [id, c] : candidates) {
            std::vector<ItemId> chain{id};
            ItemId at = chosen(c).parent;
            while (at != kTopLevel && std::find(chain.begin(), chain.end(), at) == chain.end()) {
                chain.push_back(at);
                at = chosen(candidates.at(at)).parent;
            }
            if (at == kTopLevel) continue;
            auto first = std::find(chain.begin(), chain.end(), at);
            ItemId newest = *first;
            for (auto member = first; member != chain.end(); ++member)
                if (chosen(candidates.at(newest)).stamp < chosen(candidates.at(*member)).stamp)
                    newest = *member;
            Candidate& fallback = candidates.at(newest);
            if (fallback.chosen + 1 < fallback.placements.size()) {
                ++fallback.chosen;
                changed = true;
            }
            break;
        }
    }
    for (auto& [id, e] : d.entries) {
        const Candidate& c = candidates.at(id);
        e.parent = c.placements[c.chosen].parent;
        e.name = c.placements[c.chosen].name;
        if (!e.folder) {
            auto h = heads(id);
            const FileVersion* best = nullptr;
            for (const FileVersion* v : h)
                if (!best || best->stamp < v->stamp) best = v;
            e.current = best;
        }
    }
    // 3. Trash: an item's own mark, or the nearest trashed folder above it.
    for (auto& [id, e] : d.entries) {
        std::set<ItemId> seen;
        for (ItemId at = id; at != kTopLevel && seen.insert(at).second;) {
            auto rec = items_.find(at);
            if (rec != items_.end() && rec->second.trash && rec->second.trash->trashed) {
                e.trashed = true;
                e.trashed_at_ms = rec->second.trash->at_ms;
                break;
            }
            auto up = d.entries.find(at);
            if (up == d.entries.end()) break;
            at = up->second.parent;
        }
    }
    // 4. Names: among a folder's visible children sharing a name, the earliest created keeps it,
    //    the others are numbered "(2)", "(3)"… in creation order.
    std::map<std::pair<ItemId, std::string>, std::vector<ItemId>> same_name;
    for (auto& [id, e] : d.entries) {
        d.children[e.parent].push_back(id);
        if (!e.trashed) same_name[{e.parent, e.name}].push_back(id);
    }
    for (auto& [key, ids] : same_name) {
        if (ids.size() < 2) continue;
        std::sort(ids.begin(), ids.end(), [&](const ItemId& a, const ItemId& b) {
            return candidates.at(a).created < candidates.at(b).created;
        });
        for (std::size_t k = 1; k < ids.size(); ++k)
            d.entries.at(ids[k]).name = numbered_name(key.second, static_cast<int>(k + 1));
    }
    derived_ = std::move(d);
    return *derived_;
}

std::vector<Entry> FilesState::list(const ItemId& folder) const {
    const Derived& d = derived();
    std::vector<Entry> out;
    auto it = d.children.find(folder);
    if (it == d.children.end()) return out;
    for (const ItemId& id : it->second) {
        const Entry& e = d.entries.at(id);
        if (!e.trashed) out.push_back(e);
    }
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
        if (a.folder != b.folder) return a.folder;
        if (a.name != b.name) return a.name < b.name;
        return a.id < b.id;
    });
    return out;
}

std::optional<Entry> FilesState::entry(const ItemId& item) const {
    const Derived& d = derived();
    auto it = d.entries.find(item);
    if (it == d.entries.end()) return std::nullopt;
    return it->second;
}

std::vector<const FileVersion*> FilesState::versions(const ItemId& file) const {
    std::vector<const FileVersion*> out;
    if (is_conflict_item(file)) out.push_back(&versions_.at(file));
    if (auto it = versions_of_.find(file); it != versions_of_.end())
        for (const VersionId& id : it->second) out.push_back(&versions_.at(id));
    std::sort(out.begin(), out.end(),
              [](const FileVersion* a, const FileVersion* b) { return b->stamp < a->stamp; });
    return out;
}

std::vector<Entry> FilesState::trash() const {
    std::vector<Entry> out;
    for (const auto& [id, e] : derived().entries) {
        auto rec = items_.find(id);
        if (rec != items_.end() && rec->second.trash && rec->second.trash->trashed)
            out.push_back(e);
    }
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
        if (a.trashed_at_ms != b.trashed_at_ms) return a.trashed_at_ms > b.trashed_at_ms;
        return a.id < b.id;
    });
    return out;
}

std::vector<ItemId> FilesState::expired_trash(std::int64_t now_ms) const {
    std::vector<ItemId> out;
    for (const Entry& e : trash())
        if (e.trashed_at_ms + kTrashRetentionMs <= now_ms) out.push_back(e.id);
    return out;
}

std::string FilesState::path(const ItemId& item) const {
    const Derived& d = derived();
    std::string out;
    std::set<ItemId> seen;
    for (ItemId at = item; at != kTopLevel && seen.insert(at).second;) {
        auto it = d.entries.find(at);
        if (it == d.entries.end()) break;
        out = out.empty() ? it->second.name : it->second.name + "/" + out;
        at = it->second.parent;
    }
    return out;
}

const FileVersion* FilesState::version(const VersionId& id) const {
    auto it = versions_.find(id);
    return it == versions_.end() ? nullptr : &it->second;
}

std::vector<const FileVersion*> FilesState::live_versions() const {
    const Derived& d = derived();
    std::vector<const FileVersion*> out;
    for (const auto& [id, v] : versions_)
        if (d.entries.count(v.item) || d.entries.count(id)) out.push_back(&v);
    return out;
}

std::size_t FilesState::item_count() const {
    return derived().entries.size();
}

sdk::Digest FilesState::digest() const {
    sdk::crdt::Hasher256 hasher;
    auto put = [&](const void* data, std::size_t size) {
        std::uint64_t n = size;
        hasher.update(&n, sizeof n);
        hasher.update(data, size);
    };
    for (const auto& [id, e] : derived().entries) {
        put(id.data(), id.size());
        put(e.parent.data(), e.parent.size());
        put(e.name.data(), e.name.size());
        std::uint8_t flags = (e.folder ? 1 : 0) | (e.trashed ? 2 : 0) | (e.conflict_of ? 4 : 0);
        put(&flags, 1);
        put(&e.trashed_at_ms, sizeof e.trashed_at_ms);
        if (e.current) put(e.current->id.data(), e.current->id.size());
    }
    for (const auto& [id, v] : versions_) {
        put(id.data(), id.size());
        put(v.item.data(), v.item.size());
        put(v.base.data(), v.base.size());
        put(&v.content.size, sizeof v.content.size);
        for (const auto& c : v.content.chunks) put(c.id.data(), c.id.size());
    }
    auto digest = hasher.finish();
    sdk::Digest out{};
    std::copy(digest.begin(), digest.end(), out.begin());
    return out;
}

}  // namespace grove::tools::files
