// UndoHistory: undo and redo of this device's own edits of one document only — an insert is undone
// by removing the characters it created (wherever they are now), a removal by re-inserting its
// text where it was, a place that follows everyone's later edits.
#pragma once

#include <grove/sdk/crdt/text.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace grove::tools::notepad {

class UndoHistory {
public:
    // How undo reaches the document: the model's normal local-edit path, which calls back
    // record_insert / record_remove for what it did.
    class Editor {
    public:
        virtual ~Editor() = default;
        virtual std::optional<std::size_t> position_of(const sdk::crdt::ItemId& id) const = 0;
        virtual std::size_t size() const = 0;
        // The id of the first inserted character (the rest follow it), nullopt when refused.
        virtual std::optional<sdk::crdt::ItemId> insert(std::size_t position,
                                                        std::u32string_view text) = 0;
        virtual bool remove(std::size_t position, std::size_t count) = 0;
    };

    explicit UndoHistory(std::size_t max_steps = 200) : max_groups_(max_steps) {}

    // A local edit, after map() was called with its change.
    void record_insert(const sdk::crdt::Text::Insert& op);
    // `ids`: the removed characters' ids in document order (the delete op's spans).
    void record_remove(std::size_t position, std::u32string text,
                       std::vector<sdk::crdt::IdSpan> ids);
    // The next recorded edit starts a new undo step (called when a typing batch is submitted).
    void end_group() { open_ = false; }
    // Any change to the text (local or remote): remembered places follow it.
    void map(const sdk::crdt::SequenceChange& change);

    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }
    // Reverts the latest own step that still has an effect; false when there is none.
    bool undo(Editor& editor) { return revert(undo_, redo_, editor); }
    bool redo(Editor& editor) { return revert(redo_, undo_, editor); }

private:
    struct Step {
        std::vector<sdk::crdt::IdSpan> inserted;     // an insert: the characters it created
        std::u32string removed;                      // a removal: the text ...
        std::vector<sdk::crdt::IdSpan> removed_ids;  // ... the characters it removed ...
        std::size_t position = 0;                    // ... and where it was
    };
    using Group = std::vector<Step>;

    Group& target();
    bool revert(std::vector<Group>& from, std::vector<Group>& to, Editor& editor);
    void revert_step(const Step& step, Editor& editor);
    // Re-inserting removed text gives its characters new ids: steps naming the old ones follow.
    void rename_ids(const std::vector<sdk::crdt::IdSpan>& old_ids, sdk::crdt::ItemId first_new);

    std::size_t max_groups_;
    std::vector<Group> undo_;
    std::vector<Group> redo_;
    Group* reverting_into_ = nullptr;
    bool open_ = false;
};

}  // namespace grove::tools::notepad
