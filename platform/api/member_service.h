// grove.api.v1.MemberService over the Peer: list a space's members, change a member's role,
// remove a member, leave a space, add, list and remove service accounts. Listing needs a read
// token; the others an admin token.
#pragma once

#include "api/network_hooks.h"
#include "api/service_context.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

namespace detail {
namespace v1 = grove::api::v1;
using MemberServiceBase = v1::MemberService::WithRawCallbackMethod_List<
    v1::MemberService::WithRawCallbackMethod_ChangeRole<v1::MemberService::WithRawCallbackMethod_Remove<
        v1::MemberService::WithRawCallbackMethod_Leave<
            v1::MemberService::WithRawCallbackMethod_CreateServiceAccount<
                v1::MemberService::WithRawCallbackMethod_ListServiceAccounts<
                    v1::MemberService::WithRawCallbackMethod_RemoveServiceAccount<
                        v1::MemberService::Service>>>>>>>;
}  // namespace detail

class MemberService final : public detail::MemberServiceBase {
public:
    MemberService(ServiceContext& context, const NetworkHooks& network)
        : context_(context), network_(network) {}

    grpc::ServerUnaryReactor* List(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* ChangeRole(grpc::CallbackServerContext* call,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Remove(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Leave(grpc::CallbackServerContext* call,
                                    const grpc::ByteBuffer* request,
                                    grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* CreateServiceAccount(grpc::CallbackServerContext* call,
                                                   const grpc::ByteBuffer* request,
                                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* ListServiceAccounts(grpc::CallbackServerContext* call,
                                                  const grpc::ByteBuffer* request,
                                                  grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* RemoveServiceAccount(grpc::CallbackServerContext* call,
                                                   const grpc::ByteBuffer* request,
                                                   grpc::ByteBuffer* response) override;

private:
    ServiceContext& context_;
    const NetworkHooks& network_;
};

}  // namespace grove::platform::api
