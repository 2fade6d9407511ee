// OrSet<T>: an observed-remove (add-wins) set. Every add is tagged with its op Stamp; a remove
// deletes only the tags its issuer had observed, so a concurrent add of the same value survives.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
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
#include "grove/sdk/crdt/version_vector.h"
#include "grove/sdk/crdt/wire_tags.h"

namespace grove::sdk::crdt {

template <class T>
struct OrSetOp {
    enum class Kind : std::uint8_t { kAdd, kRemove };
    Kind kind = Kind::kAdd;
    Stamp stamp;  // op id; for an add it is also the new tag
    T value{};
    std::vector<Stamp> observed;  // remove only: the tags of `value` its issuer had seen
};

// T needs operator< (elements are kept sorted so digests and snapshots are canonical) and a
// ValueCodec.
template <class T>
class OrSet {
public:
    using Op = OrSetOp<T>;

    explicit OrSet(ReplicaId local) : clock_(local) {}

    ReplicaId replica() const { return clock_.replica(); }
    bool contains(const T& value) const { return entries_.count(value) > 0; }
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    std::vector<T> values() const {
        std::vector<T> out;
        out.reserve(entries_.size());
        for (const auto& [value, tags] : entries_) out.push_back(value);
        return out;
    }
    const VersionVector& version() const { return seen_; }

    Op add(T value) {
        Op op{Op::Kind::kAdd, clock_.tick(), std::move(value), {}};
        integrate(op);
        return op;
    }

    // nullopt when the value is not in the set (nothing to broadcast).
    std::optional<Op> remove(const T& value) {
        auto it = entries_.find(value);
        if (it == entries_.end()) return std::nullopt;
        Op op{Op::Kind::kRemove, clock_.tick(), value,
              std::vector<Stamp>(it->second.begin(), it->second.end())};
        integrate(op);
        return op;
    }

    // Requires causal delivery. A re-delivered op is recognised and ignored.
    Result<void> apply(const Op& op) {
        if (op.stamp.lamport == 0)
            return Error{ErrorCode::InvalidArgument, "op with lamport time 0"};
        if (op.kind != Op::Kind::kAdd && op.kind != Op::Kind::kRemove)
            return Error{ErrorCode::InvalidArgument, "unknown op kind"};
        if (seen_.contains(op.stamp)) return Result<void>{};
        integrate(op);
        return Result<void>{};
    }

    Digest digest() const {
        ByteWriter out;
        out.u8(wire::kOrSetSnapshot);
        out.varint(entries_.size());
        for (const auto& [value, tags] : entries_) encode_value(out, value);
        return Hasher256().update(out.data().data(), out.size()).finish();
    }

    static std::vector<std::uint8_t> encode_op(const Op& op) {
        ByteWriter out;
        out.u8(op.kind == Op::Kind::kAdd ? wire::kOrSetAdd : wire::kOrSetRemove);
        write_stamp(out, op.stamp);
        encode_value(out, op.value);
        if (op.kind == Op::Kind::kRemove) {
            out.varint(op.observed.size());
            for (const Stamp& tag : op.observed) write_stamp(out, tag);
        }
        return out.take();
    }

    static Result<Op> decode_op(std::span<const std::uint8_t> bytes) {
        ByteReader in(bytes);
        Op op;
        std::uint8_t tag = 0;
        if (in.u8(tag)) {
            if (tag == wire::kOrSetAdd)
                op.kind = Op::Kind::kAdd;
            else if (tag == wire::kOrSetRemove)
                op.kind = Op::Kind::kRemove;
            else
                in.fail(ErrorCode::InvalidArgument, "not an OR-set op");
        }
        read_stamp(in, op.stamp);
        if (in.ok()) decode_value(in, op.value);
        if (in.ok() && op.kind == Op::Kind::kRemove) {
            std::uint64_t count = 0;
            if (in.count(count, kMinStampBytes)) {
                op.observed.resize(static_cast<std::size_t>(count));
                for (Stamp& observed : op.observed)
                    if (!read_stamp(in, observed)) break;
            }
        }
        in.expect_end();
        if (!in.ok()) return in.error();
        return op;
    }

    // Whole state: applied-op version vector plus every live (value, tags) entry.
    std::vector<std::uint8_t> snapshot() const {
        ByteWriter out;
        out.u8(wire::kOrSetSnapshot);
        out.u8(wire::kSnapshotVersion);
        seen_.write(out);
        out.varint(entries_.size());
        for (const auto& [value, tags] : entries_) {
            encode_value(out, value);
            out.varint(tags.size());
            for (const Stamp& tag : tags) write_stamp(out, tag);
        }
        return out.take();
    }

    static Result<OrSet> restore(ReplicaId local, std::span<const std::uint8_t> bytes) {
        ByteReader in(bytes);
        OrSet set(local);
        std::uint8_t tag = 0, version = 0;
        if (in.u8(tag) && tag != wire::kOrSetSnapshot)
            in.fail(ErrorCode::InvalidArgument, "not an OR-set snapshot");
        if (in.u8(version) && version != wire::kSnapshotVersion)
            in.fail(ErrorCode::InvalidArgument, "unknown snapshot version");
        if (in.ok()) set.seen_.read(in);
        std::uint64_t count = 0;
        if (in.ok() && in.count(count, 2)) {
            for (std::uint64_t i = 0; i < count && in.ok(); ++i) {
                T value{};
                std::uint64_t tag_count = 0;
                if (!decode_value(in, value) || !in.count(tag_count, kMinStampBytes)) break;
                if (tag_count == 0) {
                    in.fail(ErrorCode::InvalidArgument, "element without tags");
                    break;
                }
                if (!set.entries_.empty() && !(set.entries_.rbegin()->first < value)) {
                    in.fail(ErrorCode::InvalidArgument, "elements not sorted");
                    break;
                }
                std::set<Stamp>& tags =
                    set.entries_
                        .emplace_hint(set.entries_.end(), std::move(value), std::set<Stamp>{})
                        ->second;
                for (std::uint64_t t = 0; t < tag_count; ++t) {
                    Stamp stamp;
                    if (!read_stamp(in, stamp)) break;
                    if (!set.seen_.contains(stamp)) {
                        in.fail(ErrorCode::InvalidArgument, "tag newer than the version vector");
                        break;
                    }
                    tags.insert(stamp);
                }
            }
        }
        in.expect_end();
        if (!in.ok()) return in.error();
        set.clock_.observe(set.seen_.max_lamport());
        return set;
    }

private:
    void integrate(const Op& op) {
        clock_.observe(op.stamp.lamport);
        seen_.record(op.stamp);
        if (op.kind == Op::Kind::kAdd) {
            entries_[op.value].insert(op.stamp);
            return;
        }
        auto it = entries_.find(op.value);
        if (it == entries_.end()) return;
        for (const Stamp& tag : op.observed) it->second.erase(tag);
        if (it->second.empty()) entries_.erase(it);
    }

    LamportClock clock_;
    VersionVector seen_;
    std::map<T, std::set<Stamp>> entries_;
};

}  // namespace grove::sdk::crdt
