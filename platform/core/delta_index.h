// DeltaIndex: records keyed by a delta id, for the per-delta state a space keeps in memory (its
// log entries, its chat messages) — compact enough for spaces of millions of deltas.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/delta_envelope.h"

namespace grove::platform {

// Records (each with a `DeltaId id` member) are numbered in insertion order and live in fixed
// blocks, so growing never copies them and a record's address never changes; an open-addressing
// table of 32-bit record numbers (linear probing, at most half full) finds them by id. Per record
// that is sizeof(Record) plus 4–8 bytes, against ~80 bytes of node and bucket for a std::
// unordered_map. Records are never removed (deltas are never removed from a space's log).
template <class Record>
class DeltaIndex {
public:
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

    std::size_t size() const { return count_; }

    Record& operator[](std::size_t n) { return blocks_[n >> kShift][n & kMask]; }
    const Record& operator[](std::size_t n) const { return blocks_[n >> kShift][n & kMask]; }

    // The record number of `id`, or kNone.
    std::uint32_t find(const DeltaId& id) const {
        if (slots_.empty()) return kNone;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = slot_of(id) & mask;; i = (i + 1) & mask) {
            std::uint32_t n = slots_[i];
            if (n == kNone || (*this)[n].id == id) return n;
        }
    }
    const Record* get(const DeltaId& id) const {
        std::uint32_t n = find(id);
        return n == kNone ? nullptr : &(*this)[n];
    }
    bool contains(const DeltaId& id) const { return find(id) != kNone; }
    // For ids that must be present (an invariant of the caller): throws std::out_of_range.
    const Record& at(const DeltaId& id) const {
        const Record* r = get(id);
        if (!r) throw std::out_of_range("DeltaIndex::at: unknown delta id");
        return *r;
    }

    // Appends a record whose id is not present yet (check with find) and returns its number;
    // kNone when the index is full (2^32 - 2 records).
    std::uint32_t append(const Record& record) {
        if (count_ >= kNone - 1) return kNone;
        auto n = static_cast<std::uint32_t>(count_);
        if ((count_ & kMask) == 0) blocks_.push_back(std::make_unique<Record[]>(kBlock));
        (*this)[n] = record;
        ++count_;
        if (count_ * 2 > slots_.size())
            rebuild(slots_.empty() ? 64 : slots_.size() * 2);
        else
            place(n);
        return n;
    }

    void clear() {
        blocks_.clear();
        slots_.clear();
        count_ = 0;
    }

private:
    static constexpr std::size_t kShift = 12;
    static constexpr std::size_t kBlock = std::size_t{1} << kShift;
    static constexpr std::size_t kMask = kBlock - 1;

    // Delta ids are BLAKE2b hashes: their first eight bytes are already uniformly distributed.
    static std::uint64_t slot_of(const DeltaId& id) {
        std::uint64_t h = 0;
        std::memcpy(&h, id.data(), sizeof h);
        return h;
    }
    void place(std::uint32_t n) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = slot_of((*this)[n].id) & mask;
        while (slots_[i] != kNone) i = (i + 1) & mask;
        slots_[i] = n;
    }
    void rebuild(std::size_t slot_count) {  // (not "slots": a Qt keyword macro)
        slots_.assign(slot_count, kNone);
        for (std::uint32_t n = 0; n < count_; ++n) place(n);
    }

    std::vector<std::unique_ptr<Record[]>> blocks_;
    std::vector<std::uint32_t> slots_;
    std::size_t count_ = 0;
};

}  // namespace grove::platform
