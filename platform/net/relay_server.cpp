#include "net/relay_server.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>

#include <fstream>
#include <map>

#include "crypto/primitives.h"
#include "grove/net/v1/relay.grpc.pb.h"
#include "net/link.h"
#include "net/relay_session.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {
// The relay's own Ed25519 key (its identity on links), created on first start.
Result<crypto::SigningKeyPair> relay_key(const std::filesystem::path& dir) {
    auto path = dir / "relay.key";
    std::ifstream in(path, std::ios::binary);
    if (in) {
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (bytes.size() != crypto::kSignSecretKeySize)
            return make_error(ErrorCode::DataLoss,
                              "the relay key file is damaged: " + path.string());
        return crypto::SigningKeyPair::from_secret(as_bytes(bytes));
    }
    auto pair = crypto::SigningKeyPair::generate();
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return make_error(ErrorCode::FailedPrecondition, "cannot write " + path.string());
    auto view = pair.secret_key.view();
    bool ok = ::write(fd, view.data(), view.size()) == static_cast<ssize_t>(view.size()) &&
              ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return make_error(ErrorCode::FailedPrecondition, "cannot write " + path.string());
    return pair;
}

// The operator's token for Relay/Status, created on first start (0600).
Result<std::string> load_status_token(const std::filesystem::path& dir) {
    auto existing = read_status_token(dir / "status.token");
    if (existing.ok() || existing.error().code != ErrorCode::NotFound) return existing;
    auto path = dir / "status.token";
    const std::string token = to_hex(crypto::random_array<32>());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return make_error(ErrorCode::FailedPrecondition, "cannot write " + path.string());
    bool ok = ::write(fd, token.data(), token.size()) == static_cast<ssize_t>(token.size()) &&
              ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return make_error(ErrorCode::FailedPrecondition, "cannot write " + path.string());
    return token;
}

bool same_token(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}
}  // namespace

Result<std::string> read_status_token(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::NotFound, "no operator token in " + path.string());
    std::string token((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    if (token.size() != 64)
        return make_error(ErrorCode::DataLoss,
                          "the operator token file is damaged: " + path.string());
    return token;
}

// Open runs on gRPC's callback API (links own no thread); Status stays a synchronous call.
struct RelayServer::State : nv::Relay::WithCallbackMethod_Open<nv::Relay::Service> {
    RelayOptions options;
    crypto::SigningKeyPair key;
    std::string token;
    std::unique_ptr<RelayStore> store;
    std::unique_ptr<RelayChunkStore> chunks;
    std::mutex store_mutex;
    RelayCounters counters;
    RelayHub hub{[this] { wake_all(); }};
    // Short invitation codes deposited by member devices (memory only: they deposit again).
    std::shared_ptr<ShortInvitationDirectory> short_invitations =
        std::make_shared<ShortInvitationDirectory>();
    std::unique_ptr<grpc::Server> server;
    std::string bound;

    std::unique_ptr<LinkAdmission> admission;
    std::mutex mutex;
    std::condition_variable cv;
    std::map<Link*, std::shared_ptr<Link>> live;  // until each link is over
    bool stopping = false;
    std::thread janitor;

    void wake_all() {
        std::lock_guard lock(mutex);
        for (auto& [l, link] : live) l->wake();
    }

    grpc::ServerBidiReactor<nv::LinkFrame, nv::LinkFrame>* Open(
        grpc::CallbackServerContext* context) override {
        {
            std::lock_guard lock(mutex);
            if (stopping)
                return new RefusedLinkReactor(
                    grpc::Status(grpc::StatusCode::UNAVAILABLE, "the relay is shutting down"));
        }
        auto ticket = admission->admit(context->peer());
        if (!ticket.ok())
            return new RefusedLinkReactor(
                grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, ticket.error().message));
        LinkIdentity identity{[this] { return key.public_key; },
                              [this](ByteView m) -> Result<crypto::Signature> {
                                  return crypto::sign(key.secret_key, m);
                              },
                              [] { return true; }};
        auto factory = [this, source = context->peer()](
                           const crypto::SignPublicKey& remote, const crypto::Hash&,
                           LinkSession::Sender send) -> std::unique_ptr<LinkSession> {
            auto session = std::make_unique<RelaySession>(
                *store, store_mutex, counters, remote, std::move(send), [this] { wake_all(); },
                &hub, chunks.get());
            session->attach_short_invitations(short_invitations, source);
            return session;
        };
        LinkOptions lo;
        lo.tick = options.tick;
        auto link = Link::make(identity, factory, Link::Side::Acceptor, lo, context->peer());
        {
            std::lock_guard lock(mutex);
            live.emplace(link.get(), link);
        }
        auto* reactor = new ServerLinkReactor(context, link);
        Link* raw = link.get();
        link->start(
            reactor,
            [this, raw](const Result<void>&) {
                std::lock_guard lock(mutex);
                live.erase(raw);
                cv.notify_all();
            },
            std::move(ticket).value());
        return reactor;
    }

    grpc::Status Status(grpc::ServerContext* context, const nv::RelayStatusRequest*,
                        nv::RelayStatus* out) override {
        // Operators only: the status names every space and its size.
        auto given = context->client_metadata().find("grove-relay-token");
        if (given == context->client_metadata().end() ||
            !same_token(std::string(given->second.data(), given->second.size()), token))
            return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                "Relay/Status is for the relay's operator (the token in "
                                "DIR/status.token)");
        fill(*out);
        return grpc::Status::OK;
    }

    Result<RelayExpiry> expire(std::int64_t now_ms) {
        Result<RelayExpiry> r = RelayExpiry{};
        {
            std::lock_guard store_lock(store_mutex);
            r = store->expire(now_ms);
        }
        if (r.ok()) counters.expired += r->deltas;
        (void)chunks->expire(now_ms);  // a failure is retried at the next run
        // Devices behind the new floor learn it at their next hello (every tick).
        return r;
    }

    void fill(nv::RelayStatus& out) {
        std::map<SpaceId, RelaySpaceUsage> usage;
        std::map<SpaceId, VersionVector> floors;
        std::map<SpaceId, std::uint32_t> roster_sizes;
        {
            std::lock_guard lock(store_mutex);
            usage = store->usage();
            floors = store->floors();
            for (const auto& [id, u] : usage)
                if (const RelayRoster* r = store->roster(id))
                    roster_sizes[id] = static_cast<std::uint32_t>(r->devices.size());
            out.set_spaces_with_roster(static_cast<std::uint32_t>(store->roster_count()));
            out.set_devices(static_cast<std::uint32_t>(store->device_bytes().size()));
            std::uint64_t largest = 0;
            for (const auto& [d, b] : store->device_bytes()) largest = std::max(largest, b);
            out.set_largest_device_bytes(largest);
            const auto& limits = store->limits();
            out.set_space_quota_bytes(limits.space_quota_bytes);
            out.set_device_quota_bytes(limits.device_quota_bytes);
            out.set_total_quota_bytes(limits.total_quota_bytes);
            out.set_max_spaces(limits.max_spaces);
        }
        // Every space with deltas held or a retention floor (all of it may have expired).
        for (const auto& [id, f] : floors) usage.try_emplace(id);
        std::uint64_t deltas = 0, bytes = 0;
        for (const auto& [id, u] : usage) {
            deltas += u.deltas;
            bytes += u.bytes;
            auto* s = out.add_per_space();
            s->set_space_id(to_string(id));
            s->set_deltas(u.deltas);
            s->set_bytes(u.bytes);
            s->set_refill_deltas(u.refill_deltas);
            if (auto r = roster_sizes.find(id); r != roster_sizes.end())
                s->set_roster_devices(r->second);
            if (auto f = floors.find(id); f != floors.end())
                vector_to_proto(f->second, s->mutable_floor());
        }
        out.set_expired_deltas(counters.expired);
        out.set_lagging_devices(static_cast<std::uint32_t>(hub.open_needs()));
        out.set_retention_gaps(counters.retention_gaps);
        out.set_refill_requests(counters.refill_requests);
        out.set_refilled_deltas(counters.refilled);
        out.set_refills_refused(counters.refills_refused);
        out.set_stored_deltas(deltas);
        out.set_stored_bytes(bytes);
        out.set_spaces(static_cast<std::uint32_t>(usage.size()));
        out.set_accepted_deltas(counters.accepted);
        out.set_delivered_deltas(counters.delivered);
        out.set_rejected_deltas(counters.rejected);
        out.set_refused_not_member(counters.refused_not_member);
        out.set_refused_quota(counters.refused_quota);
        out.set_rosters_accepted(counters.rosters_accepted);
        out.set_rosters_refused(counters.rosters_refused);
        const RelayChunkUsage held = chunks->total();
        out.set_stored_chunks(held.chunks);
        out.set_stored_chunk_bytes(held.bytes);
        out.set_chunks_refused_quota(chunks->refused_quota);
        out.set_chunks_refused_not_member(chunks->refused_not_member);
        out.set_chunk_space_quota_bytes(chunks->limits().space_quota_bytes);
        out.set_call_frames_forwarded(counters.call_frames_forwarded);
        out.set_call_frames_refused(counters.call_frames_refused);
        out.set_call_frames_dropped(counters.call_frames_dropped);
        std::lock_guard lock(mutex);
        std::uint32_t connected = 0;
        for (auto& [l, link] : live) connected += l->established() ? 1 : 0;
        out.set_connected_devices(connected);
    }
};

RelayServer::RelayServer(std::unique_ptr<State> state) : state_(std::move(state)) {}
RelayServer::~RelayServer() {
    stop();
}

Result<std::unique_ptr<RelayServer>> RelayServer::start(RelayOptions options) {
    crypto::initialize();
    auto state = std::make_unique<State>();
    state->options = std::move(options);
    auto store = RelayStore::open(state->options.data, state->options.limits);
    if (!store.ok()) return store.error();
    state->store = std::move(store).value();
    auto chunks = RelayChunkStore::open(state->options.data, state->options.chunk_limits);
    if (!chunks.ok()) return chunks.error();
    state->chunks = std::move(chunks).value();
    auto key = relay_key(state->options.data);
    if (!key.ok()) return key.error();
    state->key = std::move(key).value();
    auto token = load_status_token(state->options.data);
    if (!token.ok()) return token.error();
    state->token = std::move(token).value();
    state->admission = std::make_unique<LinkAdmission>(state->options.links);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort(state->options.listen, grpc::InsecureServerCredentials(), &port);
    // A link's frames are at most a sealed kMaxFrameBytes: anything larger is refused by gRPC
    // before it is buffered.
    builder.SetMaxReceiveMessageSize(static_cast<int>(kMaxLinkMessageBytes));
    builder.SetMaxSendMessageSize(static_cast<int>(kMaxLinkMessageBytes));
    grpc::ResourceQuota quota("grove-relay-links");
    quota.Resize(state->options.links.transport_memory_bytes);
    builder.SetResourceQuota(quota);
    builder.RegisterService(state.get());
    state->server = builder.BuildAndStart();
    if (!state->server || port == 0)
        return make_error(ErrorCode::Unavailable, "cannot listen on " + state->options.listen);
    auto colon = state->options.listen.rfind(':');
    state->bound = state->options.listen.substr(0, colon) + ":" + std::to_string(port);
    State* s = state.get();
    state->janitor = std::thread([s] {
        std::unique_lock lock(s->mutex);
        while (!s->stopping) {
            lock.unlock();
            (void)s->expire(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count());
            lock.lock();
            auto every = std::min<std::chrono::milliseconds>(
                s->options.expire_every,
                std::max<std::chrono::milliseconds>(s->options.limits.retention / 4,
                                                    std::chrono::milliseconds(50)));
            s->cv.wait_for(lock, every, [s] { return s->stopping; });
        }
    });
    return std::unique_ptr<RelayServer>(new RelayServer(std::move(state)));
}

const std::string& RelayServer::listen_address() const { return state_->bound; }
const std::string& RelayServer::status_token() const {
    return state_->token;
}

Result<RelayExpiry> RelayServer::expire(std::int64_t now_ms) {
    return state_->expire(now_ms);
}

nv::RelayStatus RelayServer::status() const {
    nv::RelayStatus out;
    state_->fill(out);
    return out;
}

void RelayServer::stop() {
    if (!state_) return;
    std::vector<std::shared_ptr<Link>> links;
    {
        std::lock_guard lock(state_->mutex);
        if (state_->stopping) return;
        state_->stopping = true;
        for (auto& [l, link] : state_->live) links.push_back(link);
    }
    state_->cv.notify_all();
    for (auto& l : links) l->close();
    links.clear();
    state_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    {
        // Every link's session ends (on the link executor) before the store goes.
        std::unique_lock lock(state_->mutex);
        state_->cv.wait(lock, [&] { return state_->live.empty(); });
    }
    state_->server->Wait();
    if (state_->janitor.joinable()) state_->janitor.join();
}

void RelayServer::wait() {
    state_->server->Wait();
}

Result<nv::RelayStatus> query_relay_status(const std::string& address, const std::string& token) {
    auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
    auto stub = nv::Relay::NewStub(channel);
    grpc::ClientContext ctx;
    if (!token.empty()) ctx.AddMetadata("grove-relay-token", token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    nv::RelayStatus out;
    auto st = stub->Status(&ctx, nv::RelayStatusRequest{}, &out);
    if (st.error_code() == grpc::StatusCode::PERMISSION_DENIED)
        return make_error(ErrorCode::PermissionDenied,
                          "the relay at " + address + " refused: " + st.error_message() +
                              "; pass --data DIR or --token-file FILE");
    if (!st.ok())
        return make_error(ErrorCode::Unavailable,
                          "cannot reach the relay at " + address + ": " + st.error_message());
    return out;
}

}  // namespace grove::platform::net
