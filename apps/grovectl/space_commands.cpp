// SpaceService: space create|list|show|rename.
#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Spaces = v1::SpaceService::Stub;

void add_space_commands(CommandLine& cli) {
    CLI::App* group = cli.group("space", "Create, list, show, rename or leave spaces");

    CLI::App* create = cli.command(group, "create", "Create a space; prints its id");
    auto& name = cli.argument(create, "NAME", "The space's name");
    cli.on_run(create, [&](CommandContext& context) {
        v1::CreateSpaceRequest request;
        request.set_name(name);
        return context.call_and_print(&Spaces::Create, request, "cannot create the space", as_json,
                                      [](const v1::Space& space) { return space.id(); });
    });

    CLI::App* list = cli.command(group, "list", "List the spaces");
    cli.on_run(list, [](CommandContext& context) {
        google::protobuf::RepeatedPtrField<v1::Space> spaces;
        if (int code = context.call_all_pages(&Spaces::List, v1::ListSpacesRequest(),
                                              &v1::ListSpacesResponse::mutable_spaces, spaces,
                                              "cannot list the spaces"))
            return code;
        return context.print_list("spaces", spaces, as_json, format_space_line);
    });

    CLI::App* show = cli.command(group, "show", "Show a space");
    auto& shown = cli.space_argument(show);
    cli.on_run(show, [&](CommandContext& context) {
        v1::GetSpaceRequest request;
        request.set_space(shown);
        return context.call_and_print(&Spaces::Get, request, "cannot show the space", as_json,
                                      format_space);
    });

    CLI::App* rename = cli.command(group, "rename", "Rename a space (managers)");
    auto& renamed = cli.space_argument(rename);
    auto& new_name = cli.argument(rename, "NAME", "The new name");
    cli.on_run(rename, [&](CommandContext& context) {
        v1::RenameSpaceRequest request;
        request.set_space(renamed);
        request.set_name(new_name);
        return context.call_and_print(&Spaces::Rename, request, "cannot rename the space", as_json,
                                      format_space_line);
    });
}

}  // namespace grove::apps::grovectl
