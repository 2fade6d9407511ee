#include "api/token_service.h"

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/secret_wipe.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

namespace {
constexpr Access kTokenAdmin{Scope::Admin, true};
}  // namespace

grpc::ServerUnaryReactor* TokenService::Create(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) {
    return serve_unary<v1::CreateTokenRequest>(
        context_, call, request, response, kTokenAdmin,
        [this](v1::CreateTokenRequest& r) -> Result<v1::CreatedToken> {
            GROVE_TRY(TokenStore::validate_name(r.name()));
            const auto scope = scope_from_string(r.scope());
            if (!scope)
                return make_error(ErrorCode::InvalidArgument, "scope must be read, write or admin");
            if (static_cast<std::size_t>(r.spaces_size()) > TokenStore::kMaxSpacesPerToken)
                return make_error(ErrorCode::InvalidArgument,
                                  "a token may name at most 256 spaces");
            // Space references become ids now: a later rename cannot widen the token.
            std::vector<std::string> ids;
            for (const auto& ref : r.spaces()) {
                GROVE_TRY(validate_space_ref("spaces", ref));
                auto space = context_.peer.get_space(ref);
                if (!space) return space.error();
                ids.push_back(space->id);
            }
            auto created = context_.auth.store().create(r.name(), *scope, std::move(ids));
            if (!created) return created.error();
            v1::CreatedToken out;
            *out.mutable_token() = to_proto(created->first);
            out.set_secret(created->second);
            wipe(&created->second);
            return out;
        });
}

grpc::ServerUnaryReactor* TokenService::List(grpc::CallbackServerContext* call,
                                             const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) {
    return serve_unary<v1::ListTokensRequest>(
        context_, call, request, response, kTokenAdmin,
        [this](v1::ListTokensRequest&) -> Result<v1::ListTokensResponse> {
            v1::ListTokensResponse out;
            for (const auto& token : context_.auth.store().list())
                *out.add_tokens() = to_proto(token);
            return out;
        });
}

grpc::ServerUnaryReactor* TokenService::Revoke(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) {
    return serve_unary<v1::RevokeTokenRequest>(
        context_, call, request, response, kTokenAdmin,
        [this](v1::RevokeTokenRequest& r) -> Result<v1::Empty> {
            GROVE_TRY(context_.auth.store().revoke(r.name()));
            return v1::Empty{};
        });
}

grpc::ServerUnaryReactor* TokenService::Rotate(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) {
    return serve_unary<v1::RotateTokenRequest>(
        context_, call, request, response, kTokenAdmin,
        [this](v1::RotateTokenRequest& r) -> Result<v1::CreatedToken> {
            auto rotated = context_.auth.store().rotate(r.name());
            if (!rotated) return rotated.error();
            v1::CreatedToken out;
            *out.mutable_token() = to_proto(rotated->first);
            out.set_secret(rotated->second);
            wipe(&rotated->second);
            return out;
        });
}

}  // namespace grove::platform::api
