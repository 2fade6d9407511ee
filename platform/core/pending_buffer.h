// PendingBuffer: remote deltas that arrived before their dependencies, held (bounded in count
// and bytes) until the gap is filled. Overflow drops: the sender is asked again.
//
// Fair among authors (author devices): one author holds at most a quarter of the buffer, and
// authors that are not members in our view of the space (anyone can make an Ed25519 key and
// sign deltas that authenticate against themselves) share one sixteenth. When the buffer is
// full, a member's delta evicts first a non-member's newest delta, else the newest delta of the
// member holding the most — never the delta of an author holding less than it. So a flood from
// one device (or from many made-up ones) cannot evict another member's held deltas, and memory
// stays bounded by the overall limits.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "core/delta_envelope.h"

namespace grove::platform {

class PendingBuffer {
public:
    static constexpr std::size_t kDefaultMaxDeltas = 100'000;
    static constexpr std::size_t kDefaultMaxBytes = 256u * 1024 * 1024;
    static constexpr std::size_t kAuthorShare = 4;      // one author: at most 1/4 of the buffer
    static constexpr std::size_t kStrangerShare = 16;   // all non-members together: 1/16

    explicit PendingBuffer(std::size_t max_deltas = kDefaultMaxDeltas,
                           std::size_t max_bytes = kDefaultMaxBytes)
        : max_deltas_(max_deltas), max_bytes_(max_bytes) {}

    // Holds `delta` unless already held or over its author's quota or the buffer is full and
    // nothing may be evicted for it (then false: dropped). `member`: whether the author is a
    // member device in our current view of the space.
    bool add(DecodedDelta delta, bool member = true);
    // Removes and returns everything, in causal-compatible order (Lamport, author, seq).
    std::vector<DecodedDelta> take_all();
    std::size_t size() const { return held_.size(); }
    std::size_t bytes() const { return bytes_; }
    // How many deltas of `author` are held.
    std::size_t held_by(const crypto::SignPublicKey& author) const;

private:
    using Key = std::tuple<std::uint64_t, crypto::SignPublicKey, std::uint64_t, DeltaId>;
    struct Entry {
        DecodedDelta delta;
        std::size_t size = 0;
        bool member = true;
    };
    struct Author {
        std::set<Key> keys;  // its held deltas, oldest first
        std::size_t bytes = 0;
        bool member = true;
    };
    std::size_t author_max_deltas() const;
    std::size_t author_max_bytes() const;
    std::size_t stranger_max_deltas() const;
    std::size_t stranger_max_bytes() const;
    void erase(Key key);  // by value: callers pass keys that live in the sets it edits
    // Evicts one delta so that an author holding `own` deltas (member or not) can add one:
    // a stranger's newest first (members only), else the newest of the largest holder if it
    // holds more than `own`. False when nothing may be evicted.
    bool evict_for(const crypto::SignPublicKey& author, std::size_t own, bool member);

    std::map<Key, Entry> held_;
    std::map<crypto::SignPublicKey, Author> authors_;
    std::set<std::pair<std::size_t, crypto::SignPublicKey>> by_count_;  // (held, author)
    std::size_t bytes_ = 0;
    std::size_t stranger_deltas_ = 0;
    std::size_t stranger_bytes_ = 0;
    std::size_t max_deltas_;
    std::size_t max_bytes_;
};

}  // namespace grove::platform
