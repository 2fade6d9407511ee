#include "api/space_service.h"

#include <grove/sdk/pagination.h>

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

grpc::ServerUnaryReactor* SpaceService::Create(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) {
    return serve_unary<v1::CreateSpaceRequest>(
        context_, call, request, response, Access{Scope::Write, true}, [this](v1::CreateSpaceRequest& r) -> Result<v1::Space> {
            GROVE_TRY(validate_name("name", r.name()));
            auto space = context_.peer.create_space(r.name());
            if (!space) return space.error();
            return to_proto(*space);
        });
}

grpc::ServerUnaryReactor* SpaceService::List(grpc::CallbackServerContext* call,
                                             const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) {
    return serve_unary<v1::ListSpacesRequest>(
        context_, call, request, response, kRead,
        [this](v1::ListSpacesRequest& r, const Caller& caller) -> Result<v1::ListSpacesResponse> {
            auto spaces = context_.peer.list_spaces();
            if (!spaces) return spaces.error();
            std::vector<SpaceSummary> allowed;
            for (auto& space : *spaces)
                if (caller.allows_space(space.id)) allowed.push_back(std::move(space));
            v1::ListSpacesResponse out;
            auto next = sdk::serve_page(
                allowed, r.page_size(), r.page_token(), "spaces",
                [](const SpaceSummary& s) { return s.id; },
                [&](const SpaceSummary& s) { *out.add_spaces() = to_proto(s); });
            if (!next) return next.error();
            out.set_next_page_token(std::move(next).value());
            return out;
        });
}

grpc::ServerUnaryReactor* SpaceService::Get(grpc::CallbackServerContext* call,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
    return serve_space_unary<v1::GetSpaceRequest>(context_, call, request, response, kRead,
                                                  kSpaceField,
                                            [this](v1::GetSpaceRequest& r) -> Result<v1::Space> {
                                                GROVE_TRY(validate_space_ref("space", r.space()));
                                                auto space = context_.peer.get_space(r.space());
                                                if (!space) return space.error();
                                                return to_proto(*space);
                                            });
}

grpc::ServerUnaryReactor* SpaceService::Rename(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) {
    return serve_space_unary<v1::RenameSpaceRequest>(
        context_, call, request, response, kWrite, kSpaceField,
        [this](v1::RenameSpaceRequest& r) -> Result<v1::Space> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_name("name", r.name()));
            auto space = context_.peer.rename_space(r.space(), r.name());
            if (!space) return space.error();
            return to_proto(*space);
        });
}

}  // namespace grove::platform::api
