// TypingBatch: local text edits waiting to be submitted as one operation — keystrokes are merged
// into run-length ops, and the batch is due after a short pause or a maximum age.
#pragma once

#include <grove/sdk/crdt/text.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "grove/tools/notepad/v1/ops.pb.h"
#include "notepadstate.h"

namespace grove::tools::notepad {

class TypingBatch {
public:
    struct Timing {
        std::int64_t idle_ms = 300;  // due this long after the last edit ...
        std::int64_t max_ms = 1000;  // ... or this long after the first, whichever comes first
    };

    TypingBatch() = default;
    explicit TypingBatch(Timing timing) : timing_(timing) {}

    // Adds a local op made at `now_ms` to the batch. An edit of another document than the
    // pending one cannot join: take() the batch first (add returns false and keeps nothing).
    bool add(const DocumentId& document, crdt::Text::Op op, std::int64_t now_ms);

    bool empty() const { return ops_.empty(); }
    std::optional<DocumentId> document() const;
    // When the batch must be submitted (nullopt when empty).
    std::optional<std::int64_t> due_at() const;
    bool due(std::int64_t now_ms) const;
    std::size_t op_count() const { return ops_.size(); }

    // The batch as an operation payload, and empties it.
    v1::EditDocument take();
    // The batch as it would be taken, without emptying it (for snapshots).
    v1::EditDocument peek() const;

private:
    static bool merge(crdt::Text::Op& last, const crdt::Text::Op& next);

    Timing timing_;
    DocumentId document_{};
    std::vector<crdt::Text::Op> ops_;
    std::int64_t first_ms_ = 0;
    std::int64_t last_ms_ = 0;
};

}  // namespace grove::tools::notepad
