// ToolService: tool installed|add|list|rename|remove.
#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Tools = v1::ToolService::Stub;

namespace {

std::string& instance_argument(CommandLine& cli, CLI::App* command) {
    return cli.argument(command, "INSTANCE", "Instance id, id prefix or name");
}

}  // namespace

void add_tool_commands(CommandLine& cli) {
    CLI::App* group = cli.group("tool", "Installed tools, and tool instances in a space");

    CLI::App* installed =
        cli.command(group, "installed", "List the tools this peer found, each with its state");
    cli.on_run(installed, [](CommandContext& context) {
        v1::ListInstalledToolsResponse response;
        if (int code = context.call(&Tools::ListInstalled, {}, response,
                                    "cannot list the installed tools"))
            return code;
        return context.print_list(
            "tools", response.tools(), [](const auto& tool) { return to_json(tool); },
            [](const auto& tool) { return format_tool_line(tool); });
    });

    CLI::App* add = cli.command(group, "add", "Add a tool instance to a space; prints its id");
    auto& add_space = cli.space_argument(add);
    auto& tool_id = cli.argument(add, "TOOL_ID", "The tool's id (see `tool installed`)");
    auto& name = cli.keep<std::string>();
    add->add_option("--name", name, "The instance's name (default: the tool's name)")
        ->type_name("N");
    cli.on_run(add, [&](CommandContext& context) {
        v1::AddToolRequest request;
        request.set_space(add_space);
        request.set_tool_id(tool_id);
        request.set_name(name);
        v1::ToolInstance instance;
        if (int code = context.call(&Tools::Add, request, instance, "cannot add the tool"))
            return code;
        return context.print(to_json(instance), instance.id());
    });

    CLI::App* list = cli.command(group, "list", "List a space's tool instances");
    auto& list_space = cli.space_argument(list);
    cli.on_run(list, [&](CommandContext& context) {
        v1::ListToolsRequest request;
        request.set_space(list_space);
        v1::ListToolsResponse response;
        if (int code = context.call(&Tools::List, request, response, "cannot list the tools"))
            return code;
        return context.print_list(
            "instances", response.instances(),
            [](const auto& instance) { return to_json(instance); },
            [](const auto& instance) { return format_instance_line(instance); });
    });

    CLI::App* rename = cli.command(group, "rename", "Rename a tool instance");
    auto& rename_space = cli.space_argument(rename);
    auto& renamed = instance_argument(cli, rename);
    auto& new_name = cli.argument(rename, "NAME", "The new name");
    cli.on_run(rename, [&](CommandContext& context) {
        v1::RenameToolRequest request;
        request.set_space(rename_space);
        request.set_instance(renamed);
        request.set_name(new_name);
        v1::ToolInstance instance;
        if (int code = context.call(&Tools::Rename, request, instance, "cannot rename the tool"))
            return code;
        return context.print(to_json(instance), format_instance_line(instance));
    });

    CLI::App* remove = cli.command(group, "remove", "Remove a tool instance from a space");
    auto& remove_space = cli.space_argument(remove);
    auto& removed = instance_argument(cli, remove);
    cli.on_run(remove, [&](CommandContext& context) {
        v1::RemoveToolRequest request;
        request.set_space(remove_space);
        request.set_instance(removed);
        v1::Empty empty;
        if (int code = context.call(&Tools::Remove, request, empty, "cannot remove the tool"))
            return code;
        return context.print({{"removed", removed}}, {});
    });
}

}  // namespace grove::apps::grovectl
