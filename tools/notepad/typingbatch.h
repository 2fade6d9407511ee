// TypingBatch: local text edits waiting to be submitted as one operation — keystrokes are merged
// into run-length ops, and the batch is due after a short pause, a maximum age or a maximum size.
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

    // An operation's payload is at most sdk::kMaxOperationPayload (1 MiB): a batch is submitted
    // as parts of at most kMaxBatchBytes plus one op, and no op grows past kMaxRunValues
    // characters or kMaxSpans removed spans, so every part fits (a 1 MB paste is a few parts).
    static constexpr std::size_t kMaxBatchBytes = 256 * 1024;
    static constexpr std::size_t kMaxRunValues = 32 * 1024;
    static constexpr std::size_t kMaxSpans = 4 * 1024;

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
    // An upper bound of the encoded size of the batch's ops.
    std::size_t bytes() const { return bytes_; }
    // An upper bound of one op's encoded size (a character is at most a 3-byte varint).
    static std::size_t encoded_bound(const crdt::Text::Op& op);

    // The leading ops that fit one operation, as its payload; drop_part() removes them once
    // submitted. Empty when the batch is.
    v1::EditDocument peek_part() const;
    void drop_part();
    // The whole batch as the parts it would be submitted in, without emptying it (snapshots).
    std::vector<v1::EditDocument> peek() const;
    // The whole batch as one payload (however large), and empties it.
    v1::EditDocument take();

private:
    std::size_t part_ops(std::size_t first) const;
    v1::EditDocument encode(std::size_t first, std::size_t count) const;

    static bool merge(crdt::Text::Op& last, const crdt::Text::Op& next);

    Timing timing_;
    DocumentId document_{};
    std::vector<crdt::Text::Op> ops_;
    std::int64_t first_ms_ = 0;
    std::int64_t last_ms_ = 0;
    std::size_t bytes_ = 0;
};

}  // namespace grove::tools::notepad
