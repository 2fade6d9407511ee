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

    CLI::App* relay_group =
        cli.group("relay", "Relays this peer syncs through (kept in the profile)");
    CLI::App* add = cli.command(relay_group, "add", "Use the grove-relay at HOST:PORT from now on");
    auto& add_address = cli.argument(add, "ADDRESS", "HOST:PORT");
    cli.on_run(add, [&](CommandContext& context) {
        v1::RelayRequest request;
        request.set_address(add_address);
        return context.call_and_confirm(&Sync::AddRelay, request, "cannot add the relay",
                                        {{"relay", add_address}, {"added", true}},
                                        "using relay " + add_address + " (kept in the profile)");
    });
    CLI::App* remove = cli.command(relay_group, "remove", "Stop using the relay at HOST:PORT");
    auto& remove_address = cli.argument(remove, "ADDRESS", "HOST:PORT");
    cli.on_run(remove, [&](CommandContext& context) {
        v1::RelayRequest request;
        request.set_address(remove_address);
        return context.call_and_confirm(&Sync::RemoveRelay, request, "cannot remove the relay",
                                        {{"relay", remove_address}, {"removed", true}},
                                        "no longer using relay " + remove_address);
    });
    CLI::App* test = cli.command(relay_group, "test", "Dial the relay at HOST:PORT once");
    auto& test_address = cli.argument(test, "ADDRESS", "HOST:PORT");
    cli.on_run(test, [&](CommandContext& context) {
        v1::RelayRequest request;
        request.set_address(test_address);
        return context.call_and_confirm(&Sync::TestRelay, request, "the relay test failed",
                                        {{"relay", test_address}, {"reachable", true}},
                                        "the relay at " + test_address + " answers");
    });
    CLI::App* list =
        cli.command(relay_group, "list", "The relays in use and whether each is linked");
    cli.on_run(list, [&](CommandContext& context) {
        return context.call_and_print(
            &Sync::ListRelays, v1::ListRelaysRequest{}, "cannot list the relays", as_json,
            [](const v1::ListRelaysResponse& r) {
                std::string out;
                if (r.relays().empty()) out = "no relays\n";
                for (const auto& x : r.relays())
                    out += x.address() +
                           (x.linked() ? "  linked"
                                       : "  not linked" + (x.last_error().empty()
                                                               ? std::string()
                                                               : ": " + x.last_error())) +
                           "\n";
                return out;
            });
    });
}

}  // namespace grove::apps::grovectl
