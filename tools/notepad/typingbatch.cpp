#include "typingbatch.h"

#include <algorithm>

namespace grove::tools::notepad {

bool TypingBatch::add(const DocumentId& document, crdt::Text::Op op, std::int64_t now_ms) {
    if (!ops_.empty() && document != document_) return false;
    if (ops_.empty()) {
        document_ = document;
        first_ms_ = now_ms;
    }
    last_ms_ = now_ms;
    if (ops_.empty() || !merge(ops_.back(), op)) ops_.push_back(std::move(op));
    return true;
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
            insert->origin_right != previous->origin_right)
            return false;
        previous->values += insert->values;
        return true;
    }
    auto& previous = std::get<crdt::Text::Delete>(last);
    const auto* remove = std::get_if<crdt::Text::Delete>(&next);
    if (!remove) return false;
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

v1::EditDocument TypingBatch::peek() const {
    v1::EditDocument edit;
    if (ops_.empty()) return edit;
    edit.set_document_id(
        std::string(reinterpret_cast<const char*>(document_.data()), document_.size()));
    for (const crdt::Text::Op& op : ops_) {
        std::vector<std::uint8_t> bytes = crdt::Text::encode_op(op);
        edit.add_text_ops(std::string(bytes.begin(), bytes.end()));
    }
    return edit;
}

v1::EditDocument TypingBatch::take() {
    v1::EditDocument edit = peek();
    ops_.clear();
    return edit;
}

}  // namespace grove::tools::notepad
