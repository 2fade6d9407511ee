// ApiServer: serves grove.api.v1 for one Peer on a Unix socket (mode 0600) or a TCP address
// (a non-loopback one only with TLS), with token authentication and scopes, message-size limits
// and stream limits.
#pragma once

#include <grove/sdk/result.h>
#include <grpcpp/server.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/account_service.h"
#include "api/blocking_executor.h"
#include "api/chat_service.h"
#include "api/contact_service.h"
#include "api/device_service.h"
#include "api/event_service.h"
#include "api/limits.h"
#include "api/listen_address.h"
#include "api/member_service.h"
#include "api/network_hooks.h"
#include "api/service_context.h"
#include "api/space_service.h"
#include "api/sync_service.h"
#include "api/token_authenticator.h"
#include "api/token_service.h"
#include "api/token_store.h"
#include "api/tool_service.h"
#include "core/peer.h"

namespace grove::platform::api {

class ApiServer {
public:
    struct Options {
        std::string listen;  // `unix:PATH`, `HOST:PORT` or `[IPV6]:PORT`; port 0 picks one
        // The profile token (admin): clients send `authorization: Bearer <token>`. Used when
        // `tokens` is unset; otherwise the store holds it with the per-client tokens.
        std::string token;
        std::shared_ptr<TokenStore> tokens;
        // TLS for a TCP listener (PEM contents). Required on a non-loopback address. With a
        // client CA, clients must also present a certificate it signed (mutual TLS); the token
        // is checked either way.
        struct Tls {
            std::string cert_pem;
            std::string key_pem;
            std::string client_ca_pem;
        } tls;
        std::size_t max_receive_bytes = limits::kMaxReceiveMessageBytes;
        std::size_t watch_queue_events = limits::kWatchQueueEvents;
        std::size_t max_watch_streams = limits::kMaxWatchStreams;
        unsigned worker_threads = limits::kWorkerThreads;
        // Invitations and joining (grove_net's PeerNode); unset hooks → FAILED_PRECONDITION.
        NetworkHooks network;
        // More services to serve on the same address (tools' services, e.g.
        // grove.tools.discussion.v1). They must check the token themselves — the tool host does,
        // through its call authorizer (see authorize()) — and must outlive the server.
        std::vector<grpc::Service*> extra_services;
    };

    // The token check of tool services (the tool host's call authorizer), by the token's scope
    // and spaces like the core services: a read token may read, a write token may change, a
    // token limited to spaces reaches only calls naming one of its spaces (`space_id`, hex;
    // empty = the call reaches beyond one space). OK, or UNAUTHENTICATED / PERMISSION_DENIED
    // with the reason.
    static grpc::Status authorize_tool_call(const TokenAuthenticator& auth,
                                            const grpc::ServerContextBase& call, bool writes,
                                            std::string_view space_id);

    // Listens and serves until shutdown(). `peer` must outlive the server.
    // Refuses (InvalidArgument) a non-loopback address without TLS, and (AlreadyExists) a Unix
    // socket another process is still listening on.
    static Result<std::unique_ptr<ApiServer>> start(Peer& peer, const Options& options);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // What clients dial: `unix:/abs/path` or `host:port` with the port actually bound.
    const std::string& address() const { return address_; }

    // Ends Watch streams (UNAVAILABLE), lets running calls finish (cancelling what remains after
    // a grace period), stops the workers and removes the socket file. Idempotent.
    void shutdown();

private:
    ApiServer(Peer& peer, const Options& options, ListenAddress listen);
    Result<void> listen();

    Options options_;
    ListenAddress listen_;
    std::shared_ptr<TokenStore> tokens_;
    TokenAuthenticator auth_;
    std::uint64_t revoke_listener_ = 0;
    BlockingExecutor executor_;
    sdk::IdempotencyKeys idempotency_;
    ServiceContext context_;
    AccountService account_service_;
    SpaceService space_service_;
    ChatService chat_service_;
    EventService event_service_;
    ToolService tool_service_;
    SyncService sync_service_;
    MemberService member_service_;
    TokenService token_service_;
    ContactService contact_service_;
    DeviceService device_service_;
    std::unique_ptr<grpc::Server> server_;
    std::string address_;
};

}  // namespace grove::platform::api
