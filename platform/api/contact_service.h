// grove.api.v1.ContactService over the Peer: this account's contact card, the contact book
// (add from a card or a space member, list, show, verify, remove), invitations sealed to a
// contact, and opening one. Every method needs a token not limited to spaces: read for
// GetMyCard/List/Get, admin for the rest (docs/api.md).
#pragma once

#include "api/network_hooks.h"
#include "api/service_context.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

namespace detail {
namespace v1 = grove::api::v1;
using ContactServiceBase = v1::ContactService::WithRawCallbackMethod_GetMyCard<
    v1::ContactService::WithRawCallbackMethod_Add<v1::ContactService::WithRawCallbackMethod_List<
        v1::ContactService::WithRawCallbackMethod_Get<
            v1::ContactService::WithRawCallbackMethod_Verify<
                v1::ContactService::WithRawCallbackMethod_Remove<
                    v1::ContactService::WithRawCallbackMethod_Invite<
                        v1::ContactService::WithRawCallbackMethod_OpenInvitation<
                            v1::ContactService::Service>>>>>>>>;
}  // namespace detail

class ContactService final : public detail::ContactServiceBase {
public:
    ContactService(ServiceContext& context, const NetworkHooks& network)
        : context_(context), network_(network) {}

    using Raw = grpc::ServerUnaryReactor*;
    Raw GetMyCard(grpc::CallbackServerContext* call, const grpc::ByteBuffer* request,
                  grpc::ByteBuffer* response) override;
    Raw Add(grpc::CallbackServerContext* call, const grpc::ByteBuffer* request,
            grpc::ByteBuffer* response) override;
    Raw List(grpc::CallbackServerContext* call, const grpc::ByteBuffer* request,
             grpc::ByteBuffer* response) override;
    Raw Get(grpc::CallbackServerContext* call, const grpc::ByteBuffer* request,
            grpc::ByteBuffer* response) override;
    Raw Verify(grpc::CallbackServerContext* call, const grpc::ByteBuffer* request,
               grpc::ByteBuffer* response) override;
    Raw Remove(grpc::CallbackServerContext* call, const grpc::ByteBuffer* request,
               grpc::ByteBuffer* response) override;
    Raw Invite(grpc::CallbackServerContext* call, const grpc::ByteBuffer* request,
               grpc::ByteBuffer* response) override;
    Raw OpenInvitation(grpc::CallbackServerContext* call, const grpc::ByteBuffer* request,
                       grpc::ByteBuffer* response) override;

private:
    ServiceContext& context_;
    const NetworkHooks& network_;
};

}  // namespace grove::platform::api
