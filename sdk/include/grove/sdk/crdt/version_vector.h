// VersionVector: the highest Lamport time applied from each replica; under causal (per-sender FIFO)
// delivery it recognises a re-delivered op exactly, which makes applying an op idempotent.
#pragma once

#include <cstdint>
#include <map>

#include "grove/sdk/crdt/byte_reader.h"
#include "grove/sdk/crdt/byte_writer.h"
#include "grove/sdk/crdt/stamp.h"

namespace grove::sdk::crdt {

class VersionVector {
public:
    bool contains(const Stamp& stamp) const {
        auto it = latest_.find(stamp.replica);
        return it != latest_.end() && stamp.lamport <= it->second;
    }
    void record(const Stamp& stamp) {
        std::uint64_t& latest = latest_[stamp.replica];
        if (stamp.lamport > latest) latest = stamp.lamport;
    }
    std::uint64_t max_lamport() const {
        std::uint64_t max = 0;
        for (const auto& [replica, lamport] : latest_) max = lamport > max ? lamport : max;
        return max;
    }
    const std::map<ReplicaId, std::uint64_t>& entries() const { return latest_; }
    friend bool operator==(const VersionVector&, const VersionVector&) = default;

    void write(ByteWriter& out) const {
        out.varint(latest_.size());
        for (const auto& [replica, lamport] : latest_) write_stamp(out, Stamp{lamport, replica});
    }
    // Entries must be strictly increasing by replica (the canonical form write() produces).
    bool read(ByteReader& in) {
        latest_.clear();
        std::uint64_t count = 0;
        if (!in.count(count, kMinStampBytes)) return false;
        for (std::uint64_t i = 0; i < count; ++i) {
            Stamp stamp;
            if (!read_stamp(in, stamp)) return false;
            if (!latest_.empty() && !(latest_.rbegin()->first < stamp.replica))
                return in.fail(ErrorCode::InvalidArgument, "version vector not sorted");
            latest_.emplace_hint(latest_.end(), stamp.replica, stamp.lamport);
        }
        return true;
    }

private:
    std::map<ReplicaId, std::uint64_t> latest_;
};

}  // namespace grove::sdk::crdt
