#include "core/chat_state.h"

#include <grove/sdk/lastwriterwins.h>

#include <algorithm>
#include <cstring>

#include "crypto/primitives.h"

namespace grove::platform {

namespace {

constexpr std::uint32_t kChunkBytes = 256 * 1024;

}  // namespace

ChatState::ChatState() = default;
ChatState::~ChatState() = default;
ChatState::ChatState(ChatState&&) noexcept = default;
ChatState& ChatState::operator=(ChatState&&) noexcept = default;

std::uint32_t ChatState::intern(const crypto::SignPublicKey& k) {
    auto [it, inserted] = key_index_.try_emplace(k, static_cast<std::uint32_t>(keys_.size()));
    if (inserted) keys_.push_back(k);
    return it->second;
}

const crypto::SignPublicKey& ChatState::key(std::uint32_t index) const {
    static const crypto::SignPublicKey none{};
    return index == kNoKey ? none : keys_[index];
}

ChatState::TextRef ChatState::store_text(std::string_view text) {
    auto n = static_cast<std::uint32_t>(text.size());
    if (chunks_.empty() || chunk_used_ + n > chunk_sizes_.back()) {
        std::uint32_t capacity = std::max(kChunkBytes, n);
        chunks_.push_back(std::make_unique<char[]>(capacity));
        chunk_sizes_.push_back(capacity);
        chunk_used_ = 0;
    }
    TextRef ref{static_cast<std::uint32_t>(chunks_.size() - 1), chunk_used_, n};
    std::memcpy(chunks_.back().get() + chunk_used_, text.data(), n);
    chunk_used_ += n;
    live_text_bytes_ += n;
    return ref;
}

void ChatState::drop_text(TextRef& ref) {
    live_text_bytes_ -= ref.size;
    dead_text_bytes_ += ref.size;
    ref = TextRef{};
    // Edits and deletes leave dead text behind; copy the live texts once the dead outweigh them.
    if (dead_text_bytes_ > 4 * std::size_t{kChunkBytes} && dead_text_bytes_ > live_text_bytes_)
        compact_texts();
}

void ChatState::compact_texts() {
    auto old_chunks = std::move(chunks_);
    chunks_.clear();
    chunk_sizes_.clear();
    chunk_used_ = 0;
    live_text_bytes_ = 0;
    dead_text_bytes_ = 0;
    for (std::size_t n = 0; n < records_.size(); ++n) {
        Record& r = records_[n];
        if (r.text.size == 0) continue;
        std::string_view text(old_chunks[r.text.chunk].get() + r.text.offset, r.text.size);
        r.text = store_text(text);
    }
}

std::string_view ChatState::text_of(const TextRef& ref) const {
    if (ref.size == 0) return {};
    return {chunks_[ref.chunk].get() + ref.offset, ref.size};
}

std::size_t ChatState::text_bytes() const {
    std::size_t n = 0;
    for (auto c : chunk_sizes_) n += c;
    return n;
}

ChatMessage ChatState::materialize(const Record& r) const {
    ChatMessage m;
    m.id = r.id;
    m.author_identity = key(r.author);
    m.text = std::string(text_of(r.text));
    m.posted_ms = r.posted_ms;
    m.edited_ms = r.edited_ms;
    m.post_lamport = r.post_lamport;
    m.edit_lamport = r.edit_lamport;
    m.edit_device = key(r.edit_device);
    m.deleted = r.deleted;
    return m;
}

bool ChatState::displayed_before(std::uint32_t a, std::uint32_t b) const {
    const Record& x = records_[a];
    const Record& y = records_[b];
    return std::tie(x.post_lamport, x.id) < std::tie(y.post_lamport, y.id);
}

const std::vector<std::uint32_t>& ChatState::display_order() const {
    if (order_dirty_) {
        std::sort(order_.begin(), order_.end(),
                  [this](std::uint32_t a, std::uint32_t b) { return displayed_before(a, b); });
        order_dirty_ = false;
    }
    return order_;
}

Result<ChatState::Effect> ChatState::apply(const grove::space::v1::ChatOp& op,
                                           const OpOrigin& origin, DeltaId* affected) {
    using Op = grove::space::v1::ChatOp;
    switch (op.op_case()) {
        case Op::kPost: {
            const std::string& text = op.post().text();
            if (text.empty() || text.size() > kMaxChatTextBytes)
                return make_error(ErrorCode::InvalidArgument,
                                  "a chat message must be 1 byte to 64 KiB long");
            *affected = origin.delta_id;
            // A delta is applied once; a repeated post id (not reachable through Space) is a
            // no-op rather than a second record.
            if (records_.contains(origin.delta_id)) return Effect::None;
            Record r;
            r.id = origin.delta_id;
            r.author = intern(origin.identity);
            r.edit_device = kNoKey;
            r.text = store_text(text);
            r.posted_ms = origin.wall_time_ms;
            r.post_lamport = origin.lamport;
            std::uint32_t number = records_.append(r);
            if (number == DeltaIndex<Record>::kNone) {
                drop_text(r.text);
                return make_error(ErrorCode::ResourceExhausted, "too many chat messages");
            }
            if (!order_.empty() && !order_dirty_ && displayed_before(number, order_.back()))
                order_dirty_ = true;
            order_.push_back(number);
            return Effect::Posted;
        }
        case Op::kEdit:
        case Op::kDelete: {
            const std::string& raw =
                op.has_edit() ? op.edit().message_id() : op.delete_().message_id();
            auto id = fixed_from<32>(as_bytes(raw));
            if (!id) return make_error(ErrorCode::InvalidArgument, "bad chat message id");
            std::uint32_t number = records_.find(*id);
            // Causal delivery guarantees the post was applied before any edit of it.
            if (number == DeltaIndex<Record>::kNone)
                return make_error(ErrorCode::NotFound, "no such chat message");
            Record& m = records_[number];
            bool own = key(m.author) == origin.identity;
            *affected = *id;
            if (op.has_edit()) {
                if (!own)
                    return make_error(ErrorCode::PermissionDenied,
                                      "only the author may edit a chat message");
                const std::string& text = op.edit().text();
                if (text.empty() || text.size() > kMaxChatTextBytes)
                    return make_error(ErrorCode::InvalidArgument,
                                      "a chat message must be 1 byte to 64 KiB long");
                if (m.deleted) return Effect::None;
                if (!sdk::later_write(origin.lamport, origin.device, m.edit_lamport,
                                      key(m.edit_device)))
                    return Effect::None;
                std::uint32_t device = intern(origin.device);
                drop_text(m.text);
                m.text = store_text(text);
                m.edit_lamport = origin.lamport;
                m.edit_device = device;
                m.edited_ms = origin.wall_time_ms;
                return Effect::Edited;
            }
            if (!own && !origin.author_is_manager)
                return make_error(ErrorCode::PermissionDenied,
                                  "only the author or a manager may delete a chat message");
            if (m.deleted) return Effect::None;
            m.deleted = true;
            drop_text(m.text);
            return Effect::Deleted;
        }
        default:
            return make_error(ErrorCode::InvalidArgument, "empty chat operation");
    }
}

std::optional<ChatMessage> ChatState::find(const DeltaId& id) const {
    const Record* r = records_.get(id);
    if (!r) return std::nullopt;
    return materialize(*r);
}

std::vector<ChatMessage> ChatState::latest(std::size_t limit) const {
    const auto& order = display_order();
    std::size_t start = limit && order.size() > limit ? order.size() - limit : 0;
    std::vector<ChatMessage> out;
    out.reserve(order.size() - start);
    for (std::size_t i = start; i < order.size(); ++i)
        out.push_back(materialize(records_[order[i]]));
    return out;
}

void ChatState::digest_into(crypto::Hasher& hasher) const {
    Bytes buf;
    for (std::uint32_t number : display_order()) {
        const Record& m = records_[number];
        std::string_view text = text_of(m.text);
        buf.clear();
        append(buf, m.id);
        buf.push_back(m.deleted ? 1 : 0);
        append_u64le(buf, text.size());
        append(buf, as_bytes(text));
        hasher.update(buf);
    }
}

}  // namespace grove::platform
