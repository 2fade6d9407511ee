// Sequence<T>: the ordered-list CRDT (YjsMod/FugueMax integration, so concurrent runs never
// interleave) over run-length items in a RunTree, with an id index for merging remote ops.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "grove/sdk/crdt/byte_reader.h"
#include "grove/sdk/crdt/byte_writer.h"
#include "grove/sdk/crdt/digest.h"
#include "grove/sdk/crdt/replica_id.h"
#include "grove/sdk/crdt/result.h"
#include "grove/sdk/crdt/run_tree.h"
#include "grove/sdk/crdt/sequence_op.h"
#include "grove/sdk/crdt/value_codec.h"
#include "grove/sdk/crdt/wire_tags.h"

namespace grove::sdk::crdt {

struct SequenceStats {
    std::size_t visible = 0;   // elements in the document
    std::size_t items = 0;     // every element ever inserted (tombstones included)
    std::size_t runs = 0;      // run-length items in the tree
    std::size_t leaves = 0;    // tree leaves
    std::size_t replicas = 0;  // replicas known to this document
    std::size_t heap_bytes =
        0;  // approximate memory held (tree, id index, values), excluding T's own heap
};

// A visible change made by a remote op, in the order applied: `count` elements inserted at, or
// removed from, visible position `pos` of the document as it was just before this change. An
// editor replays these to update its view and cursors without re-reading the whole text.
struct SequenceChange {
    enum class Kind : std::uint8_t { kInserted, kRemoved };
    Kind kind = Kind::kInserted;
    std::size_t pos = 0;
    std::size_t count = 0;

    friend bool operator==(const SequenceChange&, const SequenceChange&) = default;
};

struct SequenceRestoreLimits {
    // Tombstones compress to a few bytes per run, so a snapshot's byte size does not bound its item
    // count; restore refuses snapshots claiming more items than this (memory is ~8 bytes per item).
    std::uint64_t max_items = std::uint64_t{1} << 24;
};

// T: default-constructible, copyable, with a ValueCodec. Positions are element indices.
// Local edits apply at once and return the op to broadcast; apply() integrates a remote op whose
// causal dependencies were applied before it. Re-applying an op is a no-op.
template <class T>
class Sequence {
    static_assert(!std::is_same_v<T, bool>, "Sequence<bool> is not supported (use std::uint8_t)");

public:
    using Op = SequenceOp<T>;
    using Insert = SequenceInsert<T>;
    using Delete = SequenceDelete;
    using Values = SequenceValues<T>;

    explicit Sequence(ReplicaId local) : local_(local) { local_index_ = intern(local); }

    ReplicaId replica() const { return local_; }
    std::size_t size() const { return static_cast<std::size_t>(tree_.visible_size()); }
    bool empty() const { return size() == 0; }

    const T& at(std::size_t pos) const {
        if (pos >= size()) throw std::out_of_range("Sequence::at: position past the end");
        const RunPos found = tree_.find_visible(pos);
        const Run& run = tree_.run(found.run);
        return replicas_[run.replica].content[run.counter + found.offset];
    }

    // Visits the visible elements in order.
    template <class F>
    void for_each(F&& visit) const {
        tree_.for_each_run([&](std::uint32_t, const Run& run) {
            if (run.deleted) return;
            const std::vector<T>& content = replicas_[run.replica].content;
            for (std::uint32_t k = 0; k < run.length; ++k) visit(content[run.counter + k]);
        });
    }

    // Visits the visible elements as runs of consecutive ids, in order: visit(first id, length).
    // Who wrote what (the id's replica) without visiting every element.
    template <class F>
    void for_each_visible_run(F&& visit) const {
        tree_.for_each_run([&](std::uint32_t, const Run& run) {
            if (run.deleted || run.length == 0) return;
            visit(ItemId{replicas_[run.replica].id, run.counter}, std::size_t{run.length});
        });
    }

    std::vector<T> to_vector() const {
        std::vector<T> out;
        out.reserve(size());
        for_each([&](const T& value) { out.push_back(value); });
        return out;
    }

    // Inserts `values` so the first lands at `pos` (0..size()). Throws std::invalid_argument when
    // `values` is empty and std::out_of_range when pos > size().
    Insert insert(std::size_t pos, std::span<const T> values) {
        if (values.empty()) throw std::invalid_argument("Sequence::insert: no values");
        if (pos > size()) throw std::out_of_range("Sequence::insert: position past the end");
        ReplicaState& me = replicas_[local_index_];
        const std::uint64_t counter = me.owner.size();
        if (values.size() > UINT32_MAX - counter)
            throw std::length_error("Sequence::insert: replica id space exhausted");
        // The new run goes directly before the visible element now at `pos` (after any tombstones
        // that precede it), or at the very end.
        const RunPos at = pos < size() ? tree_.find_visible(pos) : RunPos{};
        Run run;
        run.replica = local_index_;
        run.counter = static_cast<std::uint32_t>(counter);
        run.length = static_cast<std::uint32_t>(values.size());
        run.left = item_before(at);
        run.right = at.at_end() ? ItemRef{} : tree_.run(at.run).item(at.offset);
        me.content.insert(me.content.end(), values.begin(), values.end());
        place(at, run);
        return Insert{ItemId{local_, run.counter}, to_id(run.left), to_id(run.right),
                      Values(values.begin(), values.end())};
    }

    Insert insert(std::size_t pos, const T& value) {
        return insert(pos, std::span<const T>(&value, 1));
    }

    // Deletes `count` visible elements starting at `pos`. Throws std::invalid_argument when count
    // is 0 and std::out_of_range when the range passes the end.
    Delete remove(std::size_t pos, std::size_t count) {
        if (count == 0) throw std::invalid_argument("Sequence::remove: nothing to remove");
        if (pos > size() || count > size() - pos)
            throw std::out_of_range("Sequence::remove: range past the end");
        Delete op;
        const RunPos start = tree_.find_visible(pos);
        std::uint32_t index = start.run;
        std::uint32_t offset = start.offset;
        std::uint64_t remaining = count;
        while (remaining > 0) {
            if (index == kNoIndex)
                throw std::logic_error("Sequence::remove: fewer visible items than counted");
            const Run run = tree_.run(index);
            if (run.deleted) {
                index = tree_.next_run(index);
                offset = 0;
                continue;
            }
            const std::uint32_t take =
                static_cast<std::uint32_t>(std::min<std::uint64_t>(run.length - offset, remaining));
            delete_items(index, offset, take);
            append_span(op, IdSpan{replicas_[run.replica].id, run.counter + offset, take});
            remaining -= take;
            if (remaining > 0) {
                // delete_items may have split the run: continue after the last item it deleted.
                index = tree_.next_run(owner_of(run.replica, run.counter + offset + take - 1));
                offset = 0;
            }
        }
        return op;
    }

    Result<void> apply(const Op& op) {
        return std::visit([this](const auto& concrete) { return apply(concrete); }, op);
    }
    Result<void> apply(const Insert& op) { return apply_insert(op, nullptr); }
    Result<void> apply(const Delete& op) { return apply_delete(op, nullptr); }

    // Same, also appending the visible changes the op made to `changes` (nothing for a re-delivered
    // op or one that only deletes tombstones; nothing when it fails).
    Result<void> apply(const Op& op, std::vector<SequenceChange>& changes) {
        return std::visit([&](const auto& concrete) { return apply(concrete, changes); }, op);
    }
    Result<void> apply(const Insert& op, std::vector<SequenceChange>& changes) {
        return apply_insert(op, &changes);
    }
    Result<void> apply(const Delete& op, std::vector<SequenceChange>& changes) {
        return apply_delete(op, &changes);
    }

    // Visible index of an element, nullopt when unknown or deleted.
    std::optional<std::size_t> position_of(const ItemId& id) const {
        const ItemRef ref = resolve(id);
        if (ref.is_none()) return std::nullopt;
        const std::uint32_t index = owner_of(ref.replica, ref.counter);
        const Run& run = tree_.run(index);
        if (run.deleted) return std::nullopt;
        return static_cast<std::size_t>(tree_.visible_before(index) + (ref.counter - run.counter));
    }

    // Hash of the visible elements in order.
    Digest digest() const {
        Hasher256 hasher;
        ByteWriter chunk;
        chunk.u8(wire::kSequenceSnapshot);
        chunk.varint(size());
        for_each([&](const T& value) {
            encode_value(chunk, value);
            if (chunk.size() >= 4096) {
                hasher.update(chunk.data().data(), chunk.size());
                chunk.clear();
            }
        });
        hasher.update(chunk.data().data(), chunk.size());
        return hasher.finish();
    }

    SequenceStats stats() const {
        SequenceStats stats;
        stats.visible = size();
        stats.items = static_cast<std::size_t>(tree_.total_size());
        stats.runs = tree_.run_count();
        stats.leaves = tree_.leaf_count();
        stats.replicas = replicas_.size();
        stats.heap_bytes =
            tree_.heap_bytes() + replicas_.capacity() * sizeof(ReplicaState) +
            replica_index_.size() * (sizeof(ReplicaId) + 2 * sizeof(void*) + sizeof(std::uint32_t));
        for (const ReplicaState& state : replicas_)
            stats.heap_bytes += state.owner.capacity() * sizeof(std::uint32_t) +
                                state.content.capacity() * sizeof(T);
        return stats;
    }

    static std::vector<std::uint8_t> encode_op(const Op& op) { return encode_sequence_op<T>(op); }
    static Result<Op> decode_op(std::span<const std::uint8_t> bytes) {
        return decode_sequence_op<T>(bytes);
    }

    // Canonical whole-state encoding: replicas that applied the same ops produce identical bytes
    // (runs are re-joined wherever the run invariant allows, so split history does not show).
    // Deleted elements' values are left out; their ids and origins stay.
    std::vector<std::uint8_t> snapshot() const {
        std::vector<std::uint32_t> order;
        for (std::uint32_t r = 0; r < replicas_.size(); ++r)
            if (!replicas_[r].owner.empty()) order.push_back(r);
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            return replicas_[a].id < replicas_[b].id;
        });
        std::vector<std::uint32_t> rank(replicas_.size(), kNoIndex);
        for (std::uint32_t k = 0; k < order.size(); ++k) rank[order[k]] = k;

        ByteWriter out;
        out.u8(wire::kSequenceSnapshot);
        out.u8(wire::kSnapshotVersion);
        out.varint(order.size());
        for (std::uint32_t r : order) {
            out.fixed64(replicas_[r].id.value);
            out.varint(replicas_[r].owner.size());
        }
        ByteWriter body;
        std::uint64_t run_count = 0;
        Run current;
        bool have = false;
        tree_.for_each_run([&](std::uint32_t, const Run& run) {
            if (have && continues(current, run)) {
                current.length += run.length;
                return;
            }
            if (have) write_snapshot_run(body, current, rank);
            current = run;
            have = true;
            ++run_count;
        });
        if (have) write_snapshot_run(body, current, rank);
        out.varint(run_count);
        out.bytes(body.data().data(), body.size());
        return out.take();
    }

    static Result<Sequence> restore(ReplicaId local, std::span<const std::uint8_t> bytes,
                                    SequenceRestoreLimits limits = {}) {
        ByteReader in(bytes);
        Sequence seq(local);
        std::uint8_t tag = 0, version = 0;
        if (in.u8(tag) && tag != wire::kSequenceSnapshot)
            in.fail(ErrorCode::InvalidArgument, "not a sequence snapshot");
        if (in.u8(version) && version != wire::kSnapshotVersion)
            in.fail(ErrorCode::InvalidArgument, "unknown snapshot version");
        std::uint64_t replica_count = 0;
        in.count(replica_count, 9);
        std::vector<std::uint32_t> by_rank;
        std::vector<std::uint32_t> next_by_rank;
        std::uint64_t total_items = 0;
        ReplicaId previous{};
        for (std::uint64_t k = 0; k < replica_count && in.ok(); ++k) {
            ReplicaId id;
            std::uint32_t next = 0;
            if (!in.fixed64(id.value) || !in.varint32(next)) break;
            if (k > 0 && !(previous < id)) {
                in.fail(ErrorCode::InvalidArgument, "replica table not sorted");
                break;
            }
            if (next == 0) {
                in.fail(ErrorCode::InvalidArgument, "replica without items");
                break;
            }
            total_items += next;
            if (total_items > limits.max_items) {
                in.fail(ErrorCode::ResourceExhausted, "snapshot has too many items");
                break;
            }
            previous = id;
            by_rank.push_back(seq.intern(id));
            next_by_rank.push_back(next);
        }
        if (in.ok()) {
            for (std::size_t k = 0; k < by_rank.size(); ++k) {
                ReplicaState& state = seq.replicas_[by_rank[k]];
                state.owner.assign(next_by_rank[k], kNoIndex);
                state.content.resize(next_by_rank[k]);
            }
        }
        std::uint64_t run_count = 0;
        if (in.ok()) in.count(run_count, 4);
        for (std::uint64_t i = 0; i < run_count && in.ok(); ++i) {
            if (!seq.read_snapshot_run(in, by_rank)) break;
        }
        if (in.ok()) {
            for (const ReplicaState& state : seq.replicas_)
                if (std::find(state.owner.begin(), state.owner.end(), kNoIndex) !=
                    state.owner.end()) {
                    in.fail(ErrorCode::InvalidArgument, "snapshot does not place every item");
                    break;
                }
        }
        in.expect_end();
        if (!in.ok()) return in.error();
        return seq;
    }

private:
    Result<void> apply_insert(const Insert& op, std::vector<SequenceChange>* changes) {
        const std::size_t count = op.values.size();
        if (count == 0) return Error{ErrorCode::InvalidArgument, "insert without values"};
        if (count > UINT32_MAX - op.id.counter)
            return Error{ErrorCode::ResourceExhausted, "insert id range overflows"};
        std::uint32_t replica = find_replica(op.id.replica);
        const std::uint64_t next = replica == kNoIndex ? 0 : replicas_[replica].owner.size();
        if (op.id.counter > next)
            return Error{ErrorCode::FailedPrecondition, "insert skips ids: expected counter " +
                                                            std::to_string(next) + ", got " +
                                                            std::to_string(op.id.counter)};
        const std::uint64_t skip = next - op.id.counter;
        if (skip >= count) return Result<void>{};  // already applied
        Run run;
        if (skip > 0) {
            run.left = ItemRef{replica, static_cast<std::uint32_t>(next - 1)};
        } else if (op.origin_left) {
            run.left = resolve(*op.origin_left);
            if (run.left.is_none())
                return Error{ErrorCode::FailedPrecondition, "unknown origin_left"};
        }
        if (op.origin_right) {
            run.right = resolve(*op.origin_right);
            if (run.right.is_none())
                return Error{ErrorCode::FailedPrecondition, "unknown origin_right"};
        }
        if (replica == kNoIndex) replica = intern(op.id.replica);
        run.replica = replica;
        run.counter = static_cast<std::uint32_t>(next);
        run.length = static_cast<std::uint32_t>(count - skip);
        std::vector<T>& content = replicas_[replica].content;
        content.insert(content.end(), op.values.begin() + static_cast<std::ptrdiff_t>(skip),
                       op.values.end());
        const std::uint32_t placed = integrate(run);
        if (changes != nullptr) {
            const std::uint64_t pos =
                tree_.visible_before(placed) + (run.counter - tree_.run(placed).counter);
            changes->push_back(SequenceChange{SequenceChange::Kind::kInserted,
                                              static_cast<std::size_t>(pos), run.length});
        }
        return Result<void>{};
    }

    Result<void> apply_delete(const Delete& op, std::vector<SequenceChange>* changes) {
        for (const IdSpan& span : op.spans) {  // validate everything before changing anything
            if (span.length == 0) return Error{ErrorCode::InvalidArgument, "empty delete span"};
            if (span.length > UINT32_MAX - span.counter)
                return Error{ErrorCode::ResourceExhausted, "delete span overflows"};
            const std::uint32_t replica = find_replica(span.replica);
            if (replica == kNoIndex || span.counter + span.length > replicas_[replica].owner.size())
                return Error{ErrorCode::FailedPrecondition, "delete of items not inserted yet"};
        }
        for (const IdSpan& span : op.spans) {
            const std::uint32_t replica = find_replica(span.replica);
            std::uint32_t counter = span.counter;
            const std::uint32_t end = span.counter + span.length;
            while (counter < end) {
                const std::uint32_t index = owner_of(replica, counter);
                const Run& run = tree_.run(index);
                const std::uint32_t stop = std::min(run.counter + run.length, end);
                if (!run.deleted)
                    delete_items(index, counter - run.counter, stop - counter, changes);
                counter = stop;
            }
        }
        return Result<void>{};
    }

    struct ReplicaState {
        ReplicaId id;
        std::vector<std::uint32_t> owner;  // counter -> index of the run holding that item
        std::vector<T> content;            // counter -> value (kept for tombstones too)
    };

    std::uint32_t find_replica(ReplicaId id) const {
        auto it = replica_index_.find(id);
        return it == replica_index_.end() ? kNoIndex : it->second;
    }

    std::uint32_t intern(ReplicaId id) {
        auto [it, inserted] =
            replica_index_.try_emplace(id, static_cast<std::uint32_t>(replicas_.size()));
        if (inserted) replicas_.push_back(ReplicaState{id, {}, {}});
        return it->second;
    }

    ItemRef resolve(const ItemId& id) const {
        const std::uint32_t replica = find_replica(id.replica);
        if (replica == kNoIndex || id.counter >= replicas_[replica].owner.size()) return ItemRef{};
        return ItemRef{replica, id.counter};
    }

    std::optional<ItemId> to_id(ItemRef ref) const {
        if (ref.is_none()) return std::nullopt;
        return ItemId{replicas_[ref.replica].id, ref.counter};
    }

    std::uint32_t owner_of(std::uint32_t replica, std::uint32_t counter) const {
        return replicas_[replica].owner[counter];
    }

    RunPos locate(ItemRef ref) const {
        const std::uint32_t index = owner_of(ref.replica, ref.counter);
        return RunPos{index, ref.counter - tree_.run(index).counter};
    }

    ItemRef item_at(RunPos pos) const { return tree_.run(pos.run).item(pos.offset); }

    // The item directly before position `at` (tombstones included), none at the document start.
    ItemRef item_before(RunPos at) const {
        if (!at.at_end() && at.offset > 0) return tree_.run(at.run).item(at.offset - 1);
        const std::uint32_t prev = at.at_end() ? tree_.last_run() : tree_.prev_run(at.run);
        return prev == kNoIndex ? ItemRef{} : tree_.run(prev).last();
    }

    // True when `run` could be appended to `previous` without breaking the run invariant.
    static bool continues(const Run& previous, const Run& run) {
        return previous.replica == run.replica &&
               previous.counter + previous.length == run.counter &&
               previous.deleted == run.deleted && run.left == previous.last() &&
               run.right == previous.right;
    }

    RunSplit split(std::uint32_t index, std::uint32_t offset) {
        const RunSplit parts = tree_.split(index, offset);
        const Run& created = tree_.run(parts.created);
        std::vector<std::uint32_t>& owner = replicas_[created.replica].owner;
        std::fill(owner.begin() + created.counter, owner.begin() + created.counter + created.length,
                  parts.created);
        return parts;
    }

    // Puts a new run directly before position `before`, extending the previous run when the new
    // items continue it (the common case of typing: one run per burst, not one per keystroke).
    // Returns the index of the run that now holds the new items.
    std::uint32_t place(RunPos before, const Run& run) {
        std::uint32_t placed;
        if (!before.at_end() && before.offset > 0) {
            placed = tree_.insert_after(split(before.run, before.offset).left, run);
        } else {
            const std::uint32_t prev =
                before.at_end() ? tree_.last_run() : tree_.prev_run(before.run);
            if (prev != kNoIndex && continues(tree_.run(prev), run)) {
                tree_.extend(prev, run.length);
                placed = prev;
            } else {
                placed = tree_.insert_before(before.run, run);
            }
        }
        replicas_[run.replica].owner.resize(std::size_t{run.counter} + run.length, placed);
        return placed;
    }

    // Marks items [offset, offset + count) of a visible run deleted, splitting at the edges.
    // Reports the removal to `changes` when given, joined with the previous removal if adjacent.
    void delete_items(std::uint32_t index, std::uint32_t offset, std::uint32_t count,
                      std::vector<SequenceChange>* changes = nullptr) {
        if (offset > 0) index = split(index, offset).right;
        if (count < tree_.run(index).length) index = split(index, count).left;
        if (changes != nullptr) {
            const auto pos = static_cast<std::size_t>(tree_.visible_before(index));
            if (!changes->empty() && changes->back().kind == SequenceChange::Kind::kRemoved &&
                changes->back().pos == pos)
                changes->back().count += count;
            else
                changes->push_back(SequenceChange{SequenceChange::Kind::kRemoved, pos, count});
        }
        tree_.mark_deleted(index);
    }

    static void append_span(Delete& op, const IdSpan& span) {
        if (!op.spans.empty()) {
            IdSpan& last = op.spans.back();
            if (last.replica == span.replica && last.counter + last.length == span.counter) {
                last.length += span.length;
                return;
            }
        }
        op.spans.push_back(span);
    }

    bool precedes(ItemRef a, ItemRef b) const {
        const ReplicaId ra = replicas_[a.replica].id, rb = replicas_[b.replica].id;
        return ra < rb || (ra == rb && a.counter < b.counter);
    }

    // YjsMod integration (Gentle's reference-crdts; equivalent to FugueMax, Weidner & Kleppmann
    // 2023): scan the items between origin_left and origin_right, skipping past concurrent inserts
    // that belong before ours, and stop at the first that belongs after. Only the first item of
    // each run can be such an insert (the others have origin_left = their predecessor), so the scan
    // moves run by run.
    std::uint32_t integrate(const Run& run) {
        RunPos cursor;
        RunPos left_pos;
        if (run.left.is_none()) {
            const std::uint32_t first = tree_.first_run();
            cursor = first == kNoIndex ? RunPos{} : RunPos{first, 0};
        } else {
            left_pos = locate(run.left);
            cursor = tree_.successor(left_pos);
        }
        // Nothing was inserted between the origins since the op was made: the usual case.
        const bool adjacent = cursor.at_end()
                                  ? run.right.is_none()
                                  : (!run.right.is_none() && item_at(cursor) == run.right);
        if (adjacent) {
            return place(cursor, run);
        }
        const std::uint64_t total = tree_.total_size();
        auto index_of = [&](ItemRef ref) -> std::int64_t {
            return static_cast<std::int64_t>(tree_.full_index(locate(ref)));
        };
        const std::int64_t left =
            run.left.is_none() ? -1 : static_cast<std::int64_t>(tree_.full_index(left_pos));
        const std::int64_t right =
            run.right.is_none() ? static_cast<std::int64_t>(total) : index_of(run.right);
        const ItemRef self = run.item(0);
        std::int64_t i = left + 1;
        RunPos destination = cursor;
        bool scanning = false;
        while (true) {
            if (!scanning) destination = cursor;
            if (cursor.at_end() || i == right) break;
            const Run& other = tree_.run(cursor.run);
            const std::int64_t other_left =
                cursor.offset > 0 ? i - 1 : (other.left.is_none() ? -1 : index_of(other.left));
            if (other_left < left) break;
            if (other_left == left) {
                const std::int64_t other_right = other.right.is_none()
                                                     ? static_cast<std::int64_t>(total)
                                                     : index_of(other.right);
                if (other_right < right) {
                    scanning = true;
                } else if (other_right == right) {
                    if (precedes(self, item_at(cursor))) break;
                    scanning = false;
                } else {
                    scanning = false;
                }
            }
            // The rest of this run has origin_left inside the run (> left): skipped, unless
            // origin_right lies inside it.
            const std::int64_t rest = static_cast<std::int64_t>(other.length - cursor.offset - 1);
            if (right > i && right <= i + rest) {
                if (!scanning)
                    destination =
                        RunPos{cursor.run, static_cast<std::uint32_t>(cursor.offset + (right - i))};
                break;
            }
            i += rest + 1;
            const std::uint32_t next = tree_.next_run(cursor.run);
            cursor = next == kNoIndex ? RunPos{} : RunPos{next, 0};
        }
        return place(destination, run);
    }

    void write_snapshot_run(ByteWriter& out, const Run& run,
                            const std::vector<std::uint32_t>& rank) const {
        out.varint(rank[run.replica]);
        out.varint(run.counter);
        out.varint(run.length);
        out.u8(static_cast<std::uint8_t>((run.deleted ? 1 : 0) | (run.left.is_none() ? 0 : 2) |
                                         (run.right.is_none() ? 0 : 4)));
        for (const ItemRef& origin : {run.left, run.right}) {
            if (origin.is_none()) continue;
            out.varint(rank[origin.replica]);
            out.varint(origin.counter);
        }
        if (!run.deleted) {
            const std::vector<T>& content = replicas_[run.replica].content;
            for (std::uint32_t k = 0; k < run.length; ++k)
                encode_value(out, content[run.counter + k]);
        }
    }

    bool read_snapshot_ref(ByteReader& in, const std::vector<std::uint32_t>& by_rank,
                           ItemRef& ref) const {
        std::uint32_t rank = 0, counter = 0;
        if (!in.varint32(rank) || !in.varint32(counter)) return false;
        if (rank >= by_rank.size())
            return in.fail(ErrorCode::InvalidArgument, "unknown replica rank");
        if (counter >= replicas_[by_rank[rank]].owner.size())
            return in.fail(ErrorCode::InvalidArgument, "origin out of range");
        ref = ItemRef{by_rank[rank], counter};
        return true;
    }

    bool read_snapshot_run(ByteReader& in, const std::vector<std::uint32_t>& by_rank) {
        std::uint32_t rank = 0;
        std::uint8_t flags = 0;
        Run run;
        if (!in.varint32(rank) || !in.varint32(run.counter) || !in.varint32(run.length) ||
            !in.u8(flags))
            return false;
        if (rank >= by_rank.size())
            return in.fail(ErrorCode::InvalidArgument, "unknown replica rank");
        if (flags > 7) return in.fail(ErrorCode::InvalidArgument, "unknown run flags");
        run.replica = by_rank[rank];
        ReplicaState& state = replicas_[run.replica];
        if (run.length == 0 || run.length > state.owner.size() ||
            run.counter > state.owner.size() - run.length)
            return in.fail(ErrorCode::InvalidArgument, "run outside its replica's ids");
        run.deleted = (flags & 1) != 0;
        if ((flags & 2) && !read_snapshot_ref(in, by_rank, run.left)) return false;
        if ((flags & 4) && !read_snapshot_ref(in, by_rank, run.right)) return false;
        for (std::uint32_t k = 0; k < run.length; ++k)
            if (state.owner[run.counter + k] != kNoIndex)
                return in.fail(ErrorCode::InvalidArgument, "item placed twice");
        if (!run.deleted) {
            for (std::uint32_t k = 0; k < run.length; ++k)
                if (!decode_value(in, state.content[run.counter + k])) return false;
        }
        const std::uint32_t index = tree_.insert_before(kNoIndex, run);
        std::fill(state.owner.begin() + run.counter, state.owner.begin() + run.counter + run.length,
                  index);
        return true;
    }

    ReplicaId local_;
    std::uint32_t local_index_ = 0;
    std::vector<ReplicaState> replicas_;
    std::unordered_map<ReplicaId, std::uint32_t, ReplicaIdHash> replica_index_;
    RunTree tree_;
};

}  // namespace grove::sdk::crdt
