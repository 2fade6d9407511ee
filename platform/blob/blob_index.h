// BlobIndex: what a space's blob store knows about its chunks besides their bytes — size, origin,
// when stored, recency of use — plus which holders refer to which chunks and which are kept
// offline. One SQLite file next to the chunks; the chunk files stay the truth about presence.
#pragma once

#include <grove/sdk/blobstore.h>
#include <grove/sdk/result.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace grove::platform::blob {

// Chunks written on this device are its own until the content is dropped; chunks fetched from
// elsewhere may be evicted from the cache and fetched again.
enum class ChunkOrigin : int { Local = 0, Fetched = 1 };

struct ChunkRow {
    sdk::BlobId id{};
    std::uint64_t size = 0;  // bytes on disk (sealed)
    ChunkOrigin origin = ChunkOrigin::Local;
    std::int64_t stored_at_ms = 0;
};

class BlobIndex {
public:
    static Result<std::unique_ptr<BlobIndex>> open(const std::filesystem::path& file);

    // Records chunks present on disk. For one already recorded, a Local origin wins over Fetched
    // and the later stored_at is kept (a chunk stored again is young again for the collector).
    Result<void> add(const std::vector<ChunkRow>& rows);
    Result<void> erase(const sdk::BlobId& id);
    std::optional<ChunkRow> find(const sdk::BlobId& id);
    std::vector<ChunkRow> all();
    // Chunks written on this device (what it offers to relays).
    std::vector<ChunkRow> local();

    // Marks a use (for least-recently-used eviction); kept in memory until the next flush.
    void touch(const sdk::BlobId& id);
    Result<void> flush_uses();

    Result<void> retain(ByteView holder, const std::vector<sdk::BlobId>& ids);
    Result<void> release(ByteView holder);
    Result<void> set_pinned(ByteView holder, bool pinned);
    // How many holders refer to the chunk.
    std::int64_t reference_count(const sdk::BlobId& id);
    // Chunks some holder refers to that are not held (to fetch).
    std::vector<sdk::BlobId> missing(ByteView holder);

    // Held chunks no holder refers to, stored at or before `stored_before_ms`.
    std::vector<ChunkRow> unreferenced(std::int64_t stored_before_ms);
    // Held Fetched chunks that no pinned holder refers to, least recently used first.
    std::vector<ChunkRow> evictable();
    std::uint64_t total_size();

private:
    explicit BlobIndex(std::unique_ptr<store::Database> db) : db_(std::move(db)) {}
    std::vector<ChunkRow> rows(const std::string& sql, std::optional<std::int64_t> bind = {});

    std::mutex mutex_;
    std::unique_ptr<store::Database> db_;
    std::int64_t use_counter_ = 0;
    std::map<sdk::BlobId, std::int64_t> pending_uses_;
};

}  // namespace grove::platform::blob
