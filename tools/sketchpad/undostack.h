// UndoStack: this member's own changes to a sketch, each kept as the register writes that undo it
// and those that redo it; undoing submits the former as a new operation, so it replicates.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>

#include "grove/tools/sketchpad/v1/ops.pb.h"

namespace grove::tools::sketchpad {

struct UndoStep {
    v1::UpdateShapes undo;  // writes that restore the registers as they were before the change
    v1::UpdateShapes redo;  // writes that make the change again
};

class UndoStack {
public:
    static constexpr std::size_t kMaxSteps = 500;

    // A new change of ours: it can be undone; what was undone can no longer be redone.
    void push(UndoStep step);
    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }
    // The step to undo (moved to the redo side), or nullopt.
    std::optional<UndoStep> undo();
    // The step to redo (moved back to the undo side), or nullopt.
    std::optional<UndoStep> redo();
    // The step could not be submitted: put it back where it was.
    void restore_undo(UndoStep step);
    void restore_redo(UndoStep step);
    void clear();

private:
    std::deque<UndoStep> undo_;
    std::deque<UndoStep> redo_;
};

}  // namespace grove::tools::sketchpad
