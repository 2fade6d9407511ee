// groved — one account's Grove peer, headless: `groved --profile DIR [--api ADDR]`.
// Serves the local API until SIGTERM or SIGINT, then shuts down gracefully.
#include "common/allocator_tuning.h"
#include "common/process_hardening.h"
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "daemon.h"
#include "service/service_log.h"
#include "service/service_notify.h"

int main(int argc, char** argv) {
    grove::tune_allocator();
    // Keys live in this process: no core dumps, no ptrace by other processes.
    if (auto why = grove::harden_process(); !why.empty())
        grove::service::log(grove::service::Severity::warning, "groved", why);
    CLI::App app{
        "groved — a headless Grove peer serving the local API (grove.api.v1).\n"
        "Clients authenticate with the token groved keeps in DIR/api-token (mode 0600, admin)\n"
        "or a per-client token made with `grovectl token create` (DIR/api-tokens keeps hashes).\n"
        "Tools are loaded from GROVE_TOOL_PATH (':'-separated), the user's tool directory\n"
        "($XDG_DATA_HOME/grove/tools) and the built-in one; their gRPC services (e.g.\n"
        "grove.tools.discussion.v1) are served on the same API, behind the same token."};
    app.name("groved");
    app.set_version_flag("--version", "groved " GROVE_VERSION);
    grove::apps::groved::Daemon::Options options;
    std::string profile;
    app.add_option("--profile", profile, "The account's profile directory (created if absent)")
        ->required()
        ->type_name("DIR");
    app.add_option("--api", options.api,
                   "Where to listen: unix:PATH, or HOST:PORT (a non-loopback address needs "
                   "--tls-cert and --tls-key; port 0 picks a free port). Default: "
                   "unix:DIR/api.sock")
        ->type_name("ADDR");
    std::string tls_cert, tls_key, tls_client_ca;
    app.add_option("--tls-cert", tls_cert, "Serve the TCP API over TLS with this certificate (PEM)")
        ->type_name("F");
    app.add_option("--tls-key", tls_key, "The TLS certificate's private key (PEM)")
        ->type_name("F");
    app.add_option("--tls-client-ca", tls_client_ca,
                   "Also require a client certificate signed by this CA (PEM): mutual TLS")
        ->type_name("F");
    app.add_option("--watch-queue", options.watch_queue_events,
                   "Events queued for a slow watch client before its stream is ended "
                   "with RESOURCE_EXHAUSTED")
        ->check(CLI::Range(1, 1 << 20))
        ->capture_default_str()
        ->type_name("N");
    app.add_option(
           "--listen", options.listen,
           "Accept peer links (replication) on HOST:PORT; port 0 picks a free port once and "
           "keeps it in the profile (DIR/peer-port) for the next starts")
        ->type_name("HOST:PORT");
    std::string service_account;
    app.add_option("--service-account", service_account,
                   "Run as the service account of this credential file (made by `grovectl "
                   "service-account create`; mode 0600 or a systemd credential, e.g. "
                   "${CREDENTIALS_DIRECTORY}/NAME): the account is created from it in an empty "
                   "profile and unlocked by it at every start, without a passphrase")
        ->type_name("FILE");
    app.add_option("--peer", options.peers, "Dial this peer and keep the link up (repeatable)")
        ->type_name("HOST:PORT");
    app.add_option("--relay", options.relays, "Sync through this grove-relay (repeatable)")
        ->type_name("HOST:PORT");
    bool no_discovery = false;
    app.add_flag("--no-discovery", no_discovery,
                 "Do not find or announce peers on the local network (UDP multicast "
                 "announcements of rotating per-space tags; see docs/protocol-sync.md)");
    app.add_option("--discovery-port", options.discovery_options.port,
                   "UDP port of LAN discovery (group " + options.discovery_options.group + ")")
        ->check(CLI::Range(1, 65535))
        ->capture_default_str()
        ->type_name("PORT");
    app.add_option("--discovery-interface", options.discovery_options.interfaces,
                   "Use only this IPv4 interface address for LAN discovery (repeatable; default: "
                   "every multicast-capable interface and loopback)")
        ->type_name("ADDR");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    options.profile = profile;
    options.service_account = service_account;
    options.discovery = !no_discovery;
    options.tls_cert = tls_cert;
    options.tls_key = tls_key;
    options.tls_client_ca = tls_client_ca;

    // Block the stop signals in every thread (gRPC's included) and wait for them here.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    auto daemon = grove::apps::groved::Daemon::start(options);
    if (!daemon) {
        grove::service::log(grove::service::Severity::error, "groved", daemon.error().message);
        return 1;
    }
    // Before the stdout lines a supervisor waits for, so that this is in the log by then.
    if (options.discovery) {
        if (auto* node = (*daemon)->node(); node && node->discovery()) {
            std::string on;
            for (const auto& i : node->discovery()->joined_interfaces()) on += " " + i;
            grove::service::log(grove::service::Severity::info, "groved",
                                "LAN discovery on " + options.discovery_options.group + ":" +
                                    std::to_string(options.discovery_options.port) +
                                    " (interfaces" + on + ")");
        } else if (node) {
            grove::service::log(grove::service::Severity::warning, "groved",
                                "LAN discovery is off: " + node->discovery_error());
        }
    }
    if (!(*daemon)->port_warning().empty())
        std::cerr << "groved: warning: " << (*daemon)->port_warning()
                  << "; members learn the new address when they next link" << std::endl;
    std::cout << "groved: listening on " << (*daemon)->address() << std::endl;
    if (!(*daemon)->peer_address().empty())
        std::cout << "groved: peer links on " << (*daemon)->peer_address() << std::endl;
    grove::service::notify_ready("Serving the local API on " + (*daemon)->address());

    int received = 0;
    while (sigwait(&stop_signals, &received) != 0) {
    }
    grove::service::notify_stopping();
    grove::service::log(grove::service::Severity::notice, "groved",
                        std::string(received == SIGTERM ? "SIGTERM" : "SIGINT") +
                            " received, shutting down");
    (*daemon)->stop();
    return 0;
}
