#include "calls/call_keys.h"

#include "crypto/primitives.h"

namespace grove::platform::calls {

crypto::SymmetricKey derive_call_key(const crypto::SymmetricKey& epoch_key, const SpaceId& space,
                                     std::uint32_t epoch) {
    Bytes input = to_bytes("grove.call.v1");
    append(input, space);
    append_u32le(input, epoch);
    return crypto::symmetric_key_from(crypto::keyed_hash(epoch_key, input));
}

CallKeys::CallKeys(std::shared_ptr<const blob::EpochKeySource> source, SpaceId space)
    : source_(std::move(source)), space_(space) {}

Result<std::shared_ptr<const crypto::SymmetricKey>> CallKeys::for_epoch(std::uint32_t epoch) const {
    auto epoch_key = source_->epoch_key(epoch);
    if (!epoch_key)
        return make_error(ErrorCode::FailedPrecondition,
                          "this device does not hold the key of epoch " + std::to_string(epoch));
    std::lock_guard lock(mutex_);
    auto it = cache_.find(epoch);
    if (it != cache_.end()) return it->second;
    auto key =
        std::make_shared<const crypto::SymmetricKey>(derive_call_key(*epoch_key, space_, epoch));
    cache_.emplace(epoch, key);
    return key;
}

}  // namespace grove::platform::calls
