// BlobStore: content-addressed storage for large content (files, images), chunk by chunk.
// Operations carry chunk ids (or a BlobManifest); bytes move separately, verified by id.
#pragma once

#include <grove/sdk/result.h>
#include <grove/sdk/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace grove::sdk {

// A chunk's name: BLAKE2b-256 of the chunk's plaintext, keyed with a secret of the space derived
// from its epoch key (so ids reveal nothing to whoever lacks the key). The same bytes stored in one
// epoch get the same id on every member's device.
using BlobId = std::array<std::uint8_t, 32>;

// Bytes done out of total (total is 0 when not known in advance).
struct BlobProgress {
    std::uint64_t done = 0;
    std::uint64_t total = 0;
};
using BlobProgressFn = std::function<void(const BlobProgress&)>;

// One chunk of a blob, in order.
struct BlobChunk {
    BlobId id{};
    std::uint32_t size = 0;  // plaintext bytes
};

// A whole blob (a file's content): its chunks in order. A tool stores it in an operation.
struct BlobManifest {
    std::uint64_t size = 0;
    std::vector<BlobChunk> chunks;
};

// Fills `buffer` with the next bytes of the content; returns how many (0 at the end).
using BlobSource = std::function<Result<std::size_t>(std::span<std::uint8_t> buffer)>;
// Receives the content in order, one chunk at a time.
using BlobSink = std::function<Result<void>(ByteView bytes)>;

// A tool stores a large file with write() (or chunk by chunk with put(), chunks of at most
// kMaxChunkSize) and submits an operation naming the manifest; a peer that needs the content reads
// it. Chunks are encrypted at rest and in transit by the platform.
class BlobStore {
public:
    static constexpr std::size_t kMaxChunkSize = 4 * 1024 * 1024;

    virtual ~BlobStore() = default;

    // Stores a chunk locally and returns its id; storing the same bytes twice is a no-op.
    // InvalidArgument when larger than kMaxChunkSize.
    virtual Result<BlobId> put(ByteView chunk) = 0;
    // Whether the chunk is held locally.
    virtual bool contains(const BlobId& id) const = 0;
    // The chunk's bytes if held locally, NotFound otherwise.
    virtual Result<Bytes> get(const BlobId& id) const = 0;
    // Gets the chunk from local storage or from peers that hold it, verifying it against its id.
    // `done` runs exactly once, on the host thread (possibly before fetch returns); Unavailable
    // when no reachable peer holds it.
    virtual void fetch(const BlobId& id, std::function<void(Result<Bytes>)> done) = 0;

    // ---- added in SDK ABI 2 (appended: tools built for ABI 1 keep working) ---------------------

    // Streams `source` into chunks (never the whole content in memory) and returns the manifest.
    // `progress` (may be empty) is called after each chunk with bytes stored out of `total_hint`.
    // ResourceExhausted when the disk is full (nothing half-written is left behind).
    virtual Result<BlobManifest> write(const BlobSource& source, std::uint64_t total_hint,
                                       const BlobProgressFn& progress) {
        BlobManifest manifest;
        std::vector<std::uint8_t> buffer(kDefaultWriteChunk);
        for (;;) {
            std::size_t filled = 0;
            while (filled < buffer.size()) {
                auto got = source(std::span(buffer).subspan(filled));
                if (!got) return got.error();
                if (*got == 0) break;
                filled += *got;
            }
            if (filled == 0) break;
            auto id = put(ByteView(buffer.data(), filled));
            if (!id) return id.error();
            manifest.chunks.push_back({*id, static_cast<std::uint32_t>(filled)});
            manifest.size += filled;
            if (progress) progress({manifest.size, total_hint});
            if (filled < buffer.size()) break;
        }
        return manifest;
    }
    // Streams the blob's bytes to `sink` in order, each chunk verified against its id. NotFound
    // when a chunk is not held locally; DataLoss when a chunk does not match the manifest.
    virtual Result<void> read(const BlobManifest& manifest, const BlobSink& sink,
                              const BlobProgressFn& progress) {
        BlobProgress done{0, manifest.size};
        for (const BlobChunk& chunk : manifest.chunks) {
            auto bytes = get(chunk.id);
            if (!bytes) return bytes.error();
            if (bytes->size() != chunk.size)
                return make_error(ErrorCode::DataLoss, "chunk size differs from the manifest");
            auto sunk = sink(*bytes);
            if (!sunk) return sunk;
            done.done += chunk.size;
            if (progress) progress(done);
        }
        return {};
    }
    // Records that `holder` (a stable name the tool chooses, e.g. a version's op id in hex; not
    // content) refers to `ids`. Idempotent. Chunks no holder refers to are garbage collected.
    virtual Result<void> retain(std::string_view holder, const std::vector<BlobId>& ids) {
        (void)holder;
        (void)ids;
        return {};
    }
    // Drops every reference `holder` made.
    virtual Result<void> release(std::string_view holder) {
        (void)holder;
        return {};
    }
    // Keeps the chunks `holder` refers to on this device ("keep offline"): never evicted from the
    // cache. false returns them to the cache's least-recently-used policy.
    virtual Result<void> keep_offline(std::string_view holder, bool keep) {
        (void)holder;
        (void)keep;
        return {};
    }

protected:
    static constexpr std::size_t kDefaultWriteChunk = 1024 * 1024;
};

}  // namespace grove::sdk
