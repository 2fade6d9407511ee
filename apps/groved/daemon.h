// Daemon: what groved is — a Peer on a profile directory, its API token, and the API server.
// groved's main() parses arguments and handles signals; everything else happens here.
#pragma once

#include <grove/sdk/result.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "api/api_server.h"
#include "core/peer.h"
#include "core/tool_host_thread.h"
#include "net/peer_node.h"

namespace grove::apps::groved {

class Daemon {
public:
    struct Options {
        std::filesystem::path profile;  // opened (created if needed) as the Peer's profile
        std::string api;                // empty = unix:<profile>/api.sock
        // TLS for a TCP API listener (PEM files); required for a non-loopback address.
        std::filesystem::path tls_cert;
        std::filesystem::path tls_key;
        std::filesystem::path tls_client_ca;  // set: clients need a certificate it signed
        std::size_t watch_queue_events = platform::api::limits::kWatchQueueEvents;
        // Replication (grove_net): where to accept peer links, peers and relays to dial.
        std::string listen;
        std::vector<std::string> peers;
        std::vector<std::string> relays;
        // LAN discovery (UDP multicast): on unless --no-discovery.
        bool discovery = true;
        platform::net::LanDiscoveryOptions discovery_options;
        // Tool directories, highest priority first; empty = the standard search path
        // (GROVE_TOOL_PATH, the user's tool directory, the built-in one, the build tree's).
        std::vector<std::filesystem::path> tool_path;
        // Run as this service account (`grovectl service-account create`): a credential file
        // readable by its owner only (0600, or a systemd credential); the profile's account is
        // made from it on the first start and unlocked by it at every start, no passphrase.
        std::filesystem::path service_account;
    };

    static constexpr const char* kTokenFile = "api-token";
    static constexpr const char* kTokenStoreFile = "api-tokens";  // per-client tokens (hashes)
    static constexpr const char* kSocketFile = "api.sock";
    // The peer-link port chosen the first time --listen HOST:0 ran, reused at every start.
    static constexpr const char* kPortFile = "peer-port";
    // Member devices' signed address records (net/address_book.h), 0600.
    static constexpr const char* kAddressFile = "addresses";
    // Relays added at run time (`grovectl relay add`), one HOST:PORT a line; dialed at start.
    static constexpr const char* kRelayFile = "relays";

    // Opens the Peer, starts the tool host (attached before anything can unlock the account),
    // starts the peer node, creates or keeps DIR/api-token (0600), opens the per-client tokens
    // (DIR/api-tokens, 0600) and serves the API — with every running tool's gRPC service, behind
    // the same token check (a write token not limited to spaces).
    static Result<std::unique_ptr<Daemon>> start(const Options& options);
    ~Daemon();

    // The address clients dial (`unix:/abs/path` or `host:port`).
    const std::string& address() const { return server_->address(); }
    platform::Peer& peer() { return *peer_; }
    // The peer-link address actually listened on ("" without --listen).
    std::string peer_address() const { return node_ ? node_->listen_address() : std::string(); }
    // Set when the port kept in the profile was taken and another one is used: says which.
    const std::string& port_warning() const { return port_warning_; }
    platform::net::PeerNode* node() { return node_.get(); }

    // Graceful stop: ends the peer links and the API (watch streams, running calls), then the tool
    // host, then closes the Peer.
    void stop();

private:
    Daemon() = default;

    std::unique_ptr<platform::Peer> peer_;
    std::unique_ptr<platform::ToolHostThread> tools_;
    std::unique_ptr<platform::api::ApiServer> server_;
    std::unique_ptr<platform::net::PeerNode> node_;
    std::string port_warning_;
};

}  // namespace grove::apps::groved
