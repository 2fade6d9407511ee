#include "api/member_service.h"

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

grpc::ServerUnaryReactor* MemberService::List(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    return serve_space_unary<v1::ListMembersRequest>(
        context_, call, request, response, kRead, kSpaceField,
        [this](v1::ListMembersRequest& r) -> Result<v1::ListMembersResponse> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            auto members = context_.peer.list_members(r.space());
            if (!members) return members.error();
            v1::ListMembersResponse out;
            for (const auto& member : *members) *out.add_members() = to_proto(member);
            return out;
        });
}

grpc::ServerUnaryReactor* MemberService::ChangeRole(grpc::CallbackServerContext* call,
                                                    const grpc::ByteBuffer* request,
                                                    grpc::ByteBuffer* response) {
    return serve_space_unary<v1::ChangeRoleRequest>(
        context_, call, request, response, kAdmin, kSpaceField,
        [this](v1::ChangeRoleRequest& r) -> Result<v1::Member> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_member_ref("member", r.member()));
            const auto role = role_from_string(r.role());
            if (!role)
                return make_error(ErrorCode::InvalidArgument,
                                  "role must be manager, participant or guest");
            auto member = context_.peer.change_role(r.space(), r.member(), *role);
            if (!member) return member.error();
            return to_proto(*member);
        });
}

grpc::ServerUnaryReactor* MemberService::Remove(grpc::CallbackServerContext* call,
                                                const grpc::ByteBuffer* request,
                                                grpc::ByteBuffer* response) {
    return serve_space_unary<v1::RemoveMemberRequest>(
        context_, call, request, response, kAdmin, kSpaceField,
        [this](v1::RemoveMemberRequest& r) -> Result<v1::Empty> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_member_ref("member", r.member()));
            GROVE_TRY(context_.peer.remove_member(r.space(), r.member()));
            return v1::Empty{};
        });
}

grpc::ServerUnaryReactor* MemberService::Leave(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) {
    return serve_space_unary<v1::LeaveSpaceRequest>(
        context_, call, request, response, kAdmin, kSpaceField,
        [this](v1::LeaveSpaceRequest& r) -> Result<v1::Empty> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(context_.peer.leave_space(r.space()));
            return v1::Empty{};
        });
}

}  // namespace grove::platform::api
