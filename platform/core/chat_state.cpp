#include "core/chat_state.h"

#include <algorithm>

#include "crypto/primitives.h"

namespace grove::platform {

Result<ChatState::Effect> ChatState::apply(const grove::space::v1::ChatOp& op,
                                           const OpOrigin& origin, DeltaId* affected) {
    using Op = grove::space::v1::ChatOp;
    switch (op.op_case()) {
        case Op::kPost: {
            if (op.post().text().empty() || op.post().text().size() > kMaxChatTextBytes)
                return make_error(ErrorCode::InvalidArgument,
                                  "a chat message must be 1 byte to 64 KiB long");
            ChatMessage m;
            m.id = origin.delta_id;
            m.author_identity = origin.identity;
            m.text = op.post().text();
            m.posted_ms = origin.wall_time_ms;
            m.post_lamport = origin.lamport;
            messages_.insert_or_assign(m.id, std::move(m));
            *affected = origin.delta_id;
            return Effect::Posted;
        }
        case Op::kEdit:
        case Op::kDelete: {
            const std::string& raw = op.has_edit() ? op.edit().message_id() : op.delete_().message_id();
            auto id = fixed_from<32>(as_bytes(raw));
            if (!id) return make_error(ErrorCode::InvalidArgument, "bad chat message id");
            auto it = messages_.find(*id);
            // Causal delivery guarantees the post was applied before any edit of it.
            if (it == messages_.end())
                return make_error(ErrorCode::NotFound, "no such chat message");
            ChatMessage& m = it->second;
            bool own = m.author_identity == origin.identity;
            *affected = *id;
            if (op.has_edit()) {
                if (!own)
                    return make_error(ErrorCode::PermissionDenied,
                                      "only the author may edit a chat message");
                if (op.edit().text().empty() || op.edit().text().size() > kMaxChatTextBytes)
                    return make_error(ErrorCode::InvalidArgument,
                                      "a chat message must be 1 byte to 64 KiB long");
                if (m.deleted) return Effect::None;
                bool wins = std::tie(origin.lamport, origin.device) >
                            std::tie(m.edit_lamport, m.edit_device);
                if (!wins) return Effect::None;
                m.text = op.edit().text();
                m.edit_lamport = origin.lamport;
                m.edit_device = origin.device;
                m.edited_ms = origin.wall_time_ms;
                return Effect::Edited;
            }
            if (!own && !origin.author_is_manager)
                return make_error(ErrorCode::PermissionDenied,
                                  "only the author or a manager may delete a chat message");
            if (m.deleted) return Effect::None;
            m.deleted = true;
            m.text.clear();
            return Effect::Deleted;
        }
        default:
            return make_error(ErrorCode::InvalidArgument, "empty chat operation");
    }
}

const ChatMessage* ChatState::find(const DeltaId& id) const {
    auto it = messages_.find(id);
    return it == messages_.end() ? nullptr : &it->second;
}

std::vector<const ChatMessage*> ChatState::ordered() const {
    std::vector<const ChatMessage*> out;
    out.reserve(messages_.size());
    for (const auto& [id, m] : messages_) out.push_back(&m);
    std::sort(out.begin(), out.end(), [](const ChatMessage* a, const ChatMessage* b) {
        return std::tie(a->post_lamport, a->id) < std::tie(b->post_lamport, b->id);
    });
    return out;
}

void ChatState::digest_into(crypto::Hasher& hasher) const {
    Bytes buf;
    for (const auto& [id, m] : messages_) {
        buf.clear();
        append(buf, id);
        buf.push_back(m.deleted ? 1 : 0);
        append_u64le(buf, m.text.size());
        append(buf, as_bytes(m.text));
        hasher.update(buf);
    }
}

}  // namespace grove::platform
