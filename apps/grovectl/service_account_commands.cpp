// MemberService's service accounts: service-account create|list|remove.
#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "secret_file.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Members = v1::MemberService::Stub;

namespace {

struct CreateOptions {
    std::string space;
    std::string name;
    std::string role = "participant";
    std::string out;
};

int create_service_account(CommandContext& context, const CreateOptions& options) {
    v1::CreateServiceAccountRequest request;
    request.set_space(options.space);
    request.set_name(options.name);
    request.set_role(options.role);
    v1::CreatedServiceAccount created;
    if (int code = context.call(&Members::CreateServiceAccount, request, created,
                                "cannot add the service account"))
        return code;
    std::string why;
    if (!write_secret_file(options.out, created.credential(), why)) {
        context.note("the service account '" + options.name +
                     "' was added but its credential "
                     "cannot be saved to " +
                     options.out + " (" + why +
                     "); remove it with "
                     "`grovectl service-account remove " +
                     options.space + " " + created.member().identity_id() +
                     "` and create it again");
        return kExitError;
    }
    return context.print(
        {{"service_account", to_json(created.member())}, {"credential_file", options.out}},
        format_member_line(created.member()) + "\ncredential written to " + options.out +
            " (start it with groved --service-account " + options.out + ")");
}

}  // namespace

void add_service_account_commands(CommandLine& cli) {
    CLI::App* group = cli.group(
        "service-account",
        "Non-person members an unattended groved runs as (integrations): create, list, remove");

    CLI::App* create = cli.command(
        group, "create",
        "Add a service account to a space (managers); writes its credential to a new 0600 file");
    auto& options = cli.keep<CreateOptions>();
    create->add_option("SPACE", options.space, "Space id, id prefix or unambiguous name")
        ->required();
    create->add_option("NAME", options.name, "The service account's display name")->required();
    create->add_option("--role", options.role, "manager, participant or guest")
        ->check(CLI::IsMember({"manager", "participant", "guest"}))
        ->capture_default_str()
        ->type_name("ROLE");
    create
        ->add_option("--out", options.out,
                     "The new credential file (mode 0600): pass it to groved --service-account")
        ->required()
        ->type_name("FILE");
    cli.on_run(create,
               [&](CommandContext& context) { return create_service_account(context, options); });

    CLI::App* list = cli.command(group, "list", "List a space's service accounts");
    auto& list_space = cli.space_argument(list);
    cli.on_run(list, [&](CommandContext& context) {
        v1::ListMembersRequest request;
        request.set_space(list_space);
        google::protobuf::RepeatedPtrField<v1::Member> accounts;
        if (int code = context.call_all_pages(&Members::ListServiceAccounts, request,
                                              &v1::ListMembersResponse::mutable_members, accounts,
                                              "cannot list the service accounts"))
            return code;
        return context.print_list("service_accounts", accounts, as_json, format_member_line);
    });

    CLI::App* remove = cli.command(
        group, "remove",
        "Remove a service account (managers): the space re-keys, its key and deltas stop counting");
    auto& remove_space = cli.space_argument(remove);
    auto& removed = cli.argument(remove, "ACCOUNT",
                                 "Identity id, id prefix (>= 4 hex digits), fingerprint or name");
    cli.on_run(remove, [&](CommandContext& context) {
        v1::RemoveMemberRequest request;
        request.set_space(remove_space);
        request.set_member(removed);
        return context.call_and_confirm(&Members::RemoveServiceAccount, request,
                                        "cannot remove the service account",
                                        {{"removed", removed}, {"space", remove_space}});
    });
}

}  // namespace grove::apps::grovectl
