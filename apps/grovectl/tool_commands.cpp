// ToolService: tool installed|enable|add|list|rename|remove.
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
        return context.print_list("tools", response.tools(), as_json, format_tool_line);
    });

    CLI::App* enable = cli.command(
        group, "enable", "Load a tool again that was disabled after it crashed; prints its state");
    auto& enabled_id = cli.argument(enable, "TOOL_ID", "The tool's id (see `tool installed`)");
    cli.on_run(enable, [&](CommandContext& context) {
        v1::EnableToolRequest request;
        request.set_tool_id(enabled_id);
        return context.call_and_print(&Tools::Enable, request, "cannot enable the tool", as_json,
                                      format_tool_line);
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
        return context.call_and_print(
            &Tools::Add, request, "cannot add the tool", as_json,
            [](const v1::ToolInstance& instance) { return instance.id(); });
    });

    CLI::App* list = cli.command(group, "list", "List a space's tool instances");
    auto& list_space = cli.space_argument(list);
    cli.on_run(list, [&](CommandContext& context) {
        v1::ListToolsRequest request;
        request.set_space(list_space);
        v1::ListToolsResponse response;
        if (int code = context.call(&Tools::List, request, response, "cannot list the tools"))
            return code;
        return context.print_list("instances", response.instances(), as_json, format_instance_line);
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
        return context.call_and_print(&Tools::Rename, request, "cannot rename the tool", as_json,
                                      format_instance_line);
    });

    CLI::App* remove = cli.command(group, "remove", "Remove a tool instance from a space");
    auto& remove_space = cli.space_argument(remove);
    auto& removed = instance_argument(cli, remove);
    cli.on_run(remove, [&](CommandContext& context) {
        v1::RemoveToolRequest request;
        request.set_space(remove_space);
        request.set_instance(removed);
        return context.call_and_confirm(&Tools::Remove, request, "cannot remove the tool",
                                        {{"removed", removed}});
    });
}

}  // namespace grove::apps::grovectl
