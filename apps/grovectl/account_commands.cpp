// AccountService: account create|unlock|lock|show.
#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "passphrase_file.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Accounts = v1::AccountService::Stub;

namespace {

std::string& passphrase_file_option(CommandLine& cli, CLI::App* command, const char* help) {
    auto& file = cli.keep<std::string>();
    command->add_option("--passphrase-file", file, help)->required()->type_name("F");
    return file;
}

}  // namespace

void add_account_commands(CommandLine& cli) {
    CLI::App* group = cli.group("account", "Create, unlock, lock or show the account");

    CLI::App* create = cli.command(group, "create", "Create the account (once)");
    auto& name = cli.keep<std::string>();
    create->add_option("--name", name, "Your display name")->required()->type_name("NAME");
    auto& create_file =
        passphrase_file_option(cli, create, "File holding the passphrase ('-' = stdin)");
    cli.on_run(create, [&](CommandContext& context) {
        const auto passphrase = read_passphrase_file(create_file);
        if (!passphrase) return int(kExitUsage);
        v1::CreateAccountRequest request;
        request.set_display_name(name);
        request.set_passphrase(*passphrase);
        return context.call_and_print(&Accounts::Create, request, "cannot create the account",
                                      as_json, format_account, ApiClient::kKdfDeadline);
    });

    CLI::App* unlock = cli.command(group, "unlock", "Unlock the account");
    auto& unlock_file =
        passphrase_file_option(cli, unlock, "File holding the passphrase ('-' = stdin)");
    cli.on_run(unlock, [&](CommandContext& context) {
        const auto passphrase = read_passphrase_file(unlock_file);
        if (!passphrase) return int(kExitUsage);
        v1::UnlockAccountRequest request;
        request.set_passphrase(*passphrase);
        return context.call_and_print(&Accounts::Unlock, request, "cannot unlock the account",
                                      as_json, format_account, ApiClient::kKdfDeadline);
    });

    CLI::App* lock =
        cli.command(group, "lock", "Lock the account (forget its keys until unlocked)");
    cli.on_run(lock, [](CommandContext& context) {
        return context.call_and_print(&Accounts::Lock, {}, "cannot lock the account", as_json,
                                      format_account);
    });

    CLI::App* show = cli.command(group, "show", "Show the account");
    cli.on_run(show, [](CommandContext& context) {
        return context.call_and_print(&Accounts::Get, {}, "cannot show the account", as_json,
                                      format_account);
    });
}

}  // namespace grove::apps::grovectl
