// MemberService: member list|role|remove, and space leave.
#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Members = v1::MemberService::Stub;

namespace {

std::string& member_argument(CommandLine& cli, CLI::App* command) {
    return cli.argument(command, "MEMBER",
                        "Identity id, id prefix (>= 4 hex digits), fingerprint or unambiguous "
                        "display name");
}

}  // namespace

void add_member_commands(CommandLine& cli) {
    CLI::App* group = cli.group("member", "List a space's members, change roles, remove");

    CLI::App* list = cli.command(group, "list", "List the members of a space");
    auto& list_space = cli.space_argument(list);
    cli.on_run(list, [&](CommandContext& context) {
        v1::ListMembersRequest request;
        request.set_space(list_space);
        google::protobuf::RepeatedPtrField<v1::Member> members;
        if (int code = context.call_all_pages(&Members::List, request,
                                              &v1::ListMembersResponse::mutable_members, members,
                                              "cannot list the members"))
            return code;
        return context.print_list("members", members, as_json, format_member_line);
    });

    CLI::App* role = cli.command(
        group, "role", "Change a member's role (managers; lowering one re-keys the space)");
    auto& role_space = cli.space_argument(role);
    auto& role_member = member_argument(cli, role);
    auto& new_role = cli.argument(role, "ROLE", "manager, participant or guest");
    cli.on_run(role, [&](CommandContext& context) {
        v1::ChangeRoleRequest request;
        request.set_space(role_space);
        request.set_member(role_member);
        request.set_role(new_role);
        return context.call_and_print(&Members::ChangeRole, request, "cannot change the role",
                                      as_json, format_member_line);
    });

    CLI::App* remove =
        cli.command(group, "remove", "Remove a member (managers): the space re-keys without them");
    auto& remove_space = cli.space_argument(remove);
    auto& removed = member_argument(cli, remove);
    cli.on_run(remove, [&](CommandContext& context) {
        v1::RemoveMemberRequest request;
        request.set_space(remove_space);
        request.set_member(removed);
        return context.call_and_confirm(&Members::Remove, request, "cannot remove the member",
                                        {{"removed", removed}, {"space", remove_space}});
    });

    CLI::App* leave =
        cli.command(cli.group("space", "Create, list, show, rename or leave spaces"), "leave",
                    "Leave a space: the others re-key, and the space is dropped here");
    auto& left = cli.space_argument(leave);
    cli.on_run(leave, [&](CommandContext& context) {
        v1::LeaveSpaceRequest request;
        request.set_space(left);
        return context.call_and_confirm(&Members::Leave, request, "cannot leave the space",
                                        {{"left", left}});
    });
}

}  // namespace grove::apps::grovectl
