// PendingBuffer: remote deltas that arrived before their dependencies, held (bounded in count
// and bytes) until the gap is filled. Overflow drops the newest: the sender is asked again.
#pragma once

#include <cstddef>
#include <map>
#include <tuple>
#include <vector>

#include "core/delta_envelope.h"

namespace grove::platform {

class PendingBuffer {
public:
    static constexpr std::size_t kDefaultMaxDeltas = 100'000;
    static constexpr std::size_t kDefaultMaxBytes = 256u * 1024 * 1024;

    explicit PendingBuffer(std::size_t max_deltas = kDefaultMaxDeltas,
                           std::size_t max_bytes = kDefaultMaxBytes)
        : max_deltas_(max_deltas), max_bytes_(max_bytes) {}

    // Holds `delta` unless already held or the buffer is full (then false: dropped).
    bool add(DecodedDelta delta);
    // Removes and returns everything, in causal-compatible order (Lamport, author, seq).
    std::vector<DecodedDelta> take_all();
    std::size_t size() const { return held_.size(); }
    std::size_t bytes() const { return bytes_; }

private:
    using Key = std::tuple<std::uint64_t, crypto::SignPublicKey, std::uint64_t, DeltaId>;
    std::map<Key, DecodedDelta> held_;
    std::size_t bytes_ = 0;
    std::size_t max_deltas_;
    std::size_t max_bytes_;
};

}  // namespace grove::platform
