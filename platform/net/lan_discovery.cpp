#include "net/lan_discovery.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "crypto/primitives.h"

namespace grove::platform::net {

namespace {

constexpr std::array<std::uint8_t, 4> kMagic{'G', 'R', 'V', 'D'};
constexpr std::size_t kOwnSaltsKept = 64;

std::int64_t system_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::optional<in_addr> parse_ipv4(const std::string& text) {
    in_addr a{};
    if (::inet_pton(AF_INET, text.c_str(), &a) != 1) return std::nullopt;
    return a;
}

std::string ipv4_text(const in_addr& a) {
    char buf[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &a, buf, sizeof buf);
    return buf;
}

// Up, IPv4, multicast-capable (or loopback) interfaces, by address.
std::vector<std::string> local_interfaces() {
    std::vector<std::string> out;
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return out;
    for (ifaddrs* i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
        if (!(i->ifa_flags & IFF_UP)) continue;
        if (!(i->ifa_flags & (IFF_MULTICAST | IFF_LOOPBACK))) continue;
        auto text = ipv4_text(reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr);
        if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
    }
    ::freeifaddrs(list);
    return out;
}

std::string errno_text() {
    return std::strerror(errno);
}

// Refilled continuously at `rate` per second; holds at most one second's worth.
class TokenBucket {
public:
    explicit TokenBucket(std::size_t rate)
        : rate_(static_cast<double>(std::max<std::size_t>(1, rate))), tokens_(rate_) {}
    // Takes `n` tokens (at most a second's worth: a cost above the rate passes once a second).
    bool take(double n) {
        const auto now = std::chrono::steady_clock::now();
        tokens_ =
            std::min(rate_, tokens_ + rate_ * std::chrono::duration<double>(now - at_).count());
        at_ = now;
        n = std::min(n, rate_);
        if (tokens_ < n) return false;
        tokens_ -= n;
        return true;
    }

private:
    double rate_;
    double tokens_;
    std::chrono::steady_clock::time_point at_ = std::chrono::steady_clock::now();
};

}  // namespace

// ---- codec ----

Bytes encode_announcement(const Announcement& a) {
    Bytes out;
    out.reserve(kAnnouncementHeaderSize + a.tags.size() * kAnnouncementTagSize);
    out.insert(out.end(), kMagic.begin(), kMagic.end());
    out.push_back(kAnnouncementVersion);
    out.push_back(0);  // flags
    out.push_back(static_cast<std::uint8_t>(a.port >> 8));
    out.push_back(static_cast<std::uint8_t>(a.port & 0xff));
    out.insert(out.end(), a.salt.begin(), a.salt.end());
    out.push_back(static_cast<std::uint8_t>(a.tags.size()));
    for (const auto& t : a.tags) out.insert(out.end(), t.begin(), t.end());
    return out;
}

Result<Announcement> decode_announcement(ByteView d) {
    auto bad = [](const std::string& why) {
        return make_error(ErrorCode::InvalidArgument, "malformed discovery datagram: " + why);
    };
    if (d.size() < kAnnouncementHeaderSize) return bad("too short");
    if (d.size() > kMaxAnnouncementBytes) return bad("too long");
    if (!std::equal(kMagic.begin(), kMagic.end(), d.begin()))
        return bad("not a Grove announcement");
    if (d[4] != kAnnouncementVersion) return bad("unknown version " + std::to_string(d[4]));
    if (d[5] != 0) return bad("unknown flags");
    Announcement a;
    a.port = static_cast<std::uint16_t>((d[6] << 8) | d[7]);
    if (a.port == 0) return bad("port 0");
    std::copy_n(d.begin() + 8, kAnnouncementSaltSize, a.salt.begin());
    const std::size_t n = d[8 + kAnnouncementSaltSize];
    if (n == 0 || n > kMaxAnnouncementTags) return bad("tag count " + std::to_string(n));
    if (d.size() != kAnnouncementHeaderSize + n * kAnnouncementTagSize)
        return bad("length does not match the tag count");
    a.tags.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        std::copy_n(d.begin() + static_cast<std::ptrdiff_t>(kAnnouncementHeaderSize +
                                                            i * kAnnouncementTagSize),
                    kAnnouncementTagSize, a.tags[i].begin());
    return a;
}

// ---- tags ----

std::uint64_t discovery_bucket(std::int64_t unix_ms, std::chrono::seconds bucket) {
    const std::int64_t width = std::max<std::int64_t>(1, bucket.count()) * 1000;
    return unix_ms <= 0 ? 0 : static_cast<std::uint64_t>(unix_ms / width);
}

crypto::SymmetricKey discovery_bucket_key(const crypto::SymmetricKey& discovery_key,
                                          std::uint64_t bucket) {
    Bytes input = to_bytes("grove.lan.bucket.v1");
    append_u64le(input, bucket);
    return crypto::symmetric_key_from(crypto::keyed_hash(discovery_key, input));
}

DiscoveryTag discovery_tag(const crypto::SymmetricKey& bucket_key, const DiscoverySalt& salt) {
    Bytes input = to_bytes("grove.lan.tag.v1");
    append(input, salt);
    auto full = crypto::keyed_hash(bucket_key, input);
    DiscoveryTag tag;
    std::copy_n(full.begin(), tag.size(), tag.begin());
    return tag;
}

std::vector<DiscoveryTag> announcement_tags(const std::vector<DiscoveryKey>& keys,
                                            std::uint64_t bucket, const DiscoverySalt& salt,
                                            std::size_t offset) {
    std::vector<const DiscoveryKey*> current;
    std::set<SpaceId> seen;
    for (const auto& k : keys)
        if (k.current && seen.insert(k.space).second) current.push_back(&k);
    std::vector<DiscoveryTag> tags;
    if (current.empty()) return tags;
    const std::size_t count = std::min(current.size(), kMaxAnnouncementTags);
    for (std::size_t i = 0; i < count; ++i) {
        const auto& k = *current[(offset + i) % current.size()];
        tags.push_back(discovery_tag(discovery_bucket_key(k.key, bucket), salt));
    }
    while (tags.size() % kAnnouncementTagGranule != 0)
        tags.push_back(crypto::random_array<kAnnouncementTagSize>());
    // Decoys and real tags look alike; their order says nothing either.
    for (std::size_t i = tags.size(); i > 1; --i) {
        std::uint32_t r = 0;
        crypto::random_bytes(std::span(reinterpret_cast<std::uint8_t*>(&r), sizeof r));
        std::swap(tags[i - 1], tags[r % i]);
    }
    return tags;
}

void TagMatcher::rebuild(const std::vector<DiscoveryKey>& keys, std::uint64_t bucket) {
    entries_.clear();
    for (const auto& k : keys)
        for (std::uint64_t b : {bucket - 1, bucket, bucket + 1})
            entries_.push_back(Entry{k.space, discovery_bucket_key(k.key, b)});
    bucket_ = bucket;
}

std::vector<SpaceId> TagMatcher::match(const Announcement& a) const {
    std::set<DiscoveryTag> tags(a.tags.begin(), a.tags.end());
    std::vector<SpaceId> out;
    for (const auto& e : entries_) {
        if (std::find(out.begin(), out.end(), e.space) != out.end()) continue;
        if (tags.count(discovery_tag(e.bucket_key, a.salt))) out.push_back(e.space);
    }
    return out;
}

// ---- the service ----

struct LanDiscovery::State {
    LanDiscoveryOptions options;
    std::uint16_t announce_port = 0;
    KeysFn keys;
    FoundFn found;
    in_addr group{};
    int recv_fd = -1;
    int send_fd = -1;
    int wake_fd = -1;
    std::vector<std::string> joined;
    std::vector<in_addr> announce_on;
    std::thread thread;
    std::atomic<bool> stopping{false};
    std::atomic<bool> announce_now{false};

    mutable std::mutex stats_mutex;
    LanDiscoveryStats stats;

    // Discovery thread only.
    std::deque<DiscoverySalt> own_salts;
    TagMatcher matcher;
    std::size_t rotation = 0;
    std::optional<TokenBucket> datagrams;  // decoded per second
    std::optional<TokenBucket> checks;     // tag computations per second (matching's CPU)

    ~State() {
        for (int fd : {recv_fd, send_fd, wake_fd})
            if (fd >= 0) ::close(fd);
    }

    std::int64_t now_ms() const { return options.clock ? options.clock() : system_ms(); }
    std::uint64_t bucket() const { return discovery_bucket(now_ms(), options.bucket); }
    void count(std::uint64_t LanDiscoveryStats::*field) {
        std::lock_guard lock(stats_mutex);
        ++(stats.*field);
    }

    void announce() {
        auto current = keys();
        const auto b = bucket();
        matcher.rebuild(current, b);  // keys change as spaces are joined or re-keyed
        if (announce_port == 0 || announce_on.empty()) return;
        Announcement a;
        a.port = announce_port;
        a.salt = crypto::random_array<kAnnouncementSaltSize>();
        a.tags = announcement_tags(current, b, a.salt, rotation);
        if (a.tags.empty()) return;  // no space to announce (locked, or none yet)
        rotation += kMaxAnnouncementTags;
        own_salts.push_back(a.salt);
        if (own_salts.size() > kOwnSaltsKept) own_salts.pop_front();
        const Bytes bytes = encode_announcement(a);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_addr = group;
        to.sin_port = htons(options.port);
        for (const auto& iface : announce_on) {
            bool ok =
                ::setsockopt(send_fd, IPPROTO_IP, IP_MULTICAST_IF, &iface, sizeof iface) == 0 &&
                ::sendto(send_fd, bytes.data(), bytes.size(), 0,
                         reinterpret_cast<const sockaddr*>(&to),
                         sizeof to) == static_cast<ssize_t>(bytes.size());
            count(ok ? &LanDiscoveryStats::sent : &LanDiscoveryStats::send_errors);
        }
    }

    void receive_all() {
        std::array<std::uint8_t, kMaxAnnouncementBytes + 1> buf{};
        for (int i = 0; i < 256; ++i) {  // then announce or stop again if due
            sockaddr_in from{};
            socklen_t from_len = sizeof from;
            const ssize_t n = ::recvfrom(recv_fd, buf.data(), buf.size(), MSG_TRUNC,
                                         reinterpret_cast<sockaddr*>(&from), &from_len);
            if (n < 0) return;  // EAGAIN: drained (or a transient error)
            count(&LanDiscoveryStats::received);
            if (!datagrams->take(1)) {
                count(&LanDiscoveryStats::rate_limited);
                continue;
            }
            if (from_len < sizeof(sockaddr_in) || from.sin_family != AF_INET ||
                static_cast<std::size_t>(n) > kMaxAnnouncementBytes) {
                count(&LanDiscoveryStats::malformed);
                continue;
            }
            auto a = decode_announcement(ByteView(buf.data(), static_cast<std::size_t>(n)));
            if (!a.ok()) {
                count(&LanDiscoveryStats::malformed);
                continue;
            }
            if (std::find(own_salts.begin(), own_salts.end(), a->salt) != own_salts.end()) {
                count(&LanDiscoveryStats::own);
                continue;
            }
            if (matcher.bucket() != bucket()) matcher.rebuild(keys(), bucket());
            if (!checks->take(static_cast<double>(std::max<std::size_t>(1, matcher.size())))) {
                count(&LanDiscoveryStats::rate_limited);
                continue;
            }
            auto spaces = matcher.match(*a);
            if (spaces.empty()) {
                count(&LanDiscoveryStats::unmatched);
                continue;
            }
            count(&LanDiscoveryStats::matched);
            const std::string address = ipv4_text(from.sin_addr) + ":" + std::to_string(a->port);
            for (const auto& s : spaces) found(address, s);
        }
    }

    void run() {
        auto next = std::chrono::steady_clock::now();
        while (!stopping) {
            auto now = std::chrono::steady_clock::now();
            if (now >= next || announce_now.exchange(false)) {
                announce();
                next = std::chrono::steady_clock::now() + options.period;
                now = std::chrono::steady_clock::now();
            }
            pollfd fds[2] = {{recv_fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now);
            const int r = ::poll(fds, 2, static_cast<int>(std::max<std::int64_t>(0, wait.count())));
            if (r <= 0) continue;
            if (fds[1].revents & POLLIN) {
                std::uint64_t v = 0;
                (void)!::read(wake_fd, &v, sizeof v);
            }
            if (fds[0].revents & POLLIN) receive_all();
        }
    }
};

Result<std::unique_ptr<LanDiscovery>> LanDiscovery::start(LanDiscoveryOptions options,
                                                          std::uint16_t announce_port,
                                                          std::string announce_host, KeysFn keys,
                                                          FoundFn found) {
    if (!keys || !found)
        return make_error(ErrorCode::InvalidArgument, "LAN discovery needs keys and a callback");
    if (options.period.count() <= 0 || options.bucket.count() <= 0)
        return make_error(ErrorCode::InvalidArgument, "LAN discovery periods must be positive");
    auto group = parse_ipv4(options.group);
    if (!group || (ntohl(group->s_addr) >> 28) != 0xE)
        return make_error(
            ErrorCode::InvalidArgument,
            "the discovery group must be an IPv4 multicast address, not \"" + options.group + "\"");
    if (options.port == 0)
        return make_error(ErrorCode::InvalidArgument, "the discovery port must not be 0");
    auto state = std::make_unique<State>();
    State& s = *state;
    s.options = std::move(options);
    s.announce_port = announce_port;
    s.keys = std::move(keys);
    s.found = std::move(found);
    s.group = *group;
    s.datagrams.emplace(s.options.max_datagrams_per_second);
    s.checks.emplace(s.options.max_tag_checks_per_second);

    auto fail = [](const std::string& what) {
        return make_error(ErrorCode::Unavailable, "LAN discovery: " + what);
    };
    s.recv_fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    s.send_fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    s.wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (s.recv_fd < 0 || s.send_fd < 0 || s.wake_fd < 0) return fail("no socket: " + errno_text());
    const int one = 1, zero = 0;
    ::setsockopt(s.recv_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // Only datagrams for the groups this socket joined (Linux otherwise delivers any group's).
    ::setsockopt(s.recv_fd, IPPROTO_IP, IP_MULTICAST_ALL, &zero, sizeof zero);
    sockaddr_in bind_to{};
    bind_to.sin_family = AF_INET;
    bind_to.sin_addr = s.group;  // bound to the group: unicast to the port is not received
    bind_to.sin_port = htons(s.options.port);
    if (::bind(s.recv_fd, reinterpret_cast<sockaddr*>(&bind_to), sizeof bind_to) != 0)
        return fail("cannot bind " + s.options.group + ":" + std::to_string(s.options.port) + ": " +
                    errno_text());
    const unsigned char ttl = 1, loop = 1;
    if (::setsockopt(s.send_fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) != 0 ||
        ::setsockopt(s.send_fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop) != 0)
        return fail("cannot set multicast TTL/loop: " + errno_text());

    auto candidates = s.options.interfaces.empty() ? local_interfaces() : s.options.interfaces;
    std::string why_not;
    for (const auto& text : candidates) {
        auto iface = parse_ipv4(text);
        if (!iface)
            return make_error(ErrorCode::InvalidArgument,
                              "not an IPv4 interface address: \"" + text + "\"");
        ip_mreq m{};
        m.imr_multiaddr = s.group;
        m.imr_interface = *iface;
        if (::setsockopt(s.recv_fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m) == 0)
            s.joined.push_back(text);
        else
            why_not += (why_not.empty() ? "" : "; ") + text + ": " + errno_text();
    }
    if (s.joined.empty())
        return fail("could not join " + s.options.group + " on any interface" +
                    (why_not.empty() ? std::string(" (none is up)") : " (" + why_not + ")"));

    // Announce where the listener is reachable: on its own interface when bound to one address.
    if (announce_port != 0) {
        if (announce_host == "localhost") announce_host = "127.0.0.1";
        auto host = parse_ipv4(announce_host);
        const bool wildcard = !host || host->s_addr == htonl(INADDR_ANY);
        for (const auto& text : s.joined) {
            auto iface = *parse_ipv4(text);
            if (wildcard || iface.s_addr == host->s_addr) s.announce_on.push_back(iface);
        }
        if (!wildcard && s.announce_on.empty() && (ntohl(host->s_addr) >> 24) == 127)
            s.announce_on.push_back(*parse_ipv4("127.0.0.1"));  // any loopback address: via lo
    }

    State* raw = state.get();
    state->thread = std::thread([raw] { raw->run(); });
    return std::unique_ptr<LanDiscovery>(new LanDiscovery(std::move(state)));
}

LanDiscovery::LanDiscovery(std::unique_ptr<State> state) : state_(std::move(state)) {}

LanDiscovery::~LanDiscovery() {
    stop();
}

void LanDiscovery::announce_soon() {
    state_->announce_now = true;
    std::uint64_t one = 1;
    (void)!::write(state_->wake_fd, &one, sizeof one);
}

LanDiscoveryStats LanDiscovery::stats() const {
    std::lock_guard lock(state_->stats_mutex);
    return state_->stats;
}

std::vector<std::string> LanDiscovery::joined_interfaces() const {
    return state_->joined;
}

std::vector<std::string> LanDiscovery::announce_interfaces() const {
    std::vector<std::string> out;
    for (const auto& a : state_->announce_on) out.push_back(ipv4_text(a));
    return out;
}

void LanDiscovery::stop() {
    if (!state_ || state_->stopping.exchange(true)) return;
    std::uint64_t one = 1;
    (void)!::write(state_->wake_fd, &one, sizeof one);
    if (state_->thread.joinable()) state_->thread.join();
}

}  // namespace grove::platform::net
