#include "daemon.h"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "api/api_token.h"
#include "api/token_store.h"
#include "blob/profile_blob_stores.h"
#include "net/kept_port.h"

namespace grove::apps::groved {
namespace {

Result<std::string> read_pem(const std::filesystem::path& file, const char* what) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return make_error(ErrorCode::InvalidArgument, std::string("cannot read the ") + what + " " +
                                                          file.string() + ": " +
                                                          std::strerror(errno));
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.size() > 1024 * 1024)
        return make_error(ErrorCode::InvalidArgument,
                          std::string("the ") + what + " " + file.string() + " is too large");
    return content;
}

// A service account's credential file: a regular file no one but its owner may read (a group- or
// world-readable one is refused: it is as secret as a private key), at most 64 KiB.
Result<std::string> read_credential(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0)
        return make_error(ErrorCode::InvalidArgument,
                          "cannot read the service account "
                          "credential " +
                              file.string() + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode))
        return make_error(ErrorCode::InvalidArgument, "the service account credential " +
                                                          file.string() + " is not a regular file");
    if ((st.st_mode & 077) != 0)
        return make_error(ErrorCode::PermissionDenied,
                          "the service account credential " + file.string() +
                              " is readable by others: chmod 600 it (it holds the account's "
                              "keys)");
    if (st.st_size > 64 * 1024)
        return make_error(ErrorCode::InvalidArgument,
                          "the service account credential " + file.string() + " is too large");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return make_error(ErrorCode::InvalidArgument,
                          "cannot read the service account "
                          "credential " +
                              file.string() + ": " + std::strerror(errno));
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<std::string> read_relays(const std::filesystem::path& file) {
    std::vector<std::string> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line) && out.size() < 64)
        if (platform::net::is_dialable_address(line)) out.push_back(line);
    return out;
}

void write_relays(const std::filesystem::path& file, const std::vector<std::string>& relays) {
    const auto tmp = file.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const auto& r : relays) out << r << "\n";
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
}

}  // namespace

Result<std::unique_ptr<Daemon>> Daemon::start(const Options& options) {
    if (options.profile.empty())
        return make_error(ErrorCode::InvalidArgument, "no profile directory given");
    std::unique_ptr<Daemon> daemon(new Daemon());

    auto peer = platform::Peer::open(options.profile);
    if (!peer) return peer.error();
    daemon->peer_ = std::move(peer).value();
    platform::blob::ProfileBlobStores::attach(*daemon->peer_);  // tools' content on disk

    const auto& dir = daemon->peer_->profile_dir();
    auto token = platform::api::ApiToken::load_or_create(dir / kTokenFile);
    if (!token) return token.error();
    auto tokens = platform::api::TokenStore::open(dir / kTokenStoreFile, *token);
    if (!tokens) return tokens.error();
    auto auth = std::make_shared<platform::api::TokenAuthenticator>(*tokens);

    platform::api::ApiServer::Options server_options;
    if (!options.tls_cert.empty() || !options.tls_key.empty() || !options.tls_client_ca.empty()) {
        if (options.tls_cert.empty() || options.tls_key.empty())
            return make_error(ErrorCode::InvalidArgument,
                              "TLS needs both --tls-cert and --tls-key");
        auto cert = read_pem(options.tls_cert, "TLS certificate");
        if (!cert) return cert.error();
        auto key = read_pem(options.tls_key, "TLS key");
        if (!key) return key.error();
        server_options.tls.cert_pem = std::move(cert).value();
        server_options.tls.key_pem = std::move(key).value();
        if (!options.tls_client_ca.empty()) {
            auto ca = read_pem(options.tls_client_ca, "TLS client CA");
            if (!ca) return ca.error();
            server_options.tls.client_ca_pem = std::move(ca).value();
        }
    }

    // The tool host: scans the search path on its own thread, is attached before the account can
    // be unlocked (only the API unlocks it, and it is not serving yet), and lets tool services
    // through only with the API token. Its crash guard lives in the profile: a tool that crashed
    // the last run starts disabled.
    platform::ToolHostOptions tool_options;
    tool_options.search_path = options.tool_path;
    tool_options.state_directory = dir;
    daemon->tools_ = std::make_unique<platform::ToolHostThread>(std::move(tool_options));
    daemon->tools_->attach(*daemon->peer_);
    std::vector<grpc::Service*> tool_services;
    daemon->tools_->call([&] {
        auto& host = daemon->tools_->host();
        host.set_call_authorizer(
            [auth](const grpc::ServerContextBase& call,
                   const sdk::ToolServiceContext::CallAccess& access) -> Result<void> {
                const grpc::Status status = platform::api::ApiServer::authorize_tool_call(
                    *auth, call, access.writes, access.space_id);
                if (status.ok()) return {};
                return make_error(status.error_code() == grpc::StatusCode::PERMISSION_DENIED
                                      ? ErrorCode::PermissionDenied
                                      : ErrorCode::Unauthenticated,
                                  status.error_message());
            });
        tool_services = host.services();
    });

    // A service account unlocks from its credential before anything links or serves, and dials
    // the peer that added it (kept like --peer).
    std::vector<std::string> service_peers;
    if (!options.service_account.empty()) {
        auto credential = read_credential(options.service_account);
        if (!credential) return credential.error();
        auto started = daemon->peer_->start_service_account(*credential);
        sodium_memzero(credential->data(), credential->size());
        if (!started) return started.error();
        service_peers = started->addresses;
    }

    // The peer node before the API, so that Join and invitations find it.
    // --listen HOST:0 picks a port once and keeps it in the profile, so that the addresses
    // members remember stay right across restarts; a kept port that is taken now falls back to
    // a fresh one (kept from then on), which members learn from this device's new record.
    platform::net::PeerNodeOptions node_options;
    node_options.listen = options.listen;
    node_options.peers = options.peers;
    for (const auto& p : service_peers)
        if (std::find(node_options.peers.begin(), node_options.peers.end(), p) ==
            node_options.peers.end())
            node_options.peers.push_back(p);
    node_options.relays = options.relays;
    for (const auto& r : read_relays(dir / kRelayFile))
        if (std::find(node_options.relays.begin(), node_options.relays.end(), r) ==
            node_options.relays.end())
            node_options.relays.push_back(r);
    node_options.discovery = options.discovery;
    node_options.discovery_options = options.discovery_options;
    node_options.addresses = platform::net::AddressBook::open(dir / kAddressFile);
    auto node = platform::net::start_with_kept_port(*daemon->peer_, node_options, dir / kPortFile);
    if (!node) return node.error();
    daemon->node_ = std::move(node->node);
    daemon->port_warning_ = node->warning;

    server_options.listen = options.api.empty()
                                ? platform::api::ListenAddress::unix_socket(dir / kSocketFile).uri()
                                : options.api;
    server_options.token = std::move(token).value();
    server_options.tokens = *tokens;
    server_options.watch_queue_events = options.watch_queue_events;
    server_options.extra_services = std::move(tool_services);
    platform::net::PeerNode* node_ptr = daemon->node_.get();
    server_options.network.invitation_addresses = [node_ptr] {
        std::vector<std::string> addresses;
        if (!node_ptr->listen_address().empty()) addresses.push_back(node_ptr->listen_address());
        for (const auto& r : node_ptr->relays()) addresses.push_back(r.address);
        return addresses;
    };
    server_options.network.share_short_invitation =
        [node_ptr](const std::string& space, const platform::InvitationInfo& invitation)
        -> Result<platform::api::NetworkHooks::ShortInvitation> {
        auto shared = node_ptr->share_short_invitation(space, invitation);
        if (!shared) return shared.error();
        return platform::api::NetworkHooks::ShortInvitation{shared->code, shared->link};
    };
    server_options.network.connectivity = [node_ptr](const platform::SpaceId& space) {
        auto c = node_ptr->connectivity(space);
        return platform::api::NetworkHooks::Connectivity{
            c.state == platform::net::SpaceConnectivity::State::Online, c.reason, c.detail,
            c.action};
    };
    // Relays added or removed at run time are written to DIR/relays (dialed at the next start).
    const auto relay_file = dir / kRelayFile;
    auto kept_relays = [node_ptr, relay_file] {
        std::vector<std::string> out;
        for (const auto& r : node_ptr->relays()) out.push_back(r.address);
        write_relays(relay_file, out);
    };
    server_options.network.add_relay = [node_ptr, kept_relays](const std::string& address) {
        node_ptr->connect(address, true);
        kept_relays();
        return Result<void>{};
    };
    server_options.network.remove_relay =
        [node_ptr, kept_relays](const std::string& address) -> Result<void> {
        if (!node_ptr->disconnect(address, true))
            return make_error(ErrorCode::NotFound, "no relay " + address + " is used");
        kept_relays();
        return {};
    };
    server_options.network.list_relays = [node_ptr] {
        std::vector<platform::api::NetworkHooks::Relay> out;
        for (auto& r : node_ptr->relays()) out.push_back({r.address, r.linked, r.last_error});
        return out;
    };
    server_options.network.test_relay = [node_ptr](const std::string& address) {
        return node_ptr->test_relay(address);
    };
    server_options.network.connect = [node_ptr](const std::string& address, bool relay) {
        node_ptr->connect(address, relay);
        return Result<void>{};
    };
    server_options.network.join = [node_ptr](const std::string& code) {
        return node_ptr->join(code);
    };
    server_options.network.pair = [node_ptr](const std::string& code,
                                             const std::string& passphrase) {
        return node_ptr->pair(code, passphrase);
    };
    auto server = platform::api::ApiServer::start(*daemon->peer_, server_options);
    if (!server) return server.error();
    daemon->server_ = std::move(server).value();
    return daemon;
}

Daemon::~Daemon() {
    stop();
}

void Daemon::stop() {
    if (node_) node_->stop();
    if (server_) server_->shutdown();
    server_.reset();
    node_.reset();
    // No service call runs any more: the tool host (and the instances it drives) can go, before
    // the Peer whose deltas they reflect.
    tools_.reset();
    peer_.reset();
}

}  // namespace grove::apps::groved
