// LwwRegister<T>: a single value where the write with the greatest Stamp wins, so replicas that
// applied the same writes agree whatever order they arrived in.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "grove/sdk/crdt/byte_reader.h"
#include "grove/sdk/crdt/byte_writer.h"
#include "grove/sdk/crdt/digest.h"
#include "grove/sdk/crdt/lamport_clock.h"
#include "grove/sdk/crdt/result.h"
#include "grove/sdk/crdt/stamp.h"
#include "grove/sdk/crdt/value_codec.h"
#include "grove/sdk/crdt/wire_tags.h"
#include "grove/sdk/lastwriterwins.h"

namespace grove::sdk::crdt {

template <class T>
struct LwwSet {
    Stamp stamp;
    T value;
};

template <class T>
class LwwRegister {
public:
    using Op = LwwSet<T>;

    explicit LwwRegister(ReplicaId local) : clock_(local) {}

    ReplicaId replica() const { return clock_.replica(); }
    const std::optional<T>& value() const { return value_; }
    // Stamp of the winning write; lamport 0 when the register was never written.
    const Stamp& stamp() const { return stamp_; }

    // Local write: applied here, returned for broadcast.
    Op set(T value) {
        Op op{clock_.tick(), std::move(value)};
        stamp_ = op.stamp;
        value_ = op.value;
        return op;
    }

    // Remote write (idempotent, commutative).
    Result<void> apply(const Op& op) {
        if (op.stamp.lamport == 0)
            return Error{ErrorCode::InvalidArgument, "write with lamport time 0"};
        clock_.observe(op.stamp.lamport);
        if (later_write(op.stamp.lamport, op.stamp.replica, stamp_.lamport, stamp_.replica)) {
            stamp_ = op.stamp;
            value_ = op.value;
        }
        return Result<void>{};
    }

    // Hash of the visible value only.
    Digest digest() const {
        ByteWriter out;
        out.u8(wire::kLwwSnapshot);
        out.u8(value_ ? 1 : 0);
        if (value_) encode_value(out, *value_);
        return Hasher256().update(out.data().data(), out.size()).finish();
    }

    static std::vector<std::uint8_t> encode_op(const Op& op) {
        ByteWriter out;
        out.u8(wire::kLwwSet);
        write_stamp(out, op.stamp);
        encode_value(out, op.value);
        return out.take();
    }

    static Result<Op> decode_op(std::span<const std::uint8_t> bytes) {
        ByteReader in(bytes);
        std::uint8_t tag = 0;
        Op op{};
        if (in.u8(tag) && tag != wire::kLwwSet)
            in.fail(ErrorCode::InvalidArgument, "not an LWW register op");
        read_stamp(in, op.stamp);
        if (in.ok()) decode_value(in, op.value);
        in.expect_end();
        if (!in.ok()) return in.error();
        return op;
    }

    std::vector<std::uint8_t> snapshot() const {
        ByteWriter out;
        out.u8(wire::kLwwSnapshot);
        out.u8(wire::kSnapshotVersion);
        out.u8(value_ ? 1 : 0);
        if (value_) {
            write_stamp(out, stamp_);
            encode_value(out, *value_);
        }
        return out.take();
    }

    static Result<LwwRegister> restore(ReplicaId local, std::span<const std::uint8_t> bytes) {
        ByteReader in(bytes);
        std::uint8_t tag = 0, version = 0, present = 0;
        if (in.u8(tag) && tag != wire::kLwwSnapshot)
            in.fail(ErrorCode::InvalidArgument, "not an LWW register snapshot");
        if (in.u8(version) && version != wire::kSnapshotVersion)
            in.fail(ErrorCode::InvalidArgument, "unknown snapshot version");
        if (in.u8(present) && present > 1) in.fail(ErrorCode::InvalidArgument, "bad presence flag");
        LwwRegister reg(local);
        if (in.ok() && present == 1) {
            T value{};
            if (read_stamp(in, reg.stamp_) && decode_value(in, value))
                reg.value_ = std::move(value);
        }
        in.expect_end();
        if (!in.ok()) return in.error();
        reg.clock_.observe(reg.stamp_.lamport);
        return reg;
    }

private:
    LamportClock clock_;
    Stamp stamp_;
    std::optional<T> value_;
};

}  // namespace grove::sdk::crdt
