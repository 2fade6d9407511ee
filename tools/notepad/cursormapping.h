// Cursor mapping: moves a cursor or selection through a text change so it stays on the character
// it was on — remote edits before it shift it, edits after it leave it, a removal around it
// collapses it to the removal point.
#pragma once

#include <grove/sdk/crdt/sequence.h>

#include <cstddef>

namespace grove::tools::notepad {

// How a position behaves when text is inserted exactly at it.
enum class Gravity {
    Right,  // stays before the character to its right: moves past the inserted text (a cursor,
            // a selection's start)
    Left,   // stays after the character to its left: the inserted text goes after it (a
            // selection's end, so a remote insert at its end does not extend it)
};

inline std::size_t map_position(std::size_t position, const sdk::crdt::SequenceChange& change,
                                Gravity gravity = Gravity::Right) {
    using Kind = sdk::crdt::SequenceChange::Kind;
    if (change.kind == Kind::kInserted) {
        if (change.pos < position || (change.pos == position && gravity == Gravity::Right))
            return position + change.count;
        return position;
    }
    if (position >= change.pos + change.count) return position - change.count;
    if (position > change.pos) return change.pos;
    return position;
}

struct Selection {
    std::size_t anchor = 0;  // where the selection started
    std::size_t cursor = 0;  // where the caret is (may be before the anchor)
};

inline Selection map_selection(Selection selection, const sdk::crdt::SequenceChange& change) {
    if (selection.anchor == selection.cursor) {
        selection.anchor = selection.cursor = map_position(selection.cursor, change);
        return selection;
    }
    const bool forward = selection.anchor < selection.cursor;
    std::size_t& start = forward ? selection.anchor : selection.cursor;
    std::size_t& end = forward ? selection.cursor : selection.anchor;
    start = map_position(start, change, Gravity::Right);
    end = map_position(end, change, Gravity::Left);
    if (end < start) end = start;
    return selection;
}

}  // namespace grove::tools::notepad
