#include "api/chat_service.h"

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

namespace {

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
            auto messages = context_.peer.list_chat(r.space(), r.limit());
            if (!messages) return messages.error();
            v1::ListChatResponse out;
            for (const auto& message : *messages) *out.add_messages() = to_proto(message);
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
