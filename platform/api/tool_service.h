// grove.api.v1.ToolService over the Peer: installed tools (and enabling one disabled after it
// crashed groved), and adding, listing, renaming and removing tool instances in a space. Raw
// callback methods, like every service (unary_call.h).
#pragma once

#include "api/service_context.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

namespace detail {
namespace v1 = grove::api::v1;
using ToolServiceBase = v1::ToolService::WithRawCallbackMethod_ListInstalled<
    v1::ToolService::WithRawCallbackMethod_Add<v1::ToolService::WithRawCallbackMethod_List<
        v1::ToolService::WithRawCallbackMethod_Rename<v1::ToolService::WithRawCallbackMethod_Remove<
            v1::ToolService::WithRawCallbackMethod_Enable<v1::ToolService::Service>>>>>>;
}  // namespace detail

class ToolService final : public detail::ToolServiceBase {
public:
    explicit ToolService(ServiceContext& context) : context_(context) {}

    grpc::ServerUnaryReactor* ListInstalled(grpc::CallbackServerContext* call,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Add(grpc::CallbackServerContext* call,
                                  const grpc::ByteBuffer* request,
                                  grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* List(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Rename(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Remove(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Enable(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;

private:
    ServiceContext& context_;
};

}  // namespace grove::platform::api
