// SpaceBlobStore: one space's blob layer on this device — chunks sealed under the space's epoch
// keys in ChunkFiles, their bookkeeping in BlobIndex, streaming writes and reads with progress,
// references, "keep offline" pins, garbage collection and the cache limit. Implements
// sdk::BlobStore.
#pragma once

#include <grove/sdk/blobstore.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <shared_mutex>

#include "blob/blob_index.h"
#include "blob/blob_keys.h"
#include "blob/chunk_files.h"

namespace grove::platform::blob {

// Chunks being fetched from other devices for a read (the chunk exchange's transfer).
class PendingChunks {
public:
    virtual ~PendingChunks() = default;
    // Blocks until `id` is held here (then ok), or why it cannot be fetched (Unavailable when no
    // reachable member device holds it, DataLoss when every source served wrong bytes).
    virtual Result<void> wait_for(const sdk::BlobId& id) = 0;
};
// Starts fetching `chunks` (which this device lacks) from other devices.
using ChunkFetcher =
    std::function<std::shared_ptr<PendingChunks>(const std::vector<sdk::BlobChunk>& chunks)>;

class SpaceBlobStore final : public sdk::BlobStore {
public:
    struct Options {
        std::filesystem::path root;  // this space's directory under the profile
        // Chunks fetched from elsewhere and not kept offline are evicted, least recently used
        // first, beyond this many bytes on disk.
        std::uint64_t cache_limit_bytes = 8ull << 30;
        // A chunk no holder refers to survives this long after it was stored (time for the tool
        // to submit the operation that refers to it) before garbage collection removes it.
        std::int64_t gc_grace_ms = 60 * 60 * 1000;
        std::function<std::int64_t()> clock_ms;    // wall clock when empty
        ChunkFiles::WriteFunction write_function;  // ::write when empty (a test seam)
    };
    struct Report {
        std::size_t chunks = 0;
        std::uint64_t bytes = 0;
    };

    static Result<std::unique_ptr<SpaceBlobStore>> open(Options options,
                                                        std::shared_ptr<const EpochKeySource> keys);
    ~SpaceBlobStore() override;

    // ---- sdk::BlobStore ----
    Result<sdk::BlobId> put(sdk::ByteView chunk) override;
    bool contains(const sdk::BlobId& id) const override;
    Result<sdk::Bytes> get(const sdk::BlobId& id) const override;
    // Local chunks only for now: Unavailable when the chunk is not held here.
    void fetch(const sdk::BlobId& id, std::function<void(Result<sdk::Bytes>)> done) override;
    // Content-defined chunks under the current epoch. FailedPrecondition when the space's epoch
    // changed while writing (the caller writes again, under the new key).
    Result<sdk::BlobManifest> write(const sdk::BlobSource& source, std::uint64_t total_hint,
                                    const sdk::BlobProgressFn& progress) override;
    // Chunks not held here are fetched from other devices when a fetcher is set (all of them
    // at once, in parallel; each is awaited in its turn), else NotFound.
    Result<void> read(const sdk::BlobManifest& manifest, const sdk::BlobSink& sink,
                      const sdk::BlobProgressFn& progress) override;
    Result<void> retain(std::string_view holder, const std::vector<sdk::BlobId>& ids) override;
    Result<void> release(std::string_view holder) override;
    Result<void> keep_offline(std::string_view holder, bool keep) override;

    // ---- for transfers ----
    // The chunk as stored (sealed), to serve to another member, who verifies it.
    Result<Bytes> sealed(const sdk::BlobId& id) const;
    // Verifies a sealed chunk received from elsewhere against `id` and stores it as Fetched.
    Result<void> accept_sealed(const sdk::BlobId& id, ByteView sealed);
    // Chunks `holder` refers to that are not held here.
    std::vector<sdk::BlobId> missing(std::string_view holder) const;
    // Where read() gets chunks this device lacks (set once, before reads; the chunk exchange).
    void set_fetcher(ChunkFetcher fetcher) { fetcher_ = std::move(fetcher); }
    // Chunks written on this device (not fetched): what it hands its relays.
    std::vector<sdk::BlobId> local_chunks() const;
    // Called after each write or put that stored chunks (set once, before writes; the chunk
    // exchange offers them to relays).
    void set_on_written(std::function<void()> written) { on_written_ = std::move(written); }

    // ---- policy ----
    std::int64_t reference_count(const sdk::BlobId& id) const;
    // Removes chunks no holder refers to (older than the grace period).
    Result<Report> collect_garbage();
    // Evicts fetched, unpinned chunks, least recently used first, down to the cache limit.
    Result<Report> enforce_cache_limit();
    Report usage() const;

private:
    SpaceBlobStore(Options options, std::shared_ptr<const EpochKeySource> keys,
                   std::unique_ptr<ChunkFiles> files, std::unique_ptr<BlobIndex> index);
    Result<void> reconcile();
    std::int64_t now_ms() const;
    // Reads, opens and verifies one chunk into `plaintext` (buffers reused by streaming reads).
    // A chunk that fails verification is removed (DataLoss): it can be fetched again.
    Result<void> load(const sdk::BlobId& id, Bytes& sealed, Bytes& plaintext) const;
    Result<void> remove_chunk(const sdk::BlobId& id) const;

    Options options_;
    BlobKeys keys_;
    std::unique_ptr<ChunkFiles> files_;
    std::unique_ptr<BlobIndex> index_;
    // Writers share it; collection and eviction take it alone, so a chunk found present by a
    // writer (deduplicated) is not removed before the writer has recorded it again.
    mutable std::shared_mutex removal_mutex_;
    ChunkFetcher fetcher_;
    std::function<void()> on_written_;
};

}  // namespace grove::platform::blob
