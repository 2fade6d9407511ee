#include "command_line.h"

#include <cstdlib>
#include <iostream>
#include <variant>

#include "exit_codes.h"
#include "interruptible_stream.h"

namespace grove::apps::grovectl {

namespace {

// Every command takes the connection options and --json (so that each --help lists them); they
// may also come before the command.
void add_common_options(CLI::App* command, ConnectionOptions& connection, bool& json) {
    command
        ->add_option("--profile", connection.profile,
                     "The peer's profile directory (uses DIR/api.sock and DIR/api-token; "
                     "default: $GROVE_PROFILE)")
        ->type_name("DIR");
    command->add_option("--api", connection.api, "The API address: unix:PATH or HOST:PORT")
        ->type_name("ADDR");
    command->add_option("--token-file", connection.token_file, "File holding the API token")
        ->type_name("F");
    command
        ->add_option("--tls-ca", connection.tls_ca,
                     "TLS to a TCP listener: the CA certificate (PEM) that signed groved's")
        ->type_name("F");
    command
        ->add_option("--tls-cert", connection.tls_cert,
                     "TLS client certificate (PEM), with --tls-key")
        ->type_name("F");
    command->add_option("--tls-key", connection.tls_key, "TLS client key (PEM)")->type_name("F");
    command
        ->add_option("--tls-server-name", connection.tls_server_name,
                     "The name groved's certificate must carry (default: the --api host)")
        ->type_name("NAME");
    command->add_flag("--json", json,
                      "Machine-readable output: one JSON document (watch: one per line)");
}

}  // namespace

CommandLine::CommandLine()
    : app_("grovectl — control a Grove peer (groved) through its local API") {
    app_.name("grovectl");
    app_.set_version_flag("--version", "grovectl " GROVE_VERSION);
    app_.require_subcommand(1);
    app_.fallthrough();  // global options may follow the subcommand
    app_.footer(
        "Exit codes: 0 ok, 1 error, 2 usage or invalid argument, 3 unauthenticated (token or "
        "passphrase), 4 not found, 5 groved not running or unreachable, 6 failed precondition "
        "(e.g. account locked), 7 permission denied (token scope or spaces, or your role).");
    add_common_options(&app_, connection_, json_);
}

CLI::App* CommandLine::group(const std::string& name, const std::string& help) {
    CLI::App*& group = groups_[name];
    if (group == nullptr) {
        group = app_.add_subcommand(name, help);
        group->require_subcommand(1);
    }
    return group;
}

CLI::App* CommandLine::command(CLI::App* parent, const std::string& name, const std::string& help) {
    CLI::App* command = parent->add_subcommand(name, help);
    add_common_options(command, connection_, json_);
    return command;
}

void CommandLine::on_run(CLI::App* command, Run run, bool streaming) {
    command->callback([this, run = std::move(run), streaming] { set_run(run, streaming); });
}

void CommandLine::on_run_local(CLI::App* command, LocalRun run) {
    command->callback([this, run = std::move(run)] { local_run_ = run; });
}

void CommandLine::set_run(Run run, bool streaming) {
    run_ = std::move(run);
    streaming_ = streaming;
}

std::string& CommandLine::argument(CLI::App* command, const std::string& name,
                                   const std::string& help) {
    auto& value = keep<std::string>();
    command->add_option(name, value, help)->required();
    return value;
}

std::string& CommandLine::space_argument(CLI::App* command) {
    return argument(command, "SPACE", "Space id, id prefix or unambiguous name");
}

int CommandLine::run(int argc, char** argv) {
    try {
        app_.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app_.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (local_run_) {
        std::string profile = connection_.profile;
        if (const char* from_env = std::getenv("GROVE_PROFILE"); profile.empty() && from_env)
            profile = from_env;
        return local_run_(profile);
    }
    if (!run_) {
        std::cerr << app_.help();
        return kExitUsage;
    }
    // Before gRPC starts threads: the stop signals must reach only the stream's sigtimedwait.
    if (streaming_) block_stop_signals();

    if (connection_.profile.empty())
        if (const char* from_env = std::getenv("GROVE_PROFILE")) connection_.profile = from_env;
    auto connection = resolve_connection(connection_);
    if (const int* code = std::get_if<int>(&connection)) return *code;
    auto& target = std::get<Connection>(connection);
    ApiClient client(target.address, target.token, target.tls);
    CommandContext context(client, json_, std::cout, std::cerr);
    const int code = run_(context);
    std::cout.flush();
    return code;
}

}  // namespace grove::apps::grovectl
