// RunTree: the Sequence CRDT's document order — runs of consecutively typed items in a B+ tree
// whose nodes count visible and total (tombstones included) items, for O(log n) position lookups.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace grove::sdk::crdt {

inline constexpr std::uint32_t kNoIndex = UINT32_MAX;

// An item id inside one Sequence: replica is an index into that Sequence's replica table.
struct ItemRef {
    std::uint32_t replica = kNoIndex;
    std::uint32_t counter = 0;

    bool is_none() const { return replica == kNoIndex; }
    friend bool operator==(const ItemRef&, const ItemRef&) = default;
};

// Items replica:counter .. replica:counter+length-1, adjacent in document order, where item k>0
// has origin_left = item k-1 and every item shares origin_right. Either all visible or all deleted.
struct Run {
    std::uint32_t replica = 0;
    std::uint32_t counter = 0;
    std::uint32_t length = 0;
    std::uint32_t leaf = kNoIndex;  // maintained by RunTree
    ItemRef left;                   // origin_left of the first item
    ItemRef right;                  // origin_right of every item
    bool deleted = false;

    std::uint32_t visible_length() const { return deleted ? 0 : length; }
    ItemRef item(std::uint32_t offset) const { return ItemRef{replica, counter + offset}; }
    ItemRef last() const { return item(length - 1); }
};

// An item position: run index + offset into the run; run == kNoIndex means "past the last item".
struct RunPos {
    std::uint32_t run = kNoIndex;
    std::uint32_t offset = 0;

    bool at_end() const { return run == kNoIndex; }
};

// Result of splitting a run: `created` is the new run index, always given to the shorter half so a
// caller that re-indexes ids by run only rewrites the shorter half.
struct RunSplit {
    std::uint32_t left = kNoIndex;
    std::uint32_t right = kNoIndex;
    std::uint32_t created = kNoIndex;
};

// Runs live in a pool and never move or disappear (tombstones are kept), so a run index is a stable
// handle; leaves hold run indices in document order. Nodes are never merged or freed.
class RunTree {
public:
    static constexpr std::uint32_t kLeafCapacity = 32;
    static constexpr std::uint32_t kInnerCapacity = 32;

    RunTree() { leaves_.emplace_back(); }

    const Run& run(std::uint32_t index) const { return runs_[index]; }
    std::size_t run_count() const { return runs_.size(); }
    std::size_t leaf_count() const { return leaves_.size(); }
    std::uint64_t visible_size() const {
        return height_ == 0 ? leaves_[root_].visible : inners_[root_].visible;
    }
    std::uint64_t total_size() const {
        return height_ == 0 ? leaves_[root_].total : inners_[root_].total;
    }

    void reserve(std::size_t runs) { runs_.reserve(runs); }

    // Bytes held by the pools (capacity, not size): what the tree costs in memory.
    std::size_t heap_bytes() const {
        return runs_.capacity() * sizeof(Run) + leaves_.capacity() * sizeof(Leaf) +
               inners_.capacity() * sizeof(Inner);
    }

    std::uint32_t first_run() const { return leaves_[0].count ? leaves_[0].runs[0] : kNoIndex; }
    std::uint32_t last_run() const {
        const Leaf& leaf = leaves_[last_leaf_];
        return leaf.count ? leaf.runs[leaf.count - 1] : kNoIndex;
    }

    std::uint32_t next_run(std::uint32_t index) const {
        const Leaf& leaf = leaves_[runs_[index].leaf];
        const std::uint32_t slot = slot_of(index);
        if (slot + 1 < leaf.count) return leaf.runs[slot + 1];
        return leaf.next == kNoIndex ? kNoIndex : leaves_[leaf.next].runs[0];
    }

    std::uint32_t prev_run(std::uint32_t index) const {
        const Leaf& leaf = leaves_[runs_[index].leaf];
        const std::uint32_t slot = slot_of(index);
        if (slot > 0) return leaf.runs[slot - 1];
        if (leaf.prev == kNoIndex) return kNoIndex;
        const Leaf& prev = leaves_[leaf.prev];
        return prev.runs[prev.count - 1];
    }

    // The item after `pos` (tombstones included).
    RunPos successor(RunPos pos) const {
        if (pos.offset + 1 < runs_[pos.run].length) return RunPos{pos.run, pos.offset + 1};
        const std::uint32_t next = next_run(pos.run);
        return next == kNoIndex ? RunPos{} : RunPos{next, 0};
    }

    // The visible item with visible index `pos` (< visible_size()); the end position otherwise.
    RunPos find_visible(std::uint64_t pos) const {
        std::uint32_t node = root_;
        for (std::uint32_t level = height_; level > 0; --level) {
            const Inner& inner = inners_[node];
            std::uint32_t chosen = kNoIndex;
            for (std::uint32_t i = 0; i < inner.count; ++i) {
                const std::uint32_t child = inner.children[i];
                const std::uint64_t visible =
                    inner.leaf_children ? leaves_[child].visible : inners_[child].visible;
                if (pos < visible) {
                    chosen = child;
                    break;
                }
                pos -= visible;
            }
            if (chosen == kNoIndex) return RunPos{};
            node = chosen;
        }
        const Leaf& leaf = leaves_[node];
        for (std::uint32_t i = 0; i < leaf.count; ++i) {
            const std::uint32_t visible = runs_[leaf.runs[i]].visible_length();
            if (pos < visible) return RunPos{leaf.runs[i], static_cast<std::uint32_t>(pos)};
            pos -= visible;
        }
        return RunPos{};
    }

    // Index of an item among all items, tombstones included.
    std::uint64_t full_index(RunPos pos) const { return items_before(pos.run, false) + pos.offset; }
    // Number of visible items before the run.
    std::uint64_t visible_before(std::uint32_t index) const { return items_before(index, true); }

    // Inserts a new run before `existing` (kNoIndex: at the very end); returns its index.
    std::uint32_t insert_before(std::uint32_t existing, const Run& run) {
        const std::uint32_t index = add_run(run);
        if (existing == kNoIndex) {
            insert_at(last_leaf_, leaves_[last_leaf_].count, index, true);
        } else {
            insert_at(runs_[existing].leaf, slot_of(existing), index, true);
        }
        return index;
    }

    std::uint32_t insert_after(std::uint32_t existing, const Run& run) {
        const std::uint32_t index = add_run(run);
        insert_at(runs_[existing].leaf, slot_of(existing) + 1, index, true);
        return index;
    }

    // Splits run `index` into [0, offset) and [offset, length); 0 < offset < length.
    RunSplit split(std::uint32_t index, std::uint32_t offset) {
        const Run whole = runs_[index];
        Run left = whole;
        left.length = offset;
        Run right = whole;
        right.counter += offset;
        right.length -= offset;
        right.left = whole.item(offset - 1);
        const std::uint32_t slot = slot_of(index);
        const bool left_is_shorter = offset <= whole.length - offset;
        runs_[index] = left_is_shorter ? right : left;
        const std::uint32_t created = add_run(left_is_shorter ? left : right);
        insert_at(whole.leaf, left_is_shorter ? slot : slot + 1, created, false);
        return left_is_shorter ? RunSplit{created, index, created}
                               : RunSplit{index, created, created};
    }

    // Appends `count` items to the end of a run (the caller checked they continue it).
    void extend(std::uint32_t index, std::uint32_t count) {
        Run& run = runs_[index];
        run.length += count;
        add_counts(run.leaf, run.deleted ? 0 : count, count);
    }

    void mark_deleted(std::uint32_t index) {
        Run& run = runs_[index];
        if (run.deleted) return;
        run.deleted = true;
        add_counts(run.leaf, -static_cast<std::int64_t>(run.length), 0);
    }

    // Visits (index, run) in document order.
    template <class F>
    void for_each_run(F&& visit) const {
        for (std::uint32_t leaf = 0; leaf != kNoIndex; leaf = leaves_[leaf].next) {
            const Leaf& node = leaves_[leaf];
            for (std::uint32_t i = 0; i < node.count; ++i) visit(node.runs[i], runs_[node.runs[i]]);
        }
    }

private:
    struct Leaf {
        std::uint32_t parent = kNoIndex;
        std::uint32_t prev = kNoIndex;
        std::uint32_t next = kNoIndex;
        std::uint32_t count = 0;
        std::uint64_t visible = 0;
        std::uint64_t total = 0;
        std::array<std::uint32_t, kLeafCapacity + 1> runs{};  // one spare slot before a split
    };
    struct Inner {
        std::uint32_t parent = kNoIndex;
        std::uint32_t count = 0;
        bool leaf_children = true;
        std::uint64_t visible = 0;
        std::uint64_t total = 0;
        std::array<std::uint32_t, kInnerCapacity + 1> children{};
    };

    std::uint32_t add_run(const Run& run) {
        runs_.push_back(run);
        return static_cast<std::uint32_t>(runs_.size() - 1);
    }

    std::uint32_t slot_of(std::uint32_t index) const {
        const Leaf& leaf = leaves_[runs_[index].leaf];
        return static_cast<std::uint32_t>(
            std::find(leaf.runs.begin(), leaf.runs.begin() + leaf.count, index) -
            leaf.runs.begin());
    }

    std::uint64_t items_before(std::uint32_t index, bool visible_only) const {
        const std::uint32_t leaf_index = runs_[index].leaf;
        const Leaf& leaf = leaves_[leaf_index];
        std::uint64_t sum = 0;
        for (std::uint32_t i = 0; i < leaf.count && leaf.runs[i] != index; ++i) {
            const Run& run = runs_[leaf.runs[i]];
            sum += visible_only ? run.visible_length() : run.length;
        }
        std::uint32_t child = leaf_index;
        for (std::uint32_t parent = leaf.parent; parent != kNoIndex;) {
            const Inner& inner = inners_[parent];
            for (std::uint32_t i = 0; i < inner.count && inner.children[i] != child; ++i) {
                const std::uint32_t sibling = inner.children[i];
                if (inner.leaf_children)
                    sum += visible_only ? leaves_[sibling].visible : leaves_[sibling].total;
                else
                    sum += visible_only ? inners_[sibling].visible : inners_[sibling].total;
            }
            child = parent;
            parent = inner.parent;
        }
        return sum;
    }

    void add_counts(std::uint32_t leaf_index, std::int64_t visible, std::int64_t total) {
        Leaf& leaf = leaves_[leaf_index];
        leaf.visible += static_cast<std::uint64_t>(visible);
        leaf.total += static_cast<std::uint64_t>(total);
        for (std::uint32_t parent = leaf.parent; parent != kNoIndex;
             parent = inners_[parent].parent) {
            inners_[parent].visible += static_cast<std::uint64_t>(visible);
            inners_[parent].total += static_cast<std::uint64_t>(total);
        }
    }

    void insert_at(std::uint32_t leaf_index, std::uint32_t slot, std::uint32_t index,
                   bool count_items) {
        Leaf& leaf = leaves_[leaf_index];
        std::copy_backward(leaf.runs.begin() + slot, leaf.runs.begin() + leaf.count,
                           leaf.runs.begin() + leaf.count + 1);
        leaf.runs[slot] = index;
        ++leaf.count;
        runs_[index].leaf = leaf_index;
        if (count_items) add_counts(leaf_index, runs_[index].visible_length(), runs_[index].length);
        if (leaf.count > kLeafCapacity) split_leaf(leaf_index);
    }

    void split_leaf(std::uint32_t leaf_index) {
        const std::uint32_t fresh = static_cast<std::uint32_t>(leaves_.size());
        leaves_.emplace_back();
        Leaf& old_leaf = leaves_[leaf_index];
        Leaf& new_leaf = leaves_[fresh];
        const std::uint32_t keep = old_leaf.count / 2;
        for (std::uint32_t i = keep; i < old_leaf.count; ++i) {
            const std::uint32_t index = old_leaf.runs[i];
            new_leaf.runs[new_leaf.count++] = index;
            runs_[index].leaf = fresh;
            new_leaf.visible += runs_[index].visible_length();
            new_leaf.total += runs_[index].length;
        }
        old_leaf.count = keep;
        old_leaf.visible -= new_leaf.visible;
        old_leaf.total -= new_leaf.total;
        new_leaf.prev = leaf_index;
        new_leaf.next = old_leaf.next;
        if (old_leaf.next != kNoIndex)
            leaves_[old_leaf.next].prev = fresh;
        else
            last_leaf_ = fresh;
        old_leaf.next = fresh;
        new_leaf.parent = old_leaf.parent;
        if (old_leaf.parent == kNoIndex) {
            grow_root(leaf_index, fresh, true);
        } else {
            insert_child_after(old_leaf.parent, leaf_index, fresh);
        }
    }

    void grow_root(std::uint32_t first, std::uint32_t second, bool leaf_children) {
        const std::uint32_t root = static_cast<std::uint32_t>(inners_.size());
        inners_.emplace_back();
        Inner& node = inners_[root];
        node.leaf_children = leaf_children;
        node.count = 2;
        node.children[0] = first;
        node.children[1] = second;
        for (std::uint32_t child : {first, second}) {
            if (leaf_children) {
                leaves_[child].parent = root;
                node.visible += leaves_[child].visible;
                node.total += leaves_[child].total;
            } else {
                inners_[child].parent = root;
                node.visible += inners_[child].visible;
                node.total += inners_[child].total;
            }
        }
        root_ = root;
        ++height_;
    }

    // The new child's items are already counted in `parent` (they were carved out of a sibling).
    void insert_child_after(std::uint32_t parent, std::uint32_t after, std::uint32_t child) {
        Inner& node = inners_[parent];
        const std::uint32_t slot = static_cast<std::uint32_t>(
            std::find(node.children.begin(), node.children.begin() + node.count, after) -
            node.children.begin());
        std::copy_backward(node.children.begin() + slot + 1, node.children.begin() + node.count,
                           node.children.begin() + node.count + 1);
        node.children[slot + 1] = child;
        ++node.count;
        if (node.leaf_children)
            leaves_[child].parent = parent;
        else
            inners_[child].parent = parent;
        if (node.count > kInnerCapacity) split_inner(parent);
    }

    void split_inner(std::uint32_t inner_index) {
        const std::uint32_t fresh = static_cast<std::uint32_t>(inners_.size());
        inners_.emplace_back();
        Inner& old_node = inners_[inner_index];
        Inner& new_node = inners_[fresh];
        new_node.leaf_children = old_node.leaf_children;
        const std::uint32_t keep = old_node.count / 2;
        for (std::uint32_t i = keep; i < old_node.count; ++i) {
            const std::uint32_t child = old_node.children[i];
            new_node.children[new_node.count++] = child;
            if (new_node.leaf_children) {
                leaves_[child].parent = fresh;
                new_node.visible += leaves_[child].visible;
                new_node.total += leaves_[child].total;
            } else {
                inners_[child].parent = fresh;
                new_node.visible += inners_[child].visible;
                new_node.total += inners_[child].total;
            }
        }
        old_node.count = keep;
        old_node.visible -= new_node.visible;
        old_node.total -= new_node.total;
        new_node.parent = old_node.parent;
        if (old_node.parent == kNoIndex) {
            grow_root(inner_index, fresh, false);
        } else {
            insert_child_after(old_node.parent, inner_index, fresh);
        }
    }

    std::vector<Run> runs_;
    std::vector<Leaf> leaves_;  // leaves_[0] is always the first leaf
    std::vector<Inner> inners_;
    std::uint32_t root_ = 0;  // a leaf when height_ == 0, else an inner node
    std::uint32_t height_ = 0;
    std::uint32_t last_leaf_ = 0;
};

}  // namespace grove::sdk::crdt
