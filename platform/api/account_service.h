// grove.api.v1.AccountService over the Peer: create, unlock, lock, get, change passphrase.
// Raw callback methods, so that unparseable requests get INVALID_ARGUMENT (see unary_call.h).
// The account belongs to no space: every call but Get needs an admin token not limited to spaces.
#pragma once

#include "api/service_context.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

namespace detail {
namespace v1 = grove::api::v1;
using AccountServiceBase = v1::AccountService::WithRawCallbackMethod_Create<
    v1::AccountService::WithRawCallbackMethod_Unlock<v1::AccountService::WithRawCallbackMethod_Lock<
        v1::AccountService::WithRawCallbackMethod_Get<
            v1::AccountService::WithRawCallbackMethod_ChangePassphrase<
                v1::AccountService::Service>>>>>;
}  // namespace detail

class AccountService final : public detail::AccountServiceBase {
public:
    explicit AccountService(ServiceContext& context) : context_(context) {}

    grpc::ServerUnaryReactor* Create(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Unlock(grpc::CallbackServerContext* call,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Lock(grpc::CallbackServerContext* call,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* call,
                                  const grpc::ByteBuffer* request,
                                  grpc::ByteBuffer* response) override;
    grpc::ServerUnaryReactor* ChangePassphrase(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) override;

private:
    ServiceContext& context_;
};

}  // namespace grove::platform::api
