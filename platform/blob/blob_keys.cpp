#include "blob/blob_keys.h"

#include <sodium.h>

#include <string>

#include "crypto/primitives.h"

namespace grove::platform::blob {
namespace {

crypto::SymmetricKey derive(const crypto::SymmetricKey& epoch_key, std::string_view label) {
    crypto::Hash out = crypto::keyed_hash(epoch_key, as_bytes(label));
    crypto::SymmetricKey key = crypto::symmetric_key_from(out);
    sodium_memzero(out.data(), out.size());
    return key;
}

}  // namespace

BlobKeys::BlobKeys(std::shared_ptr<const EpochKeySource> source) : source_(std::move(source)) {}

Result<std::shared_ptr<const EpochBlobKeys>> BlobKeys::for_epoch(std::uint32_t epoch) const {
    std::optional<crypto::SymmetricKey> epoch_key = source_->epoch_key(epoch);
    if (!epoch_key) {
        std::lock_guard lock(mutex_);
        cache_.erase(epoch);
        return make_error(ErrorCode::FailedPrecondition,
                          "this device does not hold the key of epoch " + std::to_string(epoch) +
                              " (or the account is locked)");
    }
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(epoch);
        if (it != cache_.end() && it->second.epoch_key.equals(*epoch_key)) return it->second.keys;
    }
    auto keys = std::make_shared<EpochBlobKeys>();
    keys->epoch = epoch;
    keys->seal = derive(*epoch_key, "grove.blob.seal.v1");
    keys->name = derive(*epoch_key, "grove.blob.name.v1");
    crypto::SymmetricKey gear_key = derive(*epoch_key, "grove.blob.gear.v1");
    // 256 pseudo-random 64-bit values: one BLAKE2b-512 output keyed by the gear key gives 8, so
    // 32 outputs over a counter fill the table.
    for (std::uint32_t block = 0; block < 32; ++block) {
        std::array<std::uint8_t, 64> out{};
        std::array<std::uint8_t, 4> counter{static_cast<std::uint8_t>(block), 0, 0, 0};
        crypto_generichash(out.data(), out.size(), counter.data(), counter.size(), gear_key.data(),
                           gear_key.kSize);
        for (int i = 0; i < 8; ++i) {
            std::uint64_t v = 0;
            for (int b = 0; b < 8; ++b) v |= std::uint64_t(out[i * 8 + b]) << (8 * b);
            keys->gear[block * 8 + i] = v;
        }
    }
    std::lock_guard lock(mutex_);
    std::shared_ptr<const EpochBlobKeys> shared = std::move(keys);
    cache_.insert_or_assign(epoch, Cached{std::move(*epoch_key), shared});
    return shared;
}

sdk::BlobId chunk_id(const EpochBlobKeys& keys, ByteView plaintext) {
    sdk::BlobId id{};
    crypto_generichash(id.data(), id.size(), plaintext.data(), plaintext.size(), keys.name.data(),
                       keys.name.kSize);
    return id;
}

}  // namespace grove::platform::blob
