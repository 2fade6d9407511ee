// AccountService: account create|unlock|lock|show.
#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "passphrase_file.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Accounts = v1::AccountService::Stub;

namespace {

int print_account(CommandContext& context, const v1::Account& account) {
    return context.print(to_json(account), format_account(account));
}

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
        v1::Account account;
        if (int code = context.call(&Accounts::Create, request, account,
                                    "cannot create the account", ApiClient::kKdfDeadline))
            return code;
        return print_account(context, account);
    });

    CLI::App* unlock = cli.command(group, "unlock", "Unlock the account");
    auto& unlock_file =
        passphrase_file_option(cli, unlock, "File holding the passphrase ('-' = stdin)");
    cli.on_run(unlock, [&](CommandContext& context) {
        const auto passphrase = read_passphrase_file(unlock_file);
        if (!passphrase) return int(kExitUsage);
        v1::UnlockAccountRequest request;
        request.set_passphrase(*passphrase);
        v1::Account account;
        if (int code = context.call(&Accounts::Unlock, request, account,
                                    "cannot unlock the account", ApiClient::kKdfDeadline))
            return code;
        return print_account(context, account);
    });

    CLI::App* lock =
        cli.command(group, "lock", "Lock the account (forget its keys until unlocked)");
    cli.on_run(lock, [](CommandContext& context) {
        v1::Account account;
        if (int code = context.call(&Accounts::Lock, {}, account, "cannot lock the account"))
            return code;
        return print_account(context, account);
    });

    CLI::App* show = cli.command(group, "show", "Show the account");
    cli.on_run(show, [](CommandContext& context) {
        v1::Account account;
        if (int code = context.call(&Accounts::Get, {}, account, "cannot show the account"))
            return code;
        return print_account(context, account);
    });
}

}  // namespace grove::apps::grovectl
