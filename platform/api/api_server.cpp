#include "api/api_server.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace grove::platform::api {
namespace {

constexpr auto kShutdownGrace = std::chrono::seconds(5);

// True when something accepts connections on the Unix socket at `path`.
bool someone_listens(const std::filesystem::path& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
    const bool connected =
        ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
    ::close(fd);
    return connected;
}

// Makes way for a new socket at `path`: refuses when it is live or not a socket, removes it
// when it is stale (left behind by a process that died).
Result<void> prepare_socket_path(const std::filesystem::path& path) {
    constexpr std::size_t kMaxPath = sizeof(sockaddr_un::sun_path) - 1;
    if (path.native().size() > kMaxPath)
        return make_error(ErrorCode::InvalidArgument,
                          "cannot listen on " + path.string() +
                              ": a socket path may have at most " + std::to_string(kMaxPath) +
                              " bytes; use a shorter profile path or --api unix:SHORTER_PATH");
    const auto parent = path.parent_path();
    std::error_code ec;
    if (!std::filesystem::is_directory(parent, ec))
        return make_error(ErrorCode::NotFound, "cannot listen on " + path.string() +
                                                   ": no directory " + parent.string());
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return {};  // absent
    if (!S_ISSOCK(st.st_mode))
        return make_error(ErrorCode::AlreadyExists, "cannot listen on " + path.string() +
                                                        ": the path exists and is not a socket");
    if (someone_listens(path))
        return make_error(ErrorCode::AlreadyExists,
                          "another process (groved?) is already listening on " + path.string());
    if (::unlink(path.c_str()) != 0)
        return make_error(ErrorCode::Unavailable, "cannot remove the stale socket " +
                                                      path.string() + ": " + std::strerror(errno));
    return {};
}

}  // namespace

ApiServer::ApiServer(Peer& peer, const Options& options, ListenAddress listen)
    : options_(options),
      listen_(std::move(listen)),
      tokens_(options.tokens ? options.tokens : TokenStore::profile_only(options.token)),
      auth_(tokens_),
      executor_(options.worker_threads, limits::kMaxPendingCalls),
      context_{peer,     auth_, executor_, options.watch_queue_events, options.max_watch_streams,
               idempotency_},
      account_service_(context_),
      space_service_(context_),
      chat_service_(context_),
      event_service_(context_),
      tool_service_(context_),
      sync_service_(context_, options_.network),
      member_service_(context_, options_.network),
      token_service_(context_),
      contact_service_(context_, options_.network),
      device_service_(context_, options_.network) {
    // A revoked token's open Watch streams end at once; its other calls fail from the next one.
    revoke_listener_ =
        tokens_->on_revoke([this](std::uint64_t serial) { event_service_.close_token(serial); });
}

grpc::Status ApiServer::authorize_tool_call(const TokenAuthenticator& auth,
                                            const grpc::ServerContextBase& call, bool writes,
                                            std::string_view space_id) {
    Caller caller;
    const Access access{writes ? Scope::Write : Scope::Read, space_id.empty()};
    if (auto status = auth.check(call, access, caller); !status.ok()) return status;
    std::string space(space_id);
    std::transform(space.begin(), space.end(), space.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!space.empty() && !caller.allows_space(space)) return space_denied(caller);
    return grpc::Status::OK;
}

ApiServer::~ApiServer() {
    shutdown();
}

Result<std::unique_ptr<ApiServer>> ApiServer::start(Peer& peer, const Options& options) {
    auto listen = ListenAddress::parse(options.listen);
    if (!listen) return listen.error();
    const bool tls = !options.tls.cert_pem.empty() || !options.tls.key_pem.empty() ||
                     !options.tls.client_ca_pem.empty();
    if (tls) {
        if (listen->kind() != ListenAddress::Kind::Tcp)
            return make_error(ErrorCode::InvalidArgument,
                              "TLS is for TCP listeners; a Unix socket is protected by its mode "
                              "(0600)");
        if (options.tls.cert_pem.empty() || options.tls.key_pem.empty())
            return make_error(ErrorCode::InvalidArgument,
                              "TLS needs both a certificate and its private key");
        auto pem = [](const std::string& text) {
            return text.find("-----BEGIN ") != std::string::npos;
        };
        if (!pem(options.tls.cert_pem) || !pem(options.tls.key_pem) ||
            (!options.tls.client_ca_pem.empty() && !pem(options.tls.client_ca_pem)))
            return make_error(ErrorCode::InvalidArgument,
                              "the TLS certificate, key and client CA must be PEM files");
    }
    if (!listen->is_loopback() && !tls)
        return make_error(ErrorCode::InvalidArgument,
                          "refusing to listen on " + options.listen +
                              ": it is not a loopback address, and without TLS the API token and "
                              "everything else would cross the network in clear text. Give a "
                              "certificate and key (--tls-cert F --tls-key F, optionally "
                              "--tls-client-ca F for client certificates)");
    if (!options.tokens && options.token.size() < 16)
        return make_error(ErrorCode::InvalidArgument, "the API token is missing or too short");

    std::unique_ptr<ApiServer> server(new ApiServer(peer, options, std::move(*listen)));
    GROVE_TRY(server->listen());
    return server;
}

Result<void> ApiServer::listen() {
    const bool is_unix = listen_.kind() == ListenAddress::Kind::Unix;
    if (is_unix) GROVE_TRY(prepare_socket_path(listen_.unix_path()));

    grpc::ServerBuilder builder;
    int selected_port = 0;
    std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
    if (!options_.tls.cert_pem.empty()) {
        grpc::SslServerCredentialsOptions ssl(
            options_.tls.client_ca_pem.empty()
                ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
        ssl.pem_root_certs = options_.tls.client_ca_pem;
        ssl.pem_key_cert_pairs.push_back({options_.tls.key_pem, options_.tls.cert_pem});
        credentials = grpc::SslServerCredentials(ssl);
        builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
                                   limits::kTlsHandshakeTimeoutMs);
    }
    builder.AddListeningPort(listen_.uri(), credentials, &selected_port);
    builder.SetMaxReceiveMessageSize(static_cast<int>(options_.max_receive_bytes));
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);  // never share a port silently
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                               limits::kMaxConcurrentStreamsPerConnection);
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, limits::kKeepaliveTimeMs);
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, limits::kKeepaliveTimeoutMs);
    builder.RegisterService(&account_service_);
    builder.RegisterService(&space_service_);
    builder.RegisterService(&chat_service_);
    builder.RegisterService(&event_service_);
    builder.RegisterService(&tool_service_);
    builder.RegisterService(&sync_service_);
    builder.RegisterService(&member_service_);
    builder.RegisterService(&token_service_);
    builder.RegisterService(&contact_service_);
    builder.RegisterService(&device_service_);
    for (grpc::Service* service : options_.extra_services) builder.RegisterService(service);

    // gRPC creates the socket with the process umask; create it owner-only from the first
    // instant (0077 also keeps any file another thread creates meanwhile private), then 0600.
    const mode_t old_umask = is_unix ? ::umask(077) : 0;
    server_ = builder.BuildAndStart();
    if (is_unix) ::umask(old_umask);

    if (!server_ || (!is_unix && selected_port == 0)) {
        if (server_) {
            server_->Shutdown();
            server_.reset();
        }
        return make_error(ErrorCode::Unavailable, "cannot listen on " + options_.listen +
                                                      " (address in use, not permitted, or "
                                                      "unusable TLS material?)");
    }
    if (is_unix && ::chmod(listen_.unix_path().c_str(), 0600) != 0) {
        const std::string reason = std::strerror(errno);
        shutdown();
        return make_error(ErrorCode::Unavailable,
                          "cannot set the mode of " + listen_.unix_path().string() + ": " + reason);
    }
    address_ = listen_.uri(is_unix ? 0 : selected_port);
    return {};
}

void ApiServer::shutdown() {
    if (revoke_listener_ != 0) {
        tokens_->remove_listener(revoke_listener_);
        revoke_listener_ = 0;
    }
    if (!server_) return;
    event_service_.close_all({grpc::StatusCode::UNAVAILABLE, "groved is shutting down"});
    // Blocks until every call has finished; the workers keep running so that they can.
    server_->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
    executor_.shutdown();
    server_->Wait();
    server_.reset();
    tokens_->flush();  // last-use times
    if (listen_.kind() == ListenAddress::Kind::Unix) {
        struct stat st {};
        if (::lstat(listen_.unix_path().c_str(), &st) == 0 && S_ISSOCK(st.st_mode) &&
            !someone_listens(listen_.unix_path()))
            ::unlink(listen_.unix_path().c_str());
    }
}

}  // namespace grove::platform::api
