#include "net/peer_node.h"

#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <list>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include "core/invitation_code.h"
#include "core/short_code.h"
#include "core/short_invitation_seal.h"
#include "grove/net/v1/link.grpc.pb.h"
#include "grove/net/v1/relay.grpc.pb.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {
constexpr int kMaxMessageBytes = static_cast<int>(kMaxLinkMessageBytes);

grpc::ChannelArguments channel_args() {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(kMaxMessageBytes);
    args.SetMaxSendMessageSize(kMaxMessageBytes);
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20'000);
    args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
    return args;
}

// The IPv4 addresses of the interfaces that are up, non-loopback first ("127.0.0.1" last).
std::vector<std::string> interface_addresses() {
    std::vector<std::string> out, loopback;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return {"127.0.0.1"};
    for (auto* i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
        char text[INET_ADDRSTRLEN] = {};
        auto* in = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
        if (!inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) continue;
        std::string a = text;
        auto& bucket = a.rfind("127.", 0) == 0 ? loopback : out;
        if (std::find(bucket.begin(), bucket.end(), a) == bucket.end()) bucket.push_back(a);
    }
    freeifaddrs(list);
    std::sort(out.begin(), out.end());
    if (loopback.empty()) loopback.push_back("127.0.0.1");
    out.insert(out.end(), loopback.begin(), loopback.end());
    return out;
}

// Where other devices can reach a listener bound to `bound` ("host:port"): that host, or every
// interface's address when it is a wildcard.
std::vector<std::string> reachable_addresses(const std::string& bound,
                                             const std::vector<std::string>& interfaces) {
    if (bound.empty()) return {};
    const auto colon = bound.rfind(':');
    const std::string host = bound.substr(0, colon);
    const std::string port = bound.substr(colon + 1);
    if (host != "0.0.0.0" && host != "[::]" && host != "::" && !host.empty()) return {bound};
    std::vector<std::string> out;
    for (const auto& a : interfaces) out.push_back(a + ":" + port);
    return out;
}

std::chrono::milliseconds jittered(std::chrono::milliseconds backoff) {
    thread_local std::mt19937_64 random{std::random_device{}()};
    const auto half = backoff.count() / 2;
    return std::chrono::milliseconds(half +
                                     std::uniform_int_distribution<long long>(0, half)(random));
}

std::string describe(const Result<void>& why, const std::string& fallback) {
    if (why.ok()) return fallback;
    return why.error().message.empty() ? fallback : why.error().message;
}
}  // namespace

// Links run on gRPC's callback API: they own no thread. A dialed address keeps one thread
// (waiting for its link to end, then redialing after a backoff).
struct PeerNode::State : nv::PeerLink::CallbackService {
    Peer& peer;
    PeerNodeOptions options;
    Replicator replicator;
    std::unique_ptr<grpc::Server> server;
    std::string bound;
    Subscription events;
    Subscription ephemeral_wake;  // ---- ephemeral ----: Peer::send_ephemeral wakes every link

    mutable std::mutex mutex;
    std::condition_variable cv;
    bool stopping = false;
    std::unique_ptr<LinkAdmission> admission;
    std::map<Link*, std::shared_ptr<Link>> live;  // every link (accepted or dialed) until over
    std::list<std::thread> dialers;

    // ---- LAN discovery: announced addresses are dialed like peers, once per candidate ----
    std::unique_ptr<LanDiscovery> discovery;
    std::string discovery_error;
    struct Candidate {
        bool dialing = false;
        std::chrono::steady_clock::time_point next_attempt{};
        std::chrono::milliseconds backoff{0};
        std::string device;  // hex, once a link to it was established
        std::thread thread;
    };
    static constexpr std::size_t kMaxCandidates = 64;
    std::map<std::string, Candidate> candidates;  // by "ip:port"
    std::set<Link*> discovered_links;             // links dialed because of an announcement
    void prune_discovered(const std::vector<std::pair<Link*, LinkInfo>>& infos);
    void discovered(const std::string& address);
    void dial_discovered(const std::string& address);
    // (address, relay) with a dialer, and that dialer's number: a dialer whose number is no
    // longer here (disconnect(), or a later connect() of the same address) ends.
    std::map<std::pair<std::string, bool>, std::uint64_t> dialed;
    std::uint64_t next_dialer = 1;
    struct DialState {
        std::weak_ptr<Link> link;
        std::string last_error;
        bool linked = false;
    };
    std::map<std::pair<std::string, bool>, DialState> dial_states;

    // ---- remembered member devices (AddressBook) ----
    std::shared_ptr<AddressBook> book;
    std::vector<std::string> interfaces;   // last seen
    std::uint64_t network_generation = 0;  // bumped when the interfaces change: redial now
    struct DeviceDialer {
        std::thread thread;
        std::string last_error;
        bool attempted = false;
    };
    static constexpr std::size_t kMaxDeviceDialers = 256;
    std::map<crypto::SignPublicKey, DeviceDialer> device_dialers;
    std::thread network_watch;
    // The book may outlive the node (a caller's): its callback checks this before using `this`.
    std::shared_ptr<std::atomic<bool>> alive = std::make_shared<std::atomic<bool>>(true);
    void learned(const crypto::SignPublicKey& device);
    void dial_device_forever(crypto::SignPublicKey device);
    bool linked_to(const std::string& device_hex);
    void watch_network();
    void publish_own_addresses();

    State(Peer& p, PeerNodeOptions o) : peer(p), options(std::move(o)), replicator(p) {}

    // ---- short invitation codes: this device's, and the invitation each stands for ----
    std::shared_ptr<ShortInvitationDirectory> short_invitations =
        std::make_shared<ShortInvitationDirectory>();
    std::mutex short_mutex;
    std::map<std::string, std::pair<std::string, std::string>> short_sources;  // locator → (space, invitation id)
    bool short_invitation_usable(const std::string& locator);
    // Closes a link used once (a join's or a lookup's) and waits until it left `live`.
    void retire(const std::shared_ptr<Link>& link);

    LinkOptions link_options(bool relay) const {
        LinkOptions lo;
        lo.tick = options.tick;
        lo.sync.remote_is_relay = relay;
        if (!relay) lo.sync.addresses = book;
        lo.sync.short_invitations = short_invitations;
        return lo;
    }

    // Registers `link`, which leaves `live` once it is over.
    Link::Closed track(const std::shared_ptr<Link>& link) {
        std::lock_guard lock(mutex);
        live.emplace(link.get(), link);
        Link* raw = link.get();
        return [this, raw](const Result<void>&) {
            std::lock_guard lock(mutex);
            live.erase(raw);
            cv.notify_all();
        };
    }
    // Link::info() takes the link's session lock, and a link's strand holds that lock while the
    // Peer dispatches events, whose wake_all() takes `mutex`: so info() is never called under
    // `mutex` (the links are copied out first).
    std::vector<std::pair<Link*, LinkInfo>> link_infos() {
        std::vector<std::shared_ptr<Link>> links;
        {
            std::lock_guard lock(mutex);
            for (auto& [l, link] : live) links.push_back(link);
        }
        std::vector<std::pair<Link*, LinkInfo>> out;
        for (auto& l : links) out.emplace_back(l.get(), l->info());
        return out;
    }
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
                    grpc::Status(grpc::StatusCode::UNAVAILABLE, "shutting down"));
        }
        auto ticket = admission->admit(context->peer());
        if (!ticket.ok())
            return new RefusedLinkReactor(
                grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, ticket.error().message));
        auto link =
            Link::peer(replicator, Link::Side::Acceptor, link_options(false), context->peer());
        auto closed = track(link);
        auto* reactor = new ServerLinkReactor(context, link);
        link->start(reactor, std::move(closed), std::move(ticket).value());
        return reactor;
    }

    // One channel per address, kept until the node is destroyed: redials reuse it, and no
    // channel is destroyed from its own call's completion.
    std::map<std::string, std::shared_ptr<grpc::Channel>> channels;
    std::shared_ptr<grpc::Channel> channel_to(const std::string& address) {
        std::lock_guard lock(mutex);
        auto& c = channels[address];
        if (!c)
            c = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(),
                                          channel_args());
        return c;
    }

    // A link to `address`, running.
    std::shared_ptr<Link> dial(const std::string& address, bool relay) {
        auto link = Link::peer(replicator, Link::Side::Dialer, link_options(relay), address);
        auto closed = track(link);
        if (relay)
            link->dial<nv::Relay>(channel_to(address), std::move(closed));
        else
            link->dial<nv::PeerLink>(channel_to(address), std::move(closed));
        return link;
    }

    // Starts a dialer for `address` unless one runs (or the node stops); with `first` (a live
    // link to that address), the dialer takes it over and redials once it ends. Returns false
    // when nothing was started (`first` is then left to the caller).
    bool start_dialer(const std::string& address, bool relay,
                      std::shared_ptr<Link> first = nullptr) {
        bool relays_changed = false;
        {
            std::lock_guard lock(mutex);
            if (stopping || dialed.count({address, relay})) return false;
            const std::uint64_t id = next_dialer++;
            dialed.emplace(std::make_pair(address, relay), id);
            dial_states[{address, relay}] = DialState{};
            dialers.emplace_back([this, address, relay, id, first = std::move(first)]() mutable {
                if (first) {
                    (void)first->wait_closed();  // when the other side goes, or at stop()
                    first.reset();
                }
                dial_forever(address, relay, id);
            });
            relays_changed = relay;
        }
        if (relays_changed) publish_own_addresses();
        return true;
    }

    bool still_dialing(const std::string& address, bool relay, std::uint64_t id) const {
        auto it = dialed.find({address, relay});
        return !stopping && it != dialed.end() && it->second == id;
    }

    void dial_forever(std::string address, bool relay, std::uint64_t id) {
        auto backoff = options.min_backoff;
        std::uint64_t network = 0;
        for (;;) {
            {
                std::lock_guard lock(mutex);
                if (!still_dialing(address, relay, id)) return;
                network = network_generation;
            }
            auto started = std::chrono::steady_clock::now();
            Result<void> why;
            bool was_linked = false;
            {
                auto link = dial(address, relay);
                {
                    std::lock_guard lock(mutex);
                    dial_states[{address, relay}].link = link;
                    if (!still_dialing(address, relay, id)) link->close();
                }
                was_linked = link->wait_established(std::chrono::seconds(10));
                if (was_linked) {
                    std::lock_guard lock(mutex);
                    auto& st = dial_states[{address, relay}];
                    st.linked = true;
                    st.last_error.clear();
                } else {
                    link->close();
                }
                why = link->wait_closed();
            }
            {
                std::lock_guard lock(mutex);
                auto& st = dial_states[{address, relay}];
                st.linked = false;
                st.last_error =
                    describe(why, was_linked ? "the link closed" : "no answer from " + address);
            }
            // A link that lived a while resets the backoff; a failing one doubles it (capped,
            // jittered so that many peers restarting at once do not redial in step).
            if (std::chrono::steady_clock::now() - started > std::chrono::seconds(5))
                backoff = options.min_backoff;
            else
                backoff = std::min(backoff * 2, options.max_backoff);
            std::unique_lock lock(mutex);
            cv.wait_for(lock, jittered(backoff), [&] {
                return !still_dialing(address, relay, id) || network_generation != network;
            });
            if (network_generation != network) backoff = options.min_backoff;
        }
    }
};

// ---- remembered member devices ----

bool PeerNode::State::linked_to(const std::string& device_hex) {
    for (const auto& [l, info] : link_infos())
        if (info.established && !info.relay && info.remote_device == device_hex) return true;
    return false;
}

// A member device's record was stored (or remembered at start): dial it until a link is up.
void PeerNode::State::learned(const crypto::SignPublicKey& device) {
    if (device == replicator.device()) return;  // taken outside `mutex` (lock order)
    std::lock_guard lock(mutex);
    if (stopping || device_dialers.count(device) || device_dialers.size() >= kMaxDeviceDialers)
        return;
    device_dialers[device].thread = std::thread([this, device] { dial_device_forever(device); });
}

// One thread per remembered device: while no link to it is up (dialed by us, by it, or found by
// discovery), tries each of its addresses in turn; when all fail, waits a jittered, capped
// backoff, or less when the network changes.
void PeerNode::State::dial_device_forever(crypto::SignPublicKey device) {
    const std::string hex = to_hex(device);
    auto backoff = options.min_backoff;
    for (;;) {
        std::uint64_t network = 0;
        {
            std::lock_guard lock(mutex);
            if (stopping) return;
            network = network_generation;
        }
        if (replicator.unlocked() && replicator.device() == device) return;  // this device
        if (!replicator.unlocked() || linked_to(hex)) {
            backoff = options.min_backoff;
            std::unique_lock lock(mutex);
            cv.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping; });
            continue;
        }
        auto entry = book->find(device);
        std::vector<std::string> addresses = entry ? entry->addresses : std::vector<std::string>{};
        const auto own = book->own_addresses();
        std::erase_if(addresses, [&](const std::string& a) {
            return std::find(own.begin(), own.end(), a) != own.end();
        });
        bool linked = false;
        std::string last_error;
        for (const auto& address : addresses) {
            {
                std::lock_guard lock(mutex);
                if (stopping || address == bound) continue;
            }
            if (linked_to(hex)) {
                linked = true;
                break;
            }
            auto link = dial(address, false);
            {
                std::lock_guard lock(mutex);
                if (stopping) link->close();
                device_dialers[device].attempted = true;
            }
            const auto started = std::chrono::steady_clock::now();
            if (link->wait_established(std::chrono::seconds(5))) {
                linked = true;
                {
                    std::lock_guard lock(mutex);
                    device_dialers[device].last_error.clear();
                }
                auto why = link->wait_closed();
                if (std::chrono::steady_clock::now() - started < std::chrono::seconds(5))
                    last_error = address + ": " + describe(why, "the link closed at once");
                break;
            }
            link->close();
            last_error = address + ": " + describe(link->wait_closed(), "no answer");
        }
        if (addresses.empty()) last_error = "no address known";
        {
            std::lock_guard lock(mutex);
            if (!last_error.empty()) device_dialers[device].last_error = last_error;
        }
        backoff = linked && last_error.empty() ? options.min_backoff
                                               : std::min(backoff * 2, options.max_backoff);
        std::unique_lock lock(mutex);
        cv.wait_for(lock, jittered(backoff),
                    [&] { return stopping || network_generation != network; });
        if (network_generation != network) backoff = options.min_backoff;
    }
}

// This device's record: the addresses its listener is reachable on and the relays it dials.
void PeerNode::State::publish_own_addresses() {
    std::vector<std::string> relays;
    std::vector<std::string> addresses;
    {
        std::lock_guard lock(mutex);
        for (const auto& [key, id] : dialed)
            if (key.second) relays.push_back(key.first);
        addresses = reachable_addresses(bound, interfaces);
    }
    book->set_own(std::move(addresses), std::move(relays));
    wake_all();
}

// Polls the interfaces: a change (an address came or went: another network, a VPN) re-signs this
// device's record and has every dialer try again at once.
void PeerNode::State::watch_network() {
    for (;;) {
        {
            std::unique_lock lock(mutex);
            if (cv.wait_for(lock, options.network_check, [&] { return stopping; })) return;
        }
        auto now = interface_addresses();
        {
            std::lock_guard lock(mutex);
            if (now == interfaces) continue;
            interfaces = std::move(now);
            ++network_generation;
        }
        cv.notify_all();
        publish_own_addresses();
    }
}

// ---- LAN discovery ----

// Closes a discovery link that duplicates another link with the same device: when both ends
// dialed each other after hearing each other, the link dialed by the smaller device key stays
// (both ends decide alike). Learns each candidate's device. Callers hold `mutex`; `infos` was
// read just before (link_infos()); a link still in `discovered_links` is alive.
void PeerNode::State::prune_discovered(const std::vector<std::pair<Link*, LinkInfo>>& infos) {
    const std::string me = to_hex(replicator.device());
    for (const auto& [d, info] : infos) {
        if (!discovered_links.count(d) || !info.established || info.remote_device.empty()) continue;
        if (auto c = candidates.find(info.address); c != candidates.end())
            c->second.device = info.remote_device;
        if (me <= info.remote_device) continue;
        for (const auto& [l, other] : infos) {
            if (l == d || discovered_links.count(l)) continue;
            if (other.established && other.remote_device == info.remote_device) {
                d->close();
                break;
            }
        }
    }
}

// A member announced `address`: dial it unless it is us, configured, already linked (by
// address, or by device once known) or backing off after a failed attempt.
void PeerNode::State::discovered(const std::string& address) {
    {
        std::lock_guard lock(mutex);
        if (stopping || address == bound) return;
        if (dialed.count({address, false})) return;  // a configured or kept peer: dialed already
    }
    const auto infos = link_infos();
    std::lock_guard lock(mutex);
    if (stopping) return;
    prune_discovered(infos);
    auto it = candidates.find(address);
    if (it == candidates.end()) {
        if (candidates.size() >= kMaxCandidates) return;
        it = candidates.emplace(address, Candidate{}).first;
    }
    auto& c = it->second;
    if (c.dialing || std::chrono::steady_clock::now() < c.next_attempt) return;
    for (const auto& [l, info] : infos) {
        if (info.address == address) return;
        if (!c.device.empty() && info.established && info.remote_device == c.device) return;
    }
    if (c.thread.joinable()) c.thread.join();  // the previous attempt has finished
    c.dialing = true;
    c.thread = std::thread([this, address] { dial_discovered(address); });
}

void PeerNode::State::dial_discovered(const std::string& address) {
    const auto started = std::chrono::steady_clock::now();
    {
        auto link = dial(address, false);
        {
            std::lock_guard lock(mutex);
            discovered_links.insert(link.get());
            if (stopping) link->close();
        }
        (void)link->wait_closed();
        std::lock_guard lock(mutex);
        discovered_links.erase(link.get());
    }
    std::lock_guard lock(mutex);
    auto& c = candidates[address];
    // One that lived a while is dialed again at once when announced; a failing one backs off.
    if (std::chrono::steady_clock::now() - started > std::chrono::seconds(5))
        c.backoff = options.min_backoff;
    else
        c.backoff =
            std::clamp(c.backoff * 2, options.min_backoff, std::chrono::milliseconds(60'000));
    c.next_attempt = std::chrono::steady_clock::now() + c.backoff;
    c.dialing = false;
}

const LanDiscovery* PeerNode::discovery() const {
    return state_->discovery.get();
}

std::string PeerNode::discovery_error() const {
    std::lock_guard lock(state_->mutex);
    return state_->discovery_error;
}

PeerNode::PeerNode(std::unique_ptr<State> state) : state_(std::move(state)) {}

PeerNode::~PeerNode() {
    stop();
}

Result<std::unique_ptr<PeerNode>> PeerNode::start(Peer& peer, PeerNodeOptions options) {
    auto state = std::make_unique<State>(peer, std::move(options));
    State* s = state.get();
    s->book = s->options.addresses ? s->options.addresses : AddressBook::in_memory();
    s->interfaces = interface_addresses();
    s->short_invitations->set_usable_check(
        [s](const std::string& locator) { return s->short_invitation_usable(locator); });
    // Only a wake-up is needed: no event views are built for the links' sake.
    s->events = peer.subscribe_stored([s] { s->wake_all(); });
    s->ephemeral_wake =
        s->replicator.on_outgoing_ephemeral([s](const EphemeralOut&) { s->wake_all(); }, true);
    if (!s->options.listen.empty()) {
        grpc::ServerBuilder builder;
        int port = 0;
        builder.AddListeningPort(s->options.listen, grpc::InsecureServerCredentials(), &port);
        builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
        builder.SetMaxSendMessageSize(kMaxMessageBytes);
        // A port another process holds is an error here, never shared (SO_REUSEPORT would let
        // two peers bind the port kept in a profile and split its links between them).
        builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
        grpc::ResourceQuota quota("grove-peer-links");
        quota.Resize(s->options.links.transport_memory_bytes);
        builder.SetResourceQuota(quota);
        builder.RegisterService(s);
        s->admission = std::make_unique<LinkAdmission>(s->options.links);
        s->server = builder.BuildAndStart();
        if (!s->server || port == 0)
            return make_error(ErrorCode::Unavailable, "cannot listen on " + s->options.listen);
        auto colon = s->options.listen.rfind(':');
        s->bound = s->options.listen.substr(0, colon) + ":" + std::to_string(port);
    }
    if (s->options.discovery) {
        std::uint16_t port = 0;
        std::string host;
        if (auto colon = s->bound.rfind(':'); colon != std::string::npos) {
            port = static_cast<std::uint16_t>(std::stoi(s->bound.substr(colon + 1)));
            host = s->bound.substr(0, colon);
        }
        auto d = LanDiscovery::start(
            s->options.discovery_options, port, host,
            [s] { return s->replicator.discovery_keys(); },
            [s](const std::string& address, const SpaceId&) { s->discovered(address); });
        if (d)
            s->discovery = std::move(d).value();
        else
            s->discovery_error = d.error().message;
    }
    std::unique_ptr<PeerNode> node(new PeerNode(std::move(state)));
    for (const auto& p : node->state_->options.peers) node->connect(p, false);
    for (const auto& r : node->state_->options.relays) node->connect(r, true);
    s->publish_own_addresses();
    // Every member device remembered from earlier runs is dialed now; newly learned ones too.
    s->book->on_learned([s, alive = s->alive](const DeviceAddresses& d) {
        if (*alive) s->learned(d.device);
    });
    for (const auto& d : s->book->devices()) s->learned(d.device);
    s->network_watch = std::thread([s] { s->watch_network(); });
    return node;
}

const std::string& PeerNode::listen_address() const {
    return state_->bound;
}

void PeerNode::connect(const std::string& address, bool relay) {
    (void)state_->start_dialer(address, relay);
}

bool PeerNode::disconnect(const std::string& address, bool relay) {
    std::shared_ptr<Link> current;
    {
        std::lock_guard lock(state_->mutex);
        if (!state_->dialed.erase({address, relay})) return false;
        auto it = state_->dial_states.find({address, relay});
        if (it != state_->dial_states.end()) {
            current = it->second.link.lock();
            state_->dial_states.erase(it);
        }
    }
    state_->cv.notify_all();  // its dialer ends instead of redialing
    if (current) current->close();
    // Links to that address the dialer did not make (a join's, taken over) close too.
    for (auto& [l, info] : state_->link_infos())
        if (info.address == address && info.relay == relay) l->close();
    if (relay) state_->publish_own_addresses();
    return true;
}

std::vector<RelayState> PeerNode::relays() const {
    std::vector<RelayState> out;
    std::lock_guard lock(state_->mutex);
    for (const auto& [key, id] : state_->dialed) {
        if (!key.second) continue;
        RelayState r;
        r.address = key.first;
        if (auto it = state_->dial_states.find(key); it != state_->dial_states.end()) {
            r.linked = it->second.linked;
            r.last_error = it->second.last_error;
        }
        out.push_back(std::move(r));
    }
    return out;
}

Result<void> PeerNode::test_relay(const std::string& address, std::chrono::milliseconds timeout) {
    if (!is_dialable_address(address))
        return make_error(ErrorCode::InvalidArgument, "\"" + address + "\" is not HOST:PORT");
    if (!state_->replicator.unlocked())
        return make_error(ErrorCode::FailedPrecondition,
                          "the account is locked: unlock it to test a relay");
    auto link = state_->dial(address, true);
    const bool up = link->wait_established(timeout);
    link->close();
    auto why = link->wait_closed();
    if (up) return {};
    return make_error(
        ErrorCode::Unavailable,
        "the relay at " + address + " did not answer: " +
            describe(why, "no answer within " + std::to_string(timeout.count()) + " ms"));
}

const std::shared_ptr<AddressBook>& PeerNode::address_book() const {
    return state_->book;
}

SpaceConnectivity PeerNode::connectivity(const SpaceId& space) const {
    SpaceConnectivity c;
    auto& r = state_->replicator;
    if (!r.unlocked()) {
        c.reason = "locked";
        c.detail = "The account is locked, so no link can be made.";
        c.action = "Unlock the account.";
        return c;
    }
    const auto me = r.device();
    std::set<std::string> member_devices_linked;
    for (const auto& [l, info] : state_->link_infos()) {
        if (!info.established) continue;
        if (info.relay) {
            ++c.relays_linked;
            continue;
        }
        auto key = from_hex(info.remote_device);
        if (!key) continue;
        auto device = fixed_from<crypto::kSignPublicKeySize>(*key);
        if (device && *device != me && r.is_active_device(space, *device))
            member_devices_linked.insert(info.remote_device);
    }
    c.linked_devices = member_devices_linked.size();
    std::string device_error;
    for (const auto& d : state_->book->devices()) {
        if (d.device == me || !r.is_active_device(space, d.device) || d.addresses.empty()) continue;
        ++c.known_devices;
        std::lock_guard lock(state_->mutex);
        if (auto it = state_->device_dialers.find(d.device);
            it != state_->device_dialers.end() && !it->second.last_error.empty())
            device_error = it->second.last_error;
    }
    const auto relay_states = relays();
    if (c.linked_devices > 0) {
        c.state = SpaceConnectivity::State::Online;
        c.reason = "direct";
        c.detail = "Linked to " + std::to_string(c.linked_devices) + " member device" +
                   (c.linked_devices == 1 ? "" : "s") + ".";
        return c;
    }
    if (c.relays_linked > 0) {
        c.state = SpaceConnectivity::State::Online;
        c.reason = "relay";
        c.detail = "Syncing through " + std::to_string(c.relays_linked) + " relay" +
                   (c.relays_linked == 1 ? "" : "s") + "; no member device is linked directly.";
        return c;
    }
    if (!relay_states.empty() && c.known_devices == 0) {
        c.reason = "relay_unreachable";
        const auto& first = relay_states.front();
        c.detail = "The relay at " + first.address + " cannot be reached" +
                   (first.last_error.empty() ? "." : ": " + first.last_error);
        c.action =
            "Check that the relay is running and its address is right (Settings → Relays, "
            "or `grovectl relay test`), or add another relay.";
        return c;
    }
    if (c.known_devices == 0) {
        c.reason = "no_addresses";
        c.detail = "No address is known for any other device of this space.";
        c.action =
            "Add a relay that the other members use, or connect to a member's address "
            "once (`grovectl peer connect HOST:PORT`); addresses are remembered after "
            "the first link.";
        return c;
    }
    c.reason = "dials_failing";
    c.detail = "Every known address of the other " + std::to_string(c.known_devices) +
               " member device" + (c.known_devices == 1 ? "" : "s") + " failed" +
               (device_error.empty() ? "." : " (last: " + device_error + ").");
    if (!relay_states.empty() && !relay_states.front().last_error.empty())
        c.detail += " The relay at " + relay_states.front().address +
                    " cannot be reached either: " + relay_states.front().last_error + ".";
    c.action =
        "The other members are probably offline: Grove keeps retrying. If they are "
        "online, add a relay you can both reach.";
    return c;
}

Result<SpaceSummary> PeerNode::join(const std::string& given, std::chrono::milliseconds timeout) {
    std::string text = given;
    if (is_short_invitation_text(given)) {
        auto resolved = resolve_short_invitation(given, timeout);
        if (!resolved) return resolved.error();
        text = std::move(resolved).value();
    }
    auto code = decode_invitation_code(text);
    std::fill(text.begin(), text.end(), '\0');
    if (!code.ok()) return code.error();
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto left = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
    };
    Error last = make_error(ErrorCode::Unavailable, "the code names no address");
    for (const auto& address : code->addresses()) {
        if (left().count() <= 0) break;
        auto link = state_->dial(address, false);
        auto joined = link->join(*code, left());
        if (joined.ok()) {
            // Keep the link until the history up to our admission has arrived.
            auto sid = *fixed_from<kSpaceIdSize>(as_bytes(code->space_id()));
            while (left().count() > 0) {
                auto summary = state_->peer.get_space(to_hex(sid));
                auto status = state_->peer.sync_status(to_hex(sid));
                if (summary.ok() && status.ok() && summary->delta_count > 0 &&
                    status->pending == 0 &&
                    state_->replicator.may_receive(sid, state_->replicator.device())) {
                    joined = summary;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        // Keep the link (and redial it) from now on; hand it to a dialer that takes it over.
        if (joined.ok() && state_->options.keep_join_link &&
            state_->start_dialer(address, false, link)) {
            if (state_->options.on_peer_kept) state_->options.on_peer_kept(address);
            return joined;
        }
        link->close();
        (void)link->wait_closed();
        {
            // The link's closed callback leaves `live` just after wait_closed() returns: wait
            // for it, so links() no longer lists a link the join has finished with.
            std::unique_lock lock(state_->mutex);
            state_->cv.wait_for(lock, std::chrono::seconds(5),
                                [&] { return !state_->live.contains(link.get()); });
        }
        if (joined.ok()) return joined;
        last = joined.error();
        if (last.code == ErrorCode::PermissionDenied) break;  // refused: another address won't help
    }
    return last;
}

bool PeerNode::State::short_invitation_usable(const std::string& locator) {
    std::pair<std::string, std::string> source;
    {
        std::lock_guard lock(short_mutex);
        auto it = short_sources.find(locator);
        if (it == short_sources.end()) return true;
        source = it->second;
    }
    auto invitations = peer.list_invitations(source.first);
    if (!invitations) return true;  // the admitting peer decides
    for (const auto& inv : *invitations)
        if (inv.invitation_id == source.second) return inv.used_by.empty() && !inv.revoked;
    return true;
}

void PeerNode::State::retire(const std::shared_ptr<Link>& link) {
    link->close();
    (void)link->wait_closed();
    // The link's closed callback leaves `live` just after wait_closed() returns: wait for it,
    // so links() no longer lists a link the caller has finished with.
    std::unique_lock lock(mutex);
    cv.wait_for(lock, std::chrono::seconds(5), [&] { return !live.contains(link.get()); });
}

Result<ShortInvitation> PeerNode::share_short_invitation(const std::string& space,
                                                         const InvitationInfo& invitation,
                                                         const crypto::KdfParams& kdf) {
    auto full = decode_invitation_code(invitation.code);
    if (!full) return full.error();
    auto code = ShortCode::random();
    {
        // A locator this device already uses gets another code (one in a million per code).
        std::lock_guard lock(state_->short_mutex);
        while (state_->short_sources.contains(code.locator())) code = ShortCode::random();
        state_->short_sources[code.locator()] = {space, invitation.invitation_id};
    }
    auto sealed = seal_short_invitation(code, invitation.code, kdf);
    nv::ShortInvitationDeposit deposit;
    deposit.set_locator(code.locator());
    deposit.set_sealed(sealed.SerializeAsString());
    deposit.set_expires_ms(invitation.expires_ms);
    deposit.set_space_id(full->space_id());
    if (auto filed = state_->short_invitations->file(deposit); !filed) {
        std::lock_guard lock(state_->short_mutex);
        state_->short_sources.erase(code.locator());
        return filed.error();
    }
    state_->wake_all();  // relay links deposit it now
    InvitationLink link{code, {}, {}};
    std::set<std::string> relay_set;
    for (const auto& r : relays()) relay_set.insert(r.address);
    for (const auto& a : full->addresses()) {
        if (relay_set.contains(a)) continue;
        if (link.peers.size() < kMaxInvitationLinkAddresses) link.peers.push_back(a);
    }
    for (const auto& r : relay_set)
        if (link.relays.size() < kMaxInvitationLinkAddresses) link.relays.push_back(r);
    return ShortInvitation{code.text(), format_invitation_link(link), invitation.expires_ms};
}

Result<std::string> PeerNode::resolve_short_invitation(const std::string& text,
                                                       std::chrono::milliseconds timeout) {
    auto link = parse_invitation_link(text);
    if (!link) return link.error();
    std::vector<std::pair<std::string, bool>> ask;  // (address, relay)
    auto add = [&](const std::string& a, bool relay) {
        if (std::find(ask.begin(), ask.end(), std::make_pair(a, relay)) == ask.end())
            ask.emplace_back(a, relay);
    };
    for (const auto& p : link->peers) add(p, false);
    for (const auto& r : link->relays) add(r, true);
    for (const auto& r : relays()) add(r.address, true);
    if (ask.empty())
        return make_error(ErrorCode::FailedPrecondition,
                          "nowhere to look this code up: use the grove: link you were sent (it "
                          "says where), or add the inviter's relay to this device's relays");
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::string locator = link->code.locator();
    bool reached = false;
    std::string last_unreachable;
    for (const auto& [address, relay] : ask) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        auto dialed = state_->dial(address, relay);
        auto answer = dialed->lookup_short_invitation(
            locator, std::min(left, std::chrono::milliseconds(10'000)));
        state_->retire(dialed);
        if (!answer) {
            last_unreachable = answer.error().message;
            continue;
        }
        reached = true;
        switch (answer->status()) {
            case nv::ShortInvitationAnswer::FOUND: {
                nv::ShortInvitationSealed sealed;
                if (!sealed.ParseFromString(answer->sealed())) continue;
                auto opened = open_short_invitation(link->code, sealed);
                if (opened) return opened;
                if (opened.error().code == ErrorCode::PermissionDenied) return opened.error();
                continue;
            }
            case nv::ShortInvitationAnswer::EXPIRED:
                return make_error(ErrorCode::PermissionDenied,
                                  "this invitation code has expired: ask for a new one");
            case nv::ShortInvitationAnswer::WITHDRAWN:
                return make_error(ErrorCode::PermissionDenied,
                                  "this invitation code was used already or revoked: ask for a "
                                  "new one");
            case nv::ShortInvitationAnswer::RATE_LIMITED:
                return make_error(ErrorCode::ResourceExhausted,
                                  "too many invitation codes were tried from here: wait a minute, "
                                  "then try again");
            default: continue;  // UNKNOWN: another address may hold it
        }
    }
    if (!reached)
        return make_error(ErrorCode::Unavailable,
                          "could not reach the inviter or a relay to look the code up (" +
                              last_unreachable + "): check the connection, or ask the inviter "
                              "to open Grove");
    return make_error(ErrorCode::NotFound,
                      "no invitation has this code: check it against the one you were sent (an "
                      "expired code is also forgotten after a week)");
}

Result<AccountInfo> PeerNode::pair(const std::string& text, const std::string& passphrase,
                                   std::chrono::milliseconds timeout) {
    auto code = decode_pairing_code(text);
    if (!code.ok()) return code.error();
    // The pending pairing device keys, made now: the link's handshake authenticates with them.
    // Refused when the profile already has an account.
    auto prepared = state_->replicator.prepare_pairing();
    if (!prepared.ok()) return prepared.error();
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto left = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
    };
    Replicator* r = &state_->replicator;
    // This device has no account yet: it links with its pending pairing key.
    LinkIdentity identity = device_identity(*r);
    identity.ready = [r] { return r->unlocked() || r->device() != crypto::SignPublicKey{}; };

    Error last = make_error(ErrorCode::Unavailable, "the pairing code names no address");
    for (const auto& address : code->addresses()) {
        if (left().count() <= 0) break;
        auto promise = std::make_shared<std::promise<Result<AccountInfo>>>();
        auto future = promise->get_future();
        auto started = std::make_shared<std::atomic<bool>>(false);
        SyncOptions sync;
        Link::SessionFactory factory =
            [r, sync, code = *code, passphrase = std::string(passphrase), promise, started](
                const crypto::SignPublicKey& remote, const crypto::Hash& binding,
                LinkSession::Sender send) mutable -> std::unique_ptr<LinkSession> {
            auto session =
                std::make_unique<SyncSession>(*r, remote, binding, std::move(send), sync);
            if (!started->exchange(true)) {
                auto sent = session->start_pair(code, passphrase, [promise](Result<AccountInfo> a) {
                    promise->set_value(std::move(a));
                });
                if (!sent.ok()) promise->set_value(sent.error());
            }
            std::fill(passphrase.begin(), passphrase.end(), '\0');
            return session;
        };
        LinkOptions lo = state_->link_options(false);
        auto link = Link::make(identity, std::move(factory), Link::Side::Dialer, lo, address);
        auto* l = link.get();
        link->dial<nv::PeerLink>(state_->channel_to(address), state_->track(link));
        Result<AccountInfo> paired =
            make_error(ErrorCode::Unavailable, "could not reach the other device at " + address);
        if (l->wait_established(left())) {
            if (future.wait_for(left()) == std::future_status::ready)
                paired = future.get();
            else
                paired =
                    make_error(ErrorCode::Unavailable, "the other device did not answer in time");
        }
        if (paired.ok()) {
            // Keep the link until every space's history up to this device's addition arrived.
            const auto me = r->device();
            while (left().count() > 0) {
                bool all = true;
                for (const auto& sid : r->spaces()) {
                    auto summary = state_->peer.get_space(to_hex(sid));
                    auto status = state_->peer.sync_status(to_hex(sid));
                    if (!summary.ok() || !status.ok() || summary->delta_count == 0 ||
                        status->pending != 0 || !r->may_receive(sid, me)) {
                        all = false;
                        break;
                    }
                }
                if (all) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        l->close();
        (void)l->wait_closed();
        if (paired.ok()) {
            // Keep syncing with the device we paired with (unless --peer already dials it).
            if (state_->start_dialer(address, false) && state_->options.on_peer_kept)
                state_->options.on_peer_kept(address);
            auto account = state_->peer.account();
            return account.ok() ? account : paired;
        }
        last = paired.error();
        // Refused (used, expired, wrong secret) or this profile changed: another address won't
        // help.
        if (last.code != ErrorCode::Unavailable) break;
    }
    return last;
}

std::vector<LinkInfo> PeerNode::links() const {
    std::vector<LinkInfo> out;
    for (auto& [l, info] : state_->link_infos()) out.push_back(std::move(info));
    return out;
}

void PeerNode::stop() {
    if (!state_) return;
    if (state_->discovery) state_->discovery->stop();  // no more dials from announcements
    std::vector<std::shared_ptr<Link>> links;
    {
        std::lock_guard lock(state_->mutex);
        if (state_->stopping) return;
        state_->stopping = true;
        *state_->alive = false;
        for (auto& [l, link] : state_->live) links.push_back(link);
    }
    state_->cv.notify_all();
    for (auto& l : links) l->close();
    links.clear();
    state_->events.reset();
    state_->ephemeral_wake.reset();
    if (state_->server)
        state_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    for (auto& t : state_->dialers) t.join();
    for (auto& [device, d] : state_->device_dialers)
        if (d.thread.joinable()) d.thread.join();
    if (state_->network_watch.joinable()) state_->network_watch.join();
    for (auto& [address, c] : state_->candidates)
        if (c.thread.joinable()) c.thread.join();
    {
        // Every link's session ends (on the link executor) before the replicator goes.
        std::unique_lock lock(state_->mutex);
        state_->cv.wait(lock, [&] { return state_->live.empty(); });
    }
    if (state_->server) state_->server->Wait();
}

}  // namespace grove::platform::net
