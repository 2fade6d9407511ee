#include "undostack.h"

namespace grove::tools::sketchpad {

void UndoStack::push(UndoStep step) {
    undo_.push_back(std::move(step));
    if (undo_.size() > kMaxSteps) undo_.pop_front();
    redo_.clear();
}

std::optional<UndoStep> UndoStack::undo() {
    if (undo_.empty()) return std::nullopt;
    UndoStep step = std::move(undo_.back());
    undo_.pop_back();
    redo_.push_back(step);
    return step;
}

std::optional<UndoStep> UndoStack::redo() {
    if (redo_.empty()) return std::nullopt;
    UndoStep step = std::move(redo_.back());
    redo_.pop_back();
    undo_.push_back(step);
    return step;
}

void UndoStack::restore_undo(UndoStep step) {
    if (!redo_.empty()) redo_.pop_back();
    undo_.push_back(std::move(step));
}

void UndoStack::restore_redo(UndoStep step) {
    if (!undo_.empty()) undo_.pop_back();
    redo_.push_back(std::move(step));
}

void UndoStack::clear() {
    undo_.clear();
    redo_.clear();
}

}  // namespace grove::tools::sketchpad
