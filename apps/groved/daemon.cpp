#include "daemon.h"

#include "api/api_token.h"

namespace grove::apps::groved {

Result<std::unique_ptr<Daemon>> Daemon::start(const Options& options) {
    if (options.profile.empty())
        return make_error(ErrorCode::InvalidArgument, "no profile directory given");
    std::unique_ptr<Daemon> daemon(new Daemon());

    auto peer = platform::Peer::open(options.profile);
    if (!peer) return peer.error();
    daemon->peer_ = std::move(peer).value();

    const auto& dir = daemon->peer_->profile_dir();
    auto token = platform::api::ApiToken::load_or_create(dir / kTokenFile);
    if (!token) return token.error();

    platform::api::ApiServer::Options server_options;
    server_options.listen = options.api.empty()
                                ? platform::api::ListenAddress::unix_socket(dir / kSocketFile).uri()
                                : options.api;
    server_options.token = std::move(token).value();
    server_options.allow_remote = options.allow_remote;
    server_options.watch_queue_events = options.watch_queue_events;
    auto server = platform::api::ApiServer::start(*daemon->peer_, server_options);
    if (!server) return server.error();
    daemon->server_ = std::move(server).value();

    platform::net::PeerNodeOptions node_options;
    node_options.listen = options.listen;
    node_options.peers = options.peers;
    node_options.relays = options.relays;
    auto node = platform::net::PeerNode::start(*daemon->peer_, node_options);
    if (!node) return node.error();
    daemon->node_ = std::move(node).value();
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
    peer_.reset();
}

}  // namespace grove::apps::groved
