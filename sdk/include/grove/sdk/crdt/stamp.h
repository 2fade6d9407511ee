// Stamp: a Lamport timestamp paired with the issuing replica, unique per op and totally ordered by
// (lamport, replica); it identifies ops and decides last-writer-wins conflicts.
#pragma once

#include <compare>
#include <cstdint>

#include "grove/sdk/crdt/byte_reader.h"
#include "grove/sdk/crdt/byte_writer.h"
#include "grove/sdk/crdt/replica_id.h"

namespace grove::sdk::crdt {

struct Stamp {
    std::uint64_t lamport = 0;  // 0 is never issued: it means "no stamp yet"
    ReplicaId replica;

    friend auto operator<=>(const Stamp&, const Stamp&) = default;
};

inline void write_stamp(ByteWriter& out, const Stamp& stamp) {
    out.varint(stamp.lamport);
    out.fixed64(stamp.replica.value);
}

inline bool read_stamp(ByteReader& in, Stamp& stamp) {
    if (!in.varint(stamp.lamport) || !in.fixed64(stamp.replica.value)) return false;
    if (stamp.lamport == 0) return in.fail(ErrorCode::InvalidArgument, "stamp with lamport time 0");
    return true;
}

// Smallest possible encoding of a stamp, for count sanity checks.
inline constexpr std::size_t kMinStampBytes = 9;

}  // namespace grove::sdk::crdt
