// grove.api.v1.SyncService: a space's replication status (digests, version vector), and
// invitations — create a code here, join with one there (through the peer's NetworkHooks), revoke
// an unused one.
#pragma once

#include "api/network_hooks.h"
#include "api/service_context.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

namespace detail {
namespace v1 = grove::api::v1;
using SyncServiceBase = v1::SyncService::WithRawCallbackMethod_Status<
    v1::SyncService::WithRawCallbackMethod_CreateInvitation<
        v1::SyncService::WithRawCallbackMethod_Join<
            v1::SyncService::WithRawCallbackMethod_RevokeInvitation<
                v1::SyncService::WithRawCallbackMethod_Connect<
                    v1::SyncService::WithRawCallbackMethod_AddRelay<
                        v1::SyncService::WithRawCallbackMethod_RemoveRelay<
                            v1::SyncService::WithRawCallbackMethod_ListRelays<
                                v1::SyncService::WithRawCallbackMethod_TestRelay<
                                    v1::SyncService::Service>>>>>>>>>;
}  // namespace detail

class SyncService final : public detail::SyncServiceBase {
public:
    SyncService(ServiceContext& context, const NetworkHooks& network)
        : context_(context), network_(network) {}

    grpc::ServerUnaryReactor* Status(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* CreateInvitation(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Join(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* RevokeInvitation(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Connect(grpc::CallbackServerContext* call,
                                      const grpc::ByteBuffer* request,
                                      grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* AddRelay(grpc::CallbackServerContext* call,
                                       const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* RemoveRelay(grpc::CallbackServerContext* call,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* ListRelays(grpc::CallbackServerContext* call,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* TestRelay(grpc::CallbackServerContext* call,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;

private:
    ServiceContext& context_;
    const NetworkHooks& network_;
};

}  // namespace grove::platform::api
