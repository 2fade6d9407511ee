// grove.api.v1.SpaceService over the Peer: create, list, get and rename spaces.
// Raw callback methods, so that unparseable requests get INVALID_ARGUMENT (see unary_call.h).
#pragma once

#include "api/service_context.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

namespace detail {
namespace v1 = grove::api::v1;
using SpaceServiceBase =
    v1::SpaceService::WithRawCallbackMethod_Create<v1::SpaceService::WithRawCallbackMethod_List<
        v1::SpaceService::WithRawCallbackMethod_Get<
            v1::SpaceService::WithRawCallbackMethod_Rename<v1::SpaceService::Service>>>>;
}  // namespace detail

class SpaceService final : public detail::SpaceServiceBase {
public:
    explicit SpaceService(ServiceContext& context) : context_(context) {}

    grpc::ServerUnaryReactor* Create(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* List(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* call,
                                  const grpc::ByteBuffer* request,
                                  grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Rename(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;

private:
    ServiceContext& context_;
};

}  // namespace grove::platform::api
