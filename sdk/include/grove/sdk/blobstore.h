// BlobStore: content-addressed storage for large content (files, images), chunk by chunk.
// Operations carry chunk ids; bytes move separately, fetched on demand and verified by id.
#pragma once

#include <grove/sdk/result.h>
#include <grove/sdk/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace grove::sdk {

// BLAKE2b-256 of the chunk's bytes.
using BlobId = std::array<std::uint8_t, 32>;

// A tool stores a large file as chunks of at most kMaxChunkSize and submits an operation naming
// the chunk ids in order; a peer that needs the content fetches the chunks it lacks. Chunks are
// encrypted at rest and in transit by the platform; the id is of the plaintext.
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
};

}  // namespace grove::sdk
