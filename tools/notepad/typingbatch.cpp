#include "typingbatch.h"

#include <algorithm>

#include "editpacking.h"

namespace grove::tools::notepad {

bool TypingBatch::add(const DocumentId& document, crdt::Text::Op op, std::int64_t now_ms) {
    if (!ops_.empty() && document != document_) return false;
    if (ops_.empty()) {
        document_ = document;
        first_ms_ = now_ms;
    }
    last_ms_ = now_ms;
    bytes_ += encoded_bound(op);
    if (ops_.empty() || !merge(ops_.back(), op)) ops_.push_back(std::move(op));
    return true;
}

std::size_t TypingBatch::encoded_bound(const crdt::Text::Op& op) {
    constexpr std::size_t kIdBound = 8 + 10;  // replica, counter varint
    if (const auto* insert = std::get_if<crdt::Text::Insert>(&op))
        return 8 + 3 * kIdBound + 10 + 3 * insert->values.size();
    return 8 + 10 + std::get<crdt::Text::Delete>(op).spans.size() * (kIdBound + 10);
}

// Typing left to right continues the previous insert's run: same replica, the next counter, its
// left origin the previous run's last character and the same right origin — exactly what the
// Text CRDT would have produced for the two inserts typed at once. Deletes always merge (a delete
// op is a list of id spans; order among them does not matter).
bool TypingBatch::merge(crdt::Text::Op& last, const crdt::Text::Op& next) {
    if (auto* previous = std::get_if<crdt::Text::Insert>(&last)) {
        const auto* insert = std::get_if<crdt::Text::Insert>(&next);
        if (!insert) return false;
        const auto length = static_cast<std::uint32_t>(previous->values.size());
        const crdt::ItemId last_item{previous->id.replica, previous->id.counter + length - 1};
        if (insert->id.replica != previous->id.replica ||
            insert->id.counter != previous->id.counter + length ||
            insert->origin_left != std::optional<crdt::ItemId>(last_item) ||
            insert->origin_right != previous->origin_right ||
            length + insert->values.size() > kMaxRunValues)
            return false;
        previous->values += insert->values;
        return true;
    }
    auto& previous = std::get<crdt::Text::Delete>(last);
    const auto* remove = std::get_if<crdt::Text::Delete>(&next);
    if (!remove || previous.spans.size() + remove->spans.size() > kMaxSpans) return false;
    for (const crdt::IdSpan& span : remove->spans) {
        crdt::IdSpan& tail = previous.spans.back();
        if (tail.replica == span.replica && tail.counter + tail.length == span.counter)
            tail.length += span.length;
        else if (tail.replica == span.replica && span.counter + span.length == tail.counter) {
            tail.counter = span.counter;  // backspacing: the new span ends where the last began
            tail.length += span.length;
        } else
            previous.spans.push_back(span);
    }
    return true;
}

std::optional<DocumentId> TypingBatch::document() const {
    if (ops_.empty()) return std::nullopt;
    return document_;
}

std::optional<std::int64_t> TypingBatch::due_at() const {
    if (ops_.empty()) return std::nullopt;
    return std::min(last_ms_ + timing_.idle_ms, first_ms_ + timing_.max_ms);
}

bool TypingBatch::due(std::int64_t now_ms) const {
    auto at = due_at();
    return at && now_ms >= *at;
}

std::size_t TypingBatch::part_ops(std::size_t first) const {
    std::size_t count = 0, bytes = 0;
    while (first + count < ops_.size() && (count == 0 || bytes < kMaxBatchBytes))
        bytes += encoded_bound(ops_[first + count++]);
    return count;
}

v1::EditDocument TypingBatch::encode(std::size_t first, std::size_t count) const {
    v1::EditDocument edit;
    edit.set_document_id(
        std::string(reinterpret_cast<const char*>(document_.data()), document_.size()));
    std::vector<std::string> ops;
    ops.reserve(count);
    for (std::size_t i = first; i < first + count; ++i) {
        std::vector<std::uint8_t> bytes = crdt::Text::encode_op(ops_[i]);
        ops.emplace_back(bytes.begin(), bytes.end());
    }
    pack_ops(ops, edit);
    return edit;
}

v1::EditDocument TypingBatch::peek_part() const {
    if (ops_.empty()) return {};
    return encode(0, part_ops(0));
}

void TypingBatch::drop_part() {
    const std::size_t count = part_ops(0);
    for (std::size_t i = 0; i < count; ++i) bytes_ -= encoded_bound(ops_[i]);
    ops_.erase(ops_.begin(), ops_.begin() + static_cast<std::ptrdiff_t>(count));
}

std::vector<v1::EditDocument> TypingBatch::peek() const {
    std::vector<v1::EditDocument> parts;
    for (std::size_t first = 0; first < ops_.size();) {
        const std::size_t count = part_ops(first);
        parts.push_back(encode(first, count));
        first += count;
    }
    return parts;
}

v1::EditDocument TypingBatch::take() {
    v1::EditDocument edit = ops_.empty() ? v1::EditDocument() : encode(0, ops_.size());
    ops_.clear();
    bytes_ = 0;
    return edit;
}

}  // namespace grove::tools::notepad
