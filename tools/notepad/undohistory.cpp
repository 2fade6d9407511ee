#include "undohistory.h"

#include <algorithm>
#include <map>

#include "cursormapping.h"

namespace grove::tools::notepad {

UndoHistory::Group& UndoHistory::target() {
    if (reverting_into_) return *reverting_into_;
    if (!open_ || undo_.empty()) {
        undo_.emplace_back();
        if (undo_.size() > max_groups_) undo_.erase(undo_.begin());
        open_ = true;
    }
    redo_.clear();
    return undo_.back();
}

void UndoHistory::record_insert(const sdk::crdt::Text::Insert& op) {
    Group& group = target();
    const auto length = static_cast<std::uint32_t>(op.values.size());
    if (!group.empty() && !group.back().inserted.empty()) {
        sdk::crdt::IdSpan& last = group.back().inserted.back();
        if (last.replica == op.id.replica && last.counter + last.length == op.id.counter) {
            last.length += length;
            return;
        }
        group.back().inserted.push_back({op.id.replica, op.id.counter, length});
        return;
    }
    Step step;
    step.inserted.push_back({op.id.replica, op.id.counter, length});
    group.push_back(std::move(step));
}

void UndoHistory::record_remove(std::size_t position, std::u32string text,
                                std::vector<sdk::crdt::IdSpan> ids) {
    Group& group = target();
    // Backspacing: the removed text goes in front of what the previous backspace removed.
    if (!group.empty() && group.back().inserted.empty() &&
        position + text.size() == group.back().position) {
        Step& last = group.back();
        last.removed.insert(0, text);
        last.removed_ids.insert(last.removed_ids.begin(), ids.begin(), ids.end());
        last.position = position;
        return;
    }
    if (!group.empty() && group.back().inserted.empty() && position == group.back().position) {
        group.back().removed += text;  // forward delete
        group.back().removed_ids.insert(group.back().removed_ids.end(), ids.begin(), ids.end());
        return;
    }
    Step step;
    step.removed = std::move(text);
    step.removed_ids = std::move(ids);
    step.position = position;
    group.push_back(std::move(step));
}

void UndoHistory::rename_ids(const std::vector<sdk::crdt::IdSpan>& old_ids,
                             sdk::crdt::ItemId first_new) {
    std::map<sdk::crdt::ItemId, sdk::crdt::ItemId> renamed;
    std::uint32_t next = first_new.counter;
    for (const sdk::crdt::IdSpan& span : old_ids)
        for (std::uint32_t k = 0; k < span.length; ++k)
            renamed[{span.replica, span.counter + k}] = {first_new.replica, next++};
    for (auto* stack : {&undo_, &redo_})
        for (Group& group : *stack)
            for (Step& step : group) {
                if (step.inserted.empty()) continue;
                std::vector<sdk::crdt::IdSpan> spans;
                for (const sdk::crdt::IdSpan& span : step.inserted)
                    for (std::uint32_t k = 0; k < span.length; ++k) {
                        sdk::crdt::ItemId id{span.replica, span.counter + k};
                        if (auto it = renamed.find(id); it != renamed.end()) id = it->second;
                        if (!spans.empty() && spans.back().replica == id.replica &&
                            spans.back().counter + spans.back().length == id.counter)
                            ++spans.back().length;
                        else
                            spans.push_back({id.replica, id.counter, 1});
                    }
                step.inserted = std::move(spans);
            }
}

void UndoHistory::map(const sdk::crdt::SequenceChange& change) {
    for (auto* stack : {&undo_, &redo_})
        for (Group& group : *stack)
            for (Step& step : group)
                if (step.inserted.empty())
                    step.position = map_position(step.position, change, Gravity::Left);
}

bool UndoHistory::revert(std::vector<Group>& from, std::vector<Group>& to, Editor& editor) {
    while (!from.empty()) {
        Group group = std::move(from.back());
        from.pop_back();
        Group inverse;
        reverting_into_ = &inverse;
        for (auto step = group.rbegin(); step != group.rend(); ++step) revert_step(*step, editor);
        reverting_into_ = nullptr;
        open_ = false;
        if (inverse.empty()) continue;  // everything it did was undone by others: the next one
        to.push_back(std::move(inverse));
        return true;
    }
    return false;
}

void UndoHistory::revert_step(const Step& step, Editor& editor) {
    if (step.inserted.empty()) {
        if (step.removed.empty()) return;
        if (auto first = editor.insert(std::min(step.position, editor.size()), step.removed))
            rename_ids(step.removed_ids, *first);
        return;
    }
    // Remove the characters still visible, as contiguous ranges, from the end backwards so the
    // positions still to remove stay valid.
    std::vector<std::size_t> positions;
    for (const sdk::crdt::IdSpan& span : step.inserted)
        for (std::uint32_t k = 0; k < span.length; ++k)
            if (auto position = editor.position_of({span.replica, span.counter + k}))
                positions.push_back(*position);
    std::sort(positions.begin(), positions.end());
    std::size_t end = positions.size();
    while (end > 0) {
        std::size_t begin = end - 1;
        while (begin > 0 && positions[begin - 1] + 1 == positions[begin]) --begin;
        editor.remove(positions[begin], end - begin);
        end = begin;
    }
}

}  // namespace grove::tools::notepad
