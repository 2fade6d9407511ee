// The ops of the Sequence/Text CRDT and their wire format: a run-length insert (ids, origins and
// the values typed) and a delete of id ranges, with bounds-checked decoding.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "grove/sdk/crdt/byte_reader.h"
#include "grove/sdk/crdt/byte_writer.h"
#include "grove/sdk/crdt/replica_id.h"
#include "grove/sdk/crdt/result.h"
#include "grove/sdk/crdt/value_codec.h"
#include "grove/sdk/crdt/wire_tags.h"

namespace grove::sdk::crdt {

// Every item (element / character) ever inserted has a unique id: the inserting replica plus that
// replica's insert counter (0, 1, 2, ... over the replica's lifetime in this document).
struct ItemId {
    ReplicaId replica;
    std::uint32_t counter = 0;

    friend auto operator<=>(const ItemId&, const ItemId&) = default;
};

// Ids replica:counter .. replica:counter+length-1.
struct IdSpan {
    ReplicaId replica;
    std::uint32_t counter = 0;
    std::uint32_t length = 0;

    friend bool operator==(const IdSpan&, const IdSpan&) = default;
};

// Container used for the values of one insert op: u32string for text (its small-string buffer keeps
// a typed character off the heap), std::vector otherwise.
template <class T>
struct SequenceValuesFor {
    using type = std::vector<T>;
};
template <>
struct SequenceValuesFor<char32_t> {
    using type = std::u32string;
};
template <class T>
using SequenceValues = typename SequenceValuesFor<T>::type;

// A run of values typed left to right: values[k] has id {id.replica, id.counter + k}; values[0] was
// inserted between origin_left and origin_right (its neighbours at the time, tombstones included;
// nullopt = document start / end), and values[k>0] directly after values[k-1].
template <class T>
struct SequenceInsert {
    ItemId id;
    std::optional<ItemId> origin_left;
    std::optional<ItemId> origin_right;
    SequenceValues<T> values;

    friend bool operator==(const SequenceInsert&, const SequenceInsert&) = default;
};

// Hides the items in `spans` (tombstones stay so later ops can still refer to them).
struct SequenceDelete {
    std::vector<IdSpan> spans;

    friend bool operator==(const SequenceDelete&, const SequenceDelete&) = default;
};

template <class T>
using SequenceOp = std::variant<SequenceInsert<T>, SequenceDelete>;

namespace sequence_wire {

// Flag bits of an insert's origins byte.
inline constexpr std::uint8_t kHasLeft = 1;
inline constexpr std::uint8_t kLeftSameReplica = 2;  // origin replica == the op's replica: omitted
inline constexpr std::uint8_t kHasRight = 4;
inline constexpr std::uint8_t kRightSameReplica = 8;
inline constexpr std::uint8_t kAllFlags = 15;

inline void write_origin(ByteWriter& out, const std::optional<ItemId>& origin, ReplicaId own) {
    if (!origin) return;
    if (origin->replica != own) out.fixed64(origin->replica.value);
    out.varint(origin->counter);
}

inline std::uint8_t origin_flags(const std::optional<ItemId>& origin, ReplicaId own,
                                 std::uint8_t has, std::uint8_t same) {
    if (!origin) return 0;
    return static_cast<std::uint8_t>(has | (origin->replica == own ? same : 0));
}

inline bool read_origin(ByteReader& in, std::optional<ItemId>& origin, ReplicaId own, bool has,
                        bool same) {
    if (!has) {
        origin.reset();
        return true;
    }
    ItemId id{own, 0};
    if (!same && !in.fixed64(id.replica.value)) return false;
    if (!in.varint32(id.counter)) return false;
    origin = id;
    return true;
}

}  // namespace sequence_wire

template <class T>
std::vector<std::uint8_t> encode_sequence_op(const SequenceOp<T>& op) {
    using namespace sequence_wire;
    ByteWriter out;
    if (const auto* insert = std::get_if<SequenceInsert<T>>(&op)) {
        const ReplicaId own = insert->id.replica;
        out.u8(wire::kSequenceInsert);
        out.fixed64(own.value);
        out.varint(insert->id.counter);
        out.u8(static_cast<std::uint8_t>(
            origin_flags(insert->origin_left, own, kHasLeft, kLeftSameReplica) |
            origin_flags(insert->origin_right, own, kHasRight, kRightSameReplica)));
        write_origin(out, insert->origin_left, own);
        write_origin(out, insert->origin_right, own);
        out.varint(insert->values.size());
        for (const T& value : insert->values) encode_value(out, value);
    } else {
        const auto& remove = std::get<SequenceDelete>(op);
        out.u8(wire::kSequenceDelete);
        out.varint(remove.spans.size());
        for (const IdSpan& span : remove.spans) {
            out.fixed64(span.replica.value);
            out.varint(span.counter);
            out.varint(span.length);
        }
    }
    return out.take();
}

// Rejects truncated input, unknown tags, empty runs or spans, id ranges past 2^32 and trailing
// bytes.
template <class T>
Result<SequenceOp<T>> decode_sequence_op(std::span<const std::uint8_t> bytes) {
    using namespace sequence_wire;
    ByteReader in(bytes);
    std::uint8_t tag = 0;
    if (!in.u8(tag)) return in.error();
    if (tag == wire::kSequenceInsert) {
        SequenceInsert<T> insert;
        std::uint8_t flags = 0;
        std::uint64_t count = 0;
        in.fixed64(insert.id.replica.value);
        in.varint32(insert.id.counter);
        if (in.u8(flags) && (flags & ~kAllFlags) != 0)
            in.fail(ErrorCode::InvalidArgument, "unknown origin flags");
        const ReplicaId own = insert.id.replica;
        read_origin(in, insert.origin_left, own, flags & kHasLeft, flags & kLeftSameReplica);
        read_origin(in, insert.origin_right, own, flags & kHasRight, flags & kRightSameReplica);
        if (in.count(count)) {
            if (count == 0)
                in.fail(ErrorCode::InvalidArgument, "insert without values");
            else if (count > UINT32_MAX - insert.id.counter)
                in.fail(ErrorCode::ResourceExhausted, "insert id range overflows");
        }
        if (in.ok()) {
            insert.values.resize(static_cast<std::size_t>(count));
            for (T& value : insert.values)
                if (!decode_value(in, value)) break;
        }
        in.expect_end();
        if (!in.ok()) return in.error();
        return SequenceOp<T>(std::move(insert));
    }
    if (tag == wire::kSequenceDelete) {
        SequenceDelete remove;
        std::uint64_t count = 0;
        if (in.count(count, 10)) {
            remove.spans.resize(static_cast<std::size_t>(count));
            for (IdSpan& span : remove.spans) {
                if (!in.fixed64(span.replica.value) || !in.varint32(span.counter) ||
                    !in.varint32(span.length))
                    break;
                if (span.length == 0) {
                    in.fail(ErrorCode::InvalidArgument, "empty delete span");
                    break;
                }
                if (span.length > UINT32_MAX - span.counter) {
                    in.fail(ErrorCode::ResourceExhausted, "delete span overflows");
                    break;
                }
            }
        }
        in.expect_end();
        if (!in.ok()) return in.error();
        return SequenceOp<T>(std::move(remove));
    }
    return Error{ErrorCode::InvalidArgument, "not a sequence op"};
}

}  // namespace grove::sdk::crdt
