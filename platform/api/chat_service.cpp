#include "api/chat_service.h"

#include <grove/sdk/pagination.h>

#include <algorithm>

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

namespace {

constexpr sdk::PageLimits kChatPageLimits{1000, 1000};

Result<v1::ChatMessage> reply(Result<ChatMessageView> message) {
    if (!message) return message.error();
    return to_proto(*message);
}

}  // namespace

grpc::ServerUnaryReactor* ChatService::Post(grpc::CallbackServerContext* call,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
    return serve_space_unary<v1::PostChatRequest>(
        context_, call, request, response, kWrite, kSpaceField,
        [this](v1::PostChatRequest& r) -> Result<v1::ChatMessage> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_chat_text("text", r.text()));
            return reply(context_.peer.post_chat(r.space(), r.text()));
        });
}

grpc::ServerUnaryReactor* ChatService::List(grpc::CallbackServerContext* call,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
    return serve_space_unary<v1::ListChatRequest>(
        context_, call, request, response, kRead, kSpaceField,
        [this](v1::ListChatRequest& r) -> Result<v1::ListChatResponse> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            if (r.limit() > 0 && (r.page_size() != 0 || !r.page_token().empty()))
                return make_error(ErrorCode::InvalidArgument,
                                  "limit answers the last messages at once: no page_size or "
                                  "page_token with it");
            const std::string query = "chat\n" + r.space();
            auto page =
                sdk::PageTokens::parse(r.page_size(), r.page_token(), query, kChatPageLimits);
            if (!page) return page.error();
            auto messages = context_.peer.list_chat(r.space(), r.limit());
            if (!messages) return messages.error();
            v1::ListChatResponse out;
            if (r.limit() > 0) {
                for (const auto& message : *messages) *out.add_messages() = to_proto(message);
                return out;
            }
            // Pages resume after the last message listed (ids are stable; order is the log's).
            auto it = messages->begin();
            if (page->after) {
                it = std::find_if(messages->begin(), messages->end(),
                                  [&](const ChatMessageView& m) { return m.id == *page->after; });
                if (it == messages->end())
                    return make_error(ErrorCode::InvalidArgument, "invalid page_token");
                ++it;
            }
            for (; it != messages->end() && out.messages_size() < static_cast<int>(page->size);
                 ++it)
                *out.add_messages() = to_proto(*it);
            if (it != messages->end() && out.messages_size() > 0)
                out.set_next_page_token(
                    sdk::PageTokens::next(out.messages(out.messages_size() - 1).id(), query));
            return out;
        });
}

grpc::ServerUnaryReactor* ChatService::Edit(grpc::CallbackServerContext* call,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
    return serve_space_unary<v1::EditChatRequest>(
        context_, call, request, response, kWrite, kSpaceField,
        [this](v1::EditChatRequest& r) -> Result<v1::ChatMessage> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_message_id("message_id", r.message_id()));
            GROVE_TRY(validate_chat_text("text", r.text()));
            return reply(context_.peer.edit_chat(r.space(), r.message_id(), r.text()));
        });
}

grpc::ServerUnaryReactor* ChatService::Delete(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    return serve_space_unary<v1::DeleteChatRequest>(
        context_, call, request, response, kWrite, kSpaceField,
        [this](v1::DeleteChatRequest& r) -> Result<v1::ChatMessage> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_message_id("message_id", r.message_id()));
            return reply(context_.peer.delete_chat(r.space(), r.message_id()));
        });
}

}  // namespace grove::platform::api
