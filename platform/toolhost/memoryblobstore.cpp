#include "toolhost/memoryblobstore.h"

#include <sodium.h>

namespace grove::platform {

sdk::BlobId MemoryBlobStore::id_of(sdk::ByteView chunk) {
    sdk::BlobId id{};
    crypto_generichash(id.data(), id.size(), chunk.data(), chunk.size(), nullptr, 0);
    return id;
}

Result<sdk::BlobId> MemoryBlobStore::put(sdk::ByteView chunk) {
    if (chunk.size() > kMaxChunkSize)
        return make_error(ErrorCode::InvalidArgument,
                          "chunk larger than " + std::to_string(kMaxChunkSize) + " bytes");
    sdk::BlobId id = id_of(chunk);
    std::lock_guard lock(mutex_);
    chunks_.try_emplace(id, chunk.begin(), chunk.end());
    return id;
}

bool MemoryBlobStore::contains(const sdk::BlobId& id) const {
    std::lock_guard lock(mutex_);
    return chunks_.count(id) != 0;
}

Result<sdk::Bytes> MemoryBlobStore::get(const sdk::BlobId& id) const {
    std::lock_guard lock(mutex_);
    auto it = chunks_.find(id);
    if (it == chunks_.end()) return make_error(ErrorCode::NotFound, "no such chunk here");
    return it->second;
}

void MemoryBlobStore::fetch(const sdk::BlobId& id, std::function<void(Result<sdk::Bytes>)> done) {
    auto chunk = get(id);
    if (!chunk)
        return done(make_error(ErrorCode::Unavailable, "chunk not held and no peer to ask"));
    done(std::move(chunk));
}

std::size_t MemoryBlobStore::size() const {
    std::lock_guard lock(mutex_);
    return chunks_.size();
}

}  // namespace grove::platform
