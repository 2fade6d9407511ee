// grove.api.v1.DeviceService: the devices of this account's identity — list them, revoke a lost
// one, show a one-time pairing code here, and pair a new, empty profile with such a code there
// (through the peer's NetworkHooks). Every method needs an admin token not limited to spaces; Pair
// runs before the profile has an account, so it needs the profile token itself.
#pragma once

#include "api/network_hooks.h"
#include "api/service_context.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

namespace detail {
namespace v1 = grove::api::v1;
using DeviceServiceBase = v1::DeviceService::WithRawCallbackMethod_List<
    v1::DeviceService::WithRawCallbackMethod_Revoke<
        v1::DeviceService::WithRawCallbackMethod_CreatePairing<
            v1::DeviceService::WithRawCallbackMethod_Pair<v1::DeviceService::Service>>>>;
}  // namespace detail

class DeviceService final : public detail::DeviceServiceBase {
public:
    DeviceService(ServiceContext& context, const NetworkHooks& network)
        : context_(context), network_(network) {}

    grpc::ServerUnaryReactor* List(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Revoke(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* CreatePairing(grpc::CallbackServerContext* call,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Pair(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;

private:
    ServiceContext& context_;
    const NetworkHooks& network_;
};

}  // namespace grove::platform::api
