// MemoryBlobStore: an in-memory, content-addressed sdk::BlobStore (BLAKE2b-256 ids) the host
// gives tools while the core has no persistent, replicated blob store of its own.
#pragma once

#include <grove/sdk/blobstore.h>

#include <map>
#include <mutex>

namespace grove::platform {

class MemoryBlobStore final : public sdk::BlobStore {
public:
    static sdk::BlobId id_of(sdk::ByteView chunk);

    Result<sdk::BlobId> put(sdk::ByteView chunk) override;
    bool contains(const sdk::BlobId& id) const override;
    Result<sdk::Bytes> get(const sdk::BlobId& id) const override;
    // Local only: Unavailable when not held (there are no peers to ask).
    void fetch(const sdk::BlobId& id, std::function<void(Result<sdk::Bytes>)> done) override;

    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::map<sdk::BlobId, sdk::Bytes> chunks_;
};

}  // namespace grove::platform
