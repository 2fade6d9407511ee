// BlobKeys: the per-epoch keys of the blob layer, derived from a space's epoch key — the key that
// seals chunks, the key that names them, and the key that places chunk boundaries.
#pragma once

#include <grove/sdk/blobstore.h>
#include <grove/sdk/result.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "blob/epoch_key_source.h"
#include "crypto/keys.h"

namespace grove::platform::blob {

struct EpochBlobKeys {
    std::uint32_t epoch = 0;
    crypto::SymmetricKey seal;  // XChaCha20-Poly1305 key of chunks sealed in this epoch
    crypto::SymmetricKey name;  // BLAKE2b key naming chunks: id = BLAKE2b-256_name(plaintext)
    std::array<std::uint64_t, 256> gear{};  // content-defined chunking table (see chunker.h)
};

// Derives each epoch's keys (keyed BLAKE2b of the epoch key with a purpose label) and caches
// them; every call asks the source again, so once the source no longer holds a key (the account
// was locked) nothing derived from it is handed out. Thread-safe.
class BlobKeys {
public:
    explicit BlobKeys(std::shared_ptr<const EpochKeySource> source);

    std::uint32_t current_epoch() const { return source_->current_epoch(); }
    // FailedPrecondition when this device does not hold the epoch's key.
    Result<std::shared_ptr<const EpochBlobKeys>> for_epoch(std::uint32_t epoch) const;
    Result<std::shared_ptr<const EpochBlobKeys>> current() const {
        return for_epoch(current_epoch());
    }

private:
    std::shared_ptr<const EpochKeySource> source_;
    mutable std::mutex mutex_;
    struct Cached {
        crypto::SymmetricKey epoch_key;
        std::shared_ptr<const EpochBlobKeys> keys;
    };
    mutable std::map<std::uint32_t, Cached> cache_;
};

// The chunk id of `plaintext` under `keys`.
sdk::BlobId chunk_id(const EpochBlobKeys& keys, ByteView plaintext);

}  // namespace grove::platform::blob
