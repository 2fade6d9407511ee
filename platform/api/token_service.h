// grove.api.v1.TokenService: create, list, rotate and revoke per-client API tokens. Every method
// needs an admin token that is not limited to spaces (so no token can mint one broader than
// itself).
#pragma once

#include "api/service_context.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

namespace detail {
namespace v1 = grove::api::v1;
using TokenServiceBase = v1::TokenService::WithRawCallbackMethod_Create<
    v1::TokenService::WithRawCallbackMethod_List<v1::TokenService::WithRawCallbackMethod_Revoke<
        v1::TokenService::WithRawCallbackMethod_Rotate<v1::TokenService::Service>>>>;
}  // namespace detail

class TokenService final : public detail::TokenServiceBase {
public:
    explicit TokenService(ServiceContext& context) : context_(context) {}

    grpc::ServerUnaryReactor* Create(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* List(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Revoke(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Rotate(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;

private:
    ServiceContext& context_;
};

}  // namespace grove::platform::api
