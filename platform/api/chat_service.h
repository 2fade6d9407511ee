// grove.api.v1.ChatService over the Peer: post, list, edit and delete chat messages of a space.
// A Post is answered only once its delta is durable (Peer::post_chat's contract).
#pragma once

#include "api/service_context.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

namespace detail {
namespace v1 = grove::api::v1;
using ChatServiceBase = v1::ChatService::WithRawCallbackMethod_Post<
    v1::ChatService::WithRawCallbackMethod_List<v1::ChatService::WithRawCallbackMethod_Edit<
        v1::ChatService::WithRawCallbackMethod_Delete<v1::ChatService::Service>>>>;
}  // namespace detail

class ChatService final : public detail::ChatServiceBase {
public:
    explicit ChatService(ServiceContext& context) : context_(context) {}

    grpc::ServerUnaryReactor* Post(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* List(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Edit(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Delete(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;

private:
    ServiceContext& context_;
};

}  // namespace grove::platform::api
