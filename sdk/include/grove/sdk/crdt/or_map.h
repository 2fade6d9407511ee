// OrMap<K, V>: a map with add-wins keys and last-writer-wins values. Each put is tagged with its
// Stamp and supersedes the puts its issuer observed; removes delete only observed puts.
#pragma once

#include <cstdint>
#include <map>
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
#include "grove/sdk/crdt/version_vector.h"
#include "grove/sdk/crdt/wire_tags.h"

namespace grove::sdk::crdt {

template <class K, class V>
struct OrMapOp {
    enum class Kind : std::uint8_t { kPut, kRemove };
    Kind kind = Kind::kPut;
    Stamp stamp;  // op id; for a put it is also the put's tag
    K key{};
    V value{};                    // put only
    std::vector<Stamp> observed;  // the puts of `key` its issuer had seen (superseded or removed)
};

// Per key the map keeps every live put (normally one; several after concurrent puts) and shows the
// value of the greatest stamp. Keeping the concurrent losers is what makes "remove the winner"
// fall back correctly to a concurrent put the remover never saw. K needs operator< and ValueCodec;
// V needs ValueCodec.
template <class K, class V>
class OrMap {
public:
    using Op = OrMapOp<K, V>;

    explicit OrMap(ReplicaId local) : clock_(local) {}

    ReplicaId replica() const { return clock_.replica(); }
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    bool contains(const K& key) const { return entries_.count(key) > 0; }
    // nullptr when absent.
    const V* get(const K& key) const {
        auto it = entries_.find(key);
        return it == entries_.end() ? nullptr : &it->second.rbegin()->second;
    }
    std::vector<K> keys() const {
        std::vector<K> out;
        out.reserve(entries_.size());
        for (const auto& [key, puts] : entries_) out.push_back(key);
        return out;
    }
    // Visible (key, value) pairs in key order.
    template <class F>
    void for_each(F&& visit) const {
        for (const auto& [key, puts] : entries_) visit(key, puts.rbegin()->second);
    }
    const VersionVector& version() const { return seen_; }

    Op put(K key, V value) {
        Op op{Op::Kind::kPut, clock_.tick(), std::move(key), std::move(value), {}};
        op.observed = observed_tags(op.key);
        integrate(op);
        return op;
    }

    // nullopt when the key is absent (nothing to broadcast).
    std::optional<Op> remove(const K& key) {
        if (!contains(key)) return std::nullopt;
        Op op{Op::Kind::kRemove, clock_.tick(), key, V{}, observed_tags(key)};
        integrate(op);
        return op;
    }

    // Requires causal delivery. A re-delivered op is recognised and ignored.
    Result<void> apply(const Op& op) {
        if (op.stamp.lamport == 0)
            return Error{ErrorCode::InvalidArgument, "op with lamport time 0"};
        if (op.kind != Op::Kind::kPut && op.kind != Op::Kind::kRemove)
            return Error{ErrorCode::InvalidArgument, "unknown op kind"};
        if (seen_.contains(op.stamp)) return Result<void>{};
        integrate(op);
        return Result<void>{};
    }

    Digest digest() const {
        ByteWriter out;
        out.u8(wire::kOrMapSnapshot);
        out.varint(entries_.size());
        for_each([&](const K& key, const V& value) {
            encode_value(out, key);
            encode_value(out, value);
        });
        return Hasher256().update(out.data().data(), out.size()).finish();
    }

    static std::vector<std::uint8_t> encode_op(const Op& op) {
        ByteWriter out;
        out.u8(op.kind == Op::Kind::kPut ? wire::kOrMapPut : wire::kOrMapRemove);
        write_stamp(out, op.stamp);
        encode_value(out, op.key);
        if (op.kind == Op::Kind::kPut) encode_value(out, op.value);
        out.varint(op.observed.size());
        for (const Stamp& tag : op.observed) write_stamp(out, tag);
        return out.take();
    }

    static Result<Op> decode_op(std::span<const std::uint8_t> bytes) {
        ByteReader in(bytes);
        Op op;
        std::uint8_t tag = 0;
        if (in.u8(tag)) {
            if (tag == wire::kOrMapPut)
                op.kind = Op::Kind::kPut;
            else if (tag == wire::kOrMapRemove)
                op.kind = Op::Kind::kRemove;
            else
                in.fail(ErrorCode::InvalidArgument, "not an OR-map op");
        }
        read_stamp(in, op.stamp);
        if (in.ok()) decode_value(in, op.key);
        if (in.ok() && op.kind == Op::Kind::kPut) decode_value(in, op.value);
        std::uint64_t count = 0;
        if (in.ok() && in.count(count, kMinStampBytes)) {
            op.observed.resize(static_cast<std::size_t>(count));
            for (Stamp& observed : op.observed)
                if (!read_stamp(in, observed)) break;
        }
        in.expect_end();
        if (!in.ok()) return in.error();
        return op;
    }

    // Whole state: applied-op version vector plus every live put per key.
    std::vector<std::uint8_t> snapshot() const {
        ByteWriter out;
        out.u8(wire::kOrMapSnapshot);
        out.u8(wire::kSnapshotVersion);
        seen_.write(out);
        out.varint(entries_.size());
        for (const auto& [key, puts] : entries_) {
            encode_value(out, key);
            out.varint(puts.size());
            for (const auto& [stamp, value] : puts) {
                write_stamp(out, stamp);
                encode_value(out, value);
            }
        }
        return out.take();
    }

    static Result<OrMap> restore(ReplicaId local, std::span<const std::uint8_t> bytes) {
        ByteReader in(bytes);
        OrMap map(local);
        std::uint8_t tag = 0, version = 0;
        if (in.u8(tag) && tag != wire::kOrMapSnapshot)
            in.fail(ErrorCode::InvalidArgument, "not an OR-map snapshot");
        if (in.u8(version) && version != wire::kSnapshotVersion)
            in.fail(ErrorCode::InvalidArgument, "unknown snapshot version");
        if (in.ok()) map.seen_.read(in);
        std::uint64_t count = 0;
        if (in.ok() && in.count(count, 2)) {
            for (std::uint64_t i = 0; i < count && in.ok(); ++i) {
                K key{};
                std::uint64_t put_count = 0;
                if (!decode_value(in, key) || !in.count(put_count, kMinStampBytes)) break;
                if (put_count == 0) {
                    in.fail(ErrorCode::InvalidArgument, "key without puts");
                    break;
                }
                if (!map.entries_.empty() && !(map.entries_.rbegin()->first < key)) {
                    in.fail(ErrorCode::InvalidArgument, "keys not sorted");
                    break;
                }
                auto& puts =
                    map.entries_
                        .emplace_hint(map.entries_.end(), std::move(key), std::map<Stamp, V>{})
                        ->second;
                for (std::uint64_t p = 0; p < put_count; ++p) {
                    Stamp stamp;
                    V value{};
                    if (!read_stamp(in, stamp) || !decode_value(in, value)) break;
                    if (!map.seen_.contains(stamp)) {
                        in.fail(ErrorCode::InvalidArgument, "put newer than the version vector");
                        break;
                    }
                    puts.insert_or_assign(stamp, std::move(value));
                }
            }
        }
        in.expect_end();
        if (!in.ok()) return in.error();
        map.clock_.observe(map.seen_.max_lamport());
        return map;
    }

private:
    std::vector<Stamp> observed_tags(const K& key) const {
        std::vector<Stamp> tags;
        auto it = entries_.find(key);
        if (it != entries_.end())
            for (const auto& [stamp, value] : it->second) tags.push_back(stamp);
        return tags;
    }

    void integrate(const Op& op) {
        clock_.observe(op.stamp.lamport);
        seen_.record(op.stamp);
        auto it = entries_.find(op.key);
        if (it != entries_.end()) {
            for (const Stamp& tag : op.observed) it->second.erase(tag);
            if (it->second.empty() && op.kind == Op::Kind::kRemove) {
                entries_.erase(it);
                return;
            }
        }
        if (op.kind == Op::Kind::kPut) entries_[op.key].insert_or_assign(op.stamp, op.value);
    }

    LamportClock clock_;
    VersionVector seen_;
    std::map<K, std::map<Stamp, V>> entries_;
};

}  // namespace grove::sdk::crdt
