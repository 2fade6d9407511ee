// SyncService's status and links: sync status, peer connect (its invitations and joining are in
// invitation_commands.cpp).
#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Sync = v1::SyncService::Stub;

void add_sync_commands(CommandLine& cli) {
    CLI::App* sync = cli.group("sync", "Replication status");
    CLI::App* status = cli.command(
        sync, "status", "Show a space's digests and version vector (equal digests: converged)");
    auto& space = cli.space_argument(status);
    cli.on_run(status, [&](CommandContext& context) {
        v1::SyncStatusRequest request;
        request.set_space(space);
        return context.call_and_print(&Sync::Status, request, "cannot show the sync status",
                                      as_json, format_sync_status);
    });

    CLI::App* peer = cli.group("peer", "Peer links: dial another peer or a relay");
    CLI::App* connect =
        cli.command(peer, "connect",
                    "Dial HOST:PORT (another groved's --listen, or a grove-relay with --relay)");
    auto& address = cli.argument(connect, "ADDRESS", "HOST:PORT");
    auto& relay = cli.keep<bool>();
    connect->add_flag("--relay", relay, "The address is a grove-relay");
    cli.on_run(connect, [&](CommandContext& context) {
        v1::ConnectRequest request;
        request.set_address(address);
        request.set_relay(relay);
        return context.call_and_confirm(&Sync::Connect, request,
                                        relay ? "cannot use the relay" : "cannot connect",
                                        {{"connecting", address}, {"relay", relay}},
                                        (relay ? "using relay " : "connecting to ") + address +
                                            " (kept, re-dialed with backoff)");
    });
}

}  // namespace grove::apps::grovectl
