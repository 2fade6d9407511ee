#include "api/member_service.h"

#include <grove/sdk/pagination.h>
#include <sodium.h>

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

namespace {

// One page of members; `list` names the list (members or service accounts) for its tokens.
Result<v1::ListMembersResponse> member_page(const std::vector<MemberView>& members,
                                            const v1::ListMembersRequest& r,
                                            const std::string& list) {
    v1::ListMembersResponse out;
    auto next = sdk::serve_page(
        members, r.page_size(), r.page_token(), list + r.space(),
        [](const MemberView& m) { return m.identity_id; },
        [&](const MemberView& m) { *out.add_members() = to_proto(m); });
    if (!next) return next.error();
    out.set_next_page_token(std::move(next).value());
    return out;
}

}  // namespace

grpc::ServerUnaryReactor* MemberService::List(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    return serve_space_unary<v1::ListMembersRequest>(
        context_, call, request, response, kRead, kSpaceField,
        [this](v1::ListMembersRequest& r) -> Result<v1::ListMembersResponse> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            auto members = context_.peer.list_members(r.space());
            if (!members) return members.error();
            return member_page(*members, r, "members\n");
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

grpc::ServerUnaryReactor* MemberService::CreateServiceAccount(grpc::CallbackServerContext* call,
                                                              const grpc::ByteBuffer* request,
                                                              grpc::ByteBuffer* response) {
    return serve_space_unary<v1::CreateServiceAccountRequest>(
        context_, call, request, response, kAdmin, kSpaceField,
        [this](v1::CreateServiceAccountRequest& r) -> Result<v1::CreatedServiceAccount> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_name("name", r.name()));
            const auto role = r.role().empty() ? std::optional<Role>(Role::Participant)
                                               : role_from_string(r.role());
            if (!role)
                return make_error(ErrorCode::InvalidArgument,
                                  "role must be manager, participant or guest");
            std::vector<std::string> addresses;
            if (network_.invitation_addresses) addresses = network_.invitation_addresses();
            if (addresses.empty())
                return make_error(ErrorCode::FailedPrecondition,
                                  "this peer accepts no links: start groved with --listen "
                                  "HOST:PORT (or --relay) so that the service account can "
                                  "reach it");
            auto created =
                context_.peer.create_service_account(r.space(), r.name(), *role, addresses);
            if (!created) return created.error();
            v1::CreatedServiceAccount out;
            *out.mutable_member() = to_proto(created->member);
            out.set_credential(std::move(created->credential));
            sodium_memzero(created->credential.data(), created->credential.size());
            return out;
        });
}

grpc::ServerUnaryReactor* MemberService::ListServiceAccounts(grpc::CallbackServerContext* call,
                                                             const grpc::ByteBuffer* request,
                                                             grpc::ByteBuffer* response) {
    return serve_space_unary<v1::ListMembersRequest>(
        context_, call, request, response, kRead, kSpaceField,
        [this](v1::ListMembersRequest& r) -> Result<v1::ListMembersResponse> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            auto members = context_.peer.list_service_accounts(r.space());
            if (!members) return members.error();
            return member_page(*members, r, "service accounts\n");
        });
}

grpc::ServerUnaryReactor* MemberService::RemoveServiceAccount(grpc::CallbackServerContext* call,
                                                              const grpc::ByteBuffer* request,
                                                              grpc::ByteBuffer* response) {
    return serve_space_unary<v1::RemoveMemberRequest>(
        context_, call, request, response, kAdmin, kSpaceField,
        [this](v1::RemoveMemberRequest& r) -> Result<v1::Empty> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_member_ref("member", r.member()));
            GROVE_TRY(context_.peer.remove_service_account(r.space(), r.member()));
            return v1::Empty{};
        });
}

}  // namespace grove::platform::api
