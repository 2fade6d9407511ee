#include "api/account_service.h"

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/secret_wipe.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

namespace {

Result<v1::Account> reply(Result<AccountInfo> account) {
    if (!account) return account.error();
    return to_proto(*account);
}

}  // namespace

grpc::ServerUnaryReactor* AccountService::Create(grpc::CallbackServerContext* call,
                                                 const grpc::ByteBuffer* request,
                                                 grpc::ByteBuffer* response) {
    return serve_unary<v1::CreateAccountRequest>(
        context_, call, request, response, kAdminEverySpace,
        [this](v1::CreateAccountRequest& r) -> Result<v1::Account> {
            auto checked = validate_name("display_name", r.display_name());
            if (checked) checked = validate_passphrase("passphrase", r.passphrase());
            if (!checked) {
                wipe(r.mutable_passphrase());
                return checked.error();
            }
            auto account = context_.peer.create_account(r.display_name(), r.passphrase());
            wipe(r.mutable_passphrase());
            return reply(std::move(account));
        });
}

grpc::ServerUnaryReactor* AccountService::Unlock(grpc::CallbackServerContext* call,
                                                 const grpc::ByteBuffer* request,
                                                 grpc::ByteBuffer* response) {
    return serve_unary<v1::UnlockAccountRequest>(
        context_, call, request, response, kAdminEverySpace,
        [this](v1::UnlockAccountRequest& r) -> Result<v1::Account> {
            if (auto checked = validate_passphrase("passphrase", r.passphrase()); !checked) {
                wipe(r.mutable_passphrase());
                return checked.error();
            }
            auto account = context_.peer.unlock(r.passphrase());
            wipe(r.mutable_passphrase());
            return reply(std::move(account));
        });
}

grpc::ServerUnaryReactor* AccountService::Lock(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) {
    return serve_unary<v1::LockAccountRequest>(
        context_, call, request, response, kAdminEverySpace,
        [this](v1::LockAccountRequest&) { return reply(context_.peer.lock()); });
}

grpc::ServerUnaryReactor* AccountService::Get(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    return serve_unary<v1::GetAccountRequest>(
        context_, call, request, response, kRead,
        [this](v1::GetAccountRequest&) { return reply(context_.peer.account()); });
}

grpc::ServerUnaryReactor* AccountService::ChangePassphrase(grpc::CallbackServerContext* call,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
    return serve_unary<v1::ChangePassphraseRequest>(
        context_, call, request, response, kAdminEverySpace,
        [this](v1::ChangePassphraseRequest& r) -> Result<v1::Account> {
            auto checked = validate_passphrase("old_passphrase", r.old_passphrase());
            if (checked) checked = validate_passphrase("new_passphrase", r.new_passphrase());
            Result<AccountInfo> account =
                checked ? context_.peer.change_passphrase(r.old_passphrase(), r.new_passphrase())
                        : Result<AccountInfo>(checked.error());
            wipe(r.mutable_old_passphrase());
            wipe(r.mutable_new_passphrase());
            return reply(std::move(account));
        });
}

}  // namespace grove::platform::api
