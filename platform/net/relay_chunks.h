// RelayChunkStore: the sealed chunks a relay holds for its spaces' member devices — one atomic file
// per chunk (as members store them), a SQLite index with per-space quota and retention. Holds no
// key.
#pragma once

#include <grove/sdk/blobstore.h>
#include <grove/sdk/result.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "blob/chunk_files.h"
#include "core/delta_envelope.h"  // SpaceId
#include "store/database.h"

namespace grove::platform::net {

struct RelayChunkLimits {
    // Sealed chunk bytes held for one space, and for all spaces together.
    std::uint64_t space_quota_bytes = 16ull << 30;
    std::uint64_t total_quota_bytes = 256ull << 30;
    // A chunk is dropped this long after it was stored (its author's devices store it again
    // when they find it missing).
    std::chrono::milliseconds retention = std::chrono::hours(24 * 90);
    // Sealed bytes of chunks being received, over all links (each ≤ 4 MiB); beyond it a put is
    // refused BUSY and sent again later.
    std::uint64_t receiving_bytes = 256ull << 20;
};

struct RelayChunkUsage {
    std::uint64_t chunks = 0;
    std::uint64_t bytes = 0;
};

class RelayChunkStore {
public:
    // Opens (creating) DIR/chunks.db and DIR/chunks/<space hex>/.
    static Result<std::unique_ptr<RelayChunkStore>> open(const std::filesystem::path& dir,
                                                         RelayChunkLimits limits);
    ~RelayChunkStore();

    bool contains(const SpaceId& space, const sdk::BlobId& id);
    // Reserves room for a chunk of `sealed_size` bytes about to arrive for `space` (the receiver
    // releases it once the chunk is stored or given up). ResourceExhausted, saying which quota,
    // when it does not fit; Unavailable when too many bytes are being received at once.
    Result<void> reserve(const SpaceId& space, std::uint64_t sealed_size);
    void release(const SpaceId& space, std::uint64_t sealed_size);
    // Stores a whole sealed chunk durably (idempotent: a chunk held already is kept).
    // The relay cannot verify a chunk against its id (it holds no key): members do, when they
    // fetch it, and a chunk that fails is refetched from another source.
    Result<void> put(const SpaceId& space, const sdk::BlobId& id, ByteView sealed);
    Result<Bytes> read(const SpaceId& space, const sdk::BlobId& id);
    // Drops chunks stored more than the retention before `now_ms`; returns how many.
    Result<std::size_t> expire(std::int64_t now_ms);

    std::map<SpaceId, RelayChunkUsage> usage() const;
    RelayChunkUsage total() const;
    const RelayChunkLimits& limits() const { return limits_; }

    std::atomic<std::uint64_t> refused_quota{0};
    std::atomic<std::uint64_t> refused_not_member{0};

private:
    RelayChunkStore(std::filesystem::path dir, std::unique_ptr<store::Database> db,
                    RelayChunkLimits limits)
        : dir_(std::move(dir)), db_(std::move(db)), limits_(limits) {}
    Result<void> load();
    Result<blob::ChunkFiles*> files(const SpaceId& space);

    std::filesystem::path dir_;
    mutable std::mutex mutex_;  // everything below
    std::unique_ptr<store::Database> db_;
    RelayChunkLimits limits_;
    std::map<SpaceId, std::unique_ptr<blob::ChunkFiles>> files_;
    std::map<SpaceId, RelayChunkUsage> usage_;
    std::map<SpaceId, std::uint64_t> reserved_;
    std::uint64_t total_bytes_ = 0;
    std::uint64_t total_reserved_ = 0;
    std::uint64_t receiving_ = 0;
};

}  // namespace grove::platform::net
