// Text: the Sequence CRDT specialised for plain text; positions and lengths are Unicode code
// points, with UTF-8 in and out for convenience. Ops are SequenceOp<char32_t>.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "grove/sdk/crdt/sequence.h"
#include "grove/sdk/crdt/utf8.h"

namespace grove::sdk::crdt {

class Text {
public:
    using Op = SequenceOp<char32_t>;
    using Insert = SequenceInsert<char32_t>;
    using Delete = SequenceDelete;

    explicit Text(ReplicaId local) : sequence_(local) {}

    ReplicaId replica() const { return sequence_.replica(); }
    std::size_t size() const { return sequence_.size(); }  // code points
    bool empty() const { return sequence_.empty(); }

    std::u32string to_u32string() const {
        std::u32string out;
        out.reserve(size());
        sequence_.for_each([&](char32_t c) { out.push_back(c); });
        return out;
    }
    std::string to_utf8() const {
        std::string out;
        out.reserve(size());
        sequence_.for_each([&](char32_t c) { append_utf8(out, c); });
        return out;
    }

    // Throws std::invalid_argument for empty text or code points that are not Unicode scalar
    // values, std::out_of_range when pos > size().
    Insert insert(std::size_t pos, std::u32string_view text) {
        for (char32_t c : text)
            if (!is_unicode_scalar(c))
                throw std::invalid_argument("Text::insert: not a Unicode scalar value");
        return sequence_.insert(pos, std::span<const char32_t>(text.data(), text.size()));
    }
    // Throws std::invalid_argument for invalid UTF-8 (the text is not changed).
    Insert insert_utf8(std::size_t pos, std::string_view utf8) {
        Result<std::u32string> decoded = utf8_to_utf32(utf8);
        if (!decoded)
            throw std::invalid_argument("Text::insert_utf8: " + decoded.error().describe());
        return insert(pos, *decoded);
    }
    Delete remove(std::size_t pos, std::size_t count) { return sequence_.remove(pos, count); }

    Result<void> apply(const Op& op) {
        return std::visit([this](const auto& concrete) { return apply(concrete); }, op);
    }
    Result<void> apply(const Insert& op) {
        if (Result<void> valid = check_scalars(op); !valid) return valid;
        return sequence_.apply(op);
    }
    Result<void> apply(const Delete& op) { return sequence_.apply(op); }

    // Same, also appending the visible changes (code-point positions) to `changes`; see
    // SequenceChange.
    Result<void> apply(const Op& op, std::vector<SequenceChange>& changes) {
        return std::visit([&](const auto& concrete) { return apply(concrete, changes); }, op);
    }
    Result<void> apply(const Insert& op, std::vector<SequenceChange>& changes) {
        if (Result<void> valid = check_scalars(op); !valid) return valid;
        return sequence_.apply(op, changes);
    }
    Result<void> apply(const Delete& op, std::vector<SequenceChange>& changes) {
        return sequence_.apply(op, changes);
    }

    // Visible text as runs of consecutive ids, in order: visit(first id, length in code points).
    template <class F>
    void for_each_visible_run(F&& visit) const {
        sequence_.for_each_visible_run(std::forward<F>(visit));
    }

    std::optional<std::size_t> position_of(const ItemId& id) const {
        return sequence_.position_of(id);
    }
    Digest digest() const { return sequence_.digest(); }
    SequenceStats stats() const { return sequence_.stats(); }
    const Sequence<char32_t>& sequence() const { return sequence_; }

    static std::vector<std::uint8_t> encode_op(const Op& op) {
        return encode_sequence_op<char32_t>(op);
    }
    static Result<Op> decode_op(std::span<const std::uint8_t> bytes) {
        return decode_sequence_op<char32_t>(bytes);
    }

    std::vector<std::uint8_t> snapshot() const { return sequence_.snapshot(); }
    static Result<Text> restore(ReplicaId local, std::span<const std::uint8_t> bytes,
                                SequenceRestoreLimits limits = {}) {
        Result<Sequence<char32_t>> sequence = Sequence<char32_t>::restore(local, bytes, limits);
        if (!sequence) return sequence.error();
        return Text(std::move(sequence).value());
    }

private:
    explicit Text(Sequence<char32_t> sequence) : sequence_(std::move(sequence)) {}

    static Result<void> check_scalars(const Insert& op) {
        for (char32_t c : op.values)
            if (!is_unicode_scalar(c))
                return Error{ErrorCode::InvalidArgument, "insert of a non-scalar code point"};
        return Result<void>{};
    }

    Sequence<char32_t> sequence_;
};

}  // namespace grove::sdk::crdt
