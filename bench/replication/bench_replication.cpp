// bench_replication [throughput N] [latency SECONDS] [catchup N] — two peers (PeerNode, gRPC on
// loopback, full crypto, durable SQLite) in one process; prints the primitive limits first.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "core/space_journal.h"
#include "net/peer_node.h"
#include "net/relay_server.h"
#include "primitive_limits.h"

using namespace grove;
using namespace grove::platform;

namespace {

struct Profile {
    std::filesystem::path dir;
    std::unique_ptr<Peer> peer;
    explicit Profile(const std::string& name) {
        char templ[] = "/tmp/grove-bench-XXXXXX";
        dir = ::mkdtemp(templ);
        PeerOptions options;
        options.kdf = crypto::KdfParams::minimum();
        peer = std::move(Peer::open(dir / "p", std::move(options))).value();
        (void)peer->create_account(name, "correct horse battery");
    }
    ~Profile() {
        peer.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

void burst(Peer& peer, const std::string& space, std::size_t n, std::size_t batch) {
    auto& journal = peer.journal();
    const SpaceId id = *fixed_from<kSpaceIdSize>(*from_hex(space));
    for (std::size_t done = 0; done < n;) {
        std::size_t k = std::min(batch, n - done);
        std::vector<Space::Draft> drafts;
        for (std::size_t i = 0; i < k; ++i) {
            grove::space::v1::ChatOp op;
            op.mutable_post()->set_text("benchmark message number " + std::to_string(done + i));
            drafts.push_back({grove::wire::v1::DELTA_KIND_CHAT, {}, to_bytes(op.SerializeAsString())});
        }
        (void)journal.mutate(id,
                             [&](Space& s, std::vector<SpaceEvent>& events) -> grove::Result<void> {
                                 auto ids = journal.submit(s, drafts, events);
                                 if (!ids.ok()) return ids.error();
                                 return {};
                             });
        done += k;
    }
}

// Cheap (no state digest): the delta count from the replicator's view.
std::uint64_t count(Peer& p, const std::string& space) {
    auto id = fixed_from<kSpaceIdSize>(*from_hex(space));
    auto info = Replicator(p).info(*id);
    return info.ok() ? info->delta_count : 0;
}

// a and b share a space (b joined by invitation through a's node).
std::string share(Peer& a, platform::net::PeerNode& na, platform::net::PeerNode& nb) {
    auto space = a.create_space("bench");
    auto inv = a.create_invitation(space->id, Role::Participant, a.now_ms() + 3'600'000,
                                   {na.listen_address()});
    auto joined = nb.join(inv->code, std::chrono::seconds(30));
    if (!joined.ok()) {
        std::fprintf(stderr, "join failed: %s\n", joined.error().message.c_str());
        std::exit(1);
    }
    return space->id;
}

void throughput(std::size_t n, const bench::PrimitiveLimits& limits) {
    Profile a("A"), b("B");
    platform::net::PeerNodeOptions oa;
    oa.listen = "127.0.0.1:0";
    auto na = std::move(platform::net::PeerNode::start(*a.peer, oa)).value();
    platform::net::PeerNodeOptions ob;
    ob.listen = "127.0.0.1:0";
    auto nb = std::move(platform::net::PeerNode::start(*b.peer, ob)).value();
    auto space = share(*a.peer, *na, *nb);
    na->connect(nb->listen_address());
    std::uint64_t base = count(*a.peer, space);
    while (count(*b.peer, space) < base) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    double t0 = bench::now_seconds();
    std::thread writer([&] { burst(*a.peer, space, n, 256); });
    double written = 0;
    while (count(*b.peer, space) < base + n) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    double t1 = bench::now_seconds();
    writer.join();
    written = static_cast<double>(n) / (t1 - t0);
    std::printf("throughput: %zu deltas written on A (batches of 256), applied on B in %.2f s: "
                "%.0f deltas/s (target 50,000) = %.2f x verify rate, %.2f x SQLite insert rate\n",
                n, t1 - t0, written, written / limits.verify_per_s,
                written / limits.sqlite_inserts_per_s);
    nb->stop();
    na->stop();
}

void latency(double seconds, bool via_relay) {
    Profile a("A"), b("B");
    std::unique_ptr<platform::net::RelayServer> relay;
    char templ[] = "/tmp/grove-bench-relay-XXXXXX";
    std::filesystem::path relay_dir = ::mkdtemp(templ);
    platform::net::PeerNodeOptions oa, ob;
    oa.listen = "127.0.0.1:0";
    ob.listen = "127.0.0.1:0";
    if (via_relay) {
        platform::net::RelayOptions ro;
        ro.data = relay_dir;
        ro.listen = "127.0.0.1:0";
        relay = std::move(platform::net::RelayServer::start(ro)).value();
        oa.relays = {relay->listen_address()};
        ob.relays = {relay->listen_address()};
    }
    auto na = std::move(platform::net::PeerNode::start(*a.peer, oa)).value();
    auto nb = std::move(platform::net::PeerNode::start(*b.peer, ob)).value();
    auto space = share(*a.peer, *na, *nb);
    if (!via_relay) na->connect(nb->listen_address());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));

    std::mutex m;
    std::map<std::string, double> sent;
    std::vector<double> lat;
    auto sub = b.peer->subscribe(space, [&](const SpaceEvent& ev) {
        if (ev.kind != SpaceEvent::Kind::ChatPosted || !ev.chat) return;
        double now = bench::now_seconds();
        std::lock_guard lock(m);
        auto it = sent.find(ev.chat->id);
        if (it != sent.end()) lat.push_back((now - it->second) * 1000);
    });
    const int rate = 1000;
    double start = bench::now_seconds();
    int i = 0;
    while (bench::now_seconds() - start < seconds) {
        double due = start + static_cast<double>(i) / rate;
        while (bench::now_seconds() < due) std::this_thread::sleep_for(std::chrono::microseconds(50));
        double t = bench::now_seconds();
        auto msg = a.peer->post_chat(space, "latency probe " + std::to_string(i));
        if (msg.ok()) {
            std::lock_guard lock(m);
            sent[msg->id] = t;
        }
        ++i;
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));
    sub.reset();
    std::vector<double> l;
    {
        std::lock_guard lock(m);
        l = lat;
    }
    std::sort(l.begin(), l.end());
    auto pct = [&](double p) { return l.empty() ? 0.0 : l[std::min(l.size() - 1, static_cast<std::size_t>(p * l.size()))]; };
    double achieved = i / seconds;
    std::printf("latency %s: %d posts at %.0f/s requested %d/s (each a durable commit), "
                "%zu received: p50 %.2f ms, p99 %.2f ms (targets p50 5 / p99 %d ms)\n",
                via_relay ? "via relay" : "direct", i, achieved, rate, l.size(), pct(0.5),
                pct(0.99), via_relay ? 25 : 10);
    nb->stop();
    na->stop();
    if (relay) relay->stop();
    std::error_code ec;
    std::filesystem::remove_all(relay_dir, ec);
}

void catchup(std::size_t n) {
    Profile a("A"), b("B");
    platform::net::PeerNodeOptions oa, ob;
    oa.listen = "127.0.0.1:0";
    ob.listen = "127.0.0.1:0";
    auto na = std::move(platform::net::PeerNode::start(*a.peer, oa)).value();
    auto nb = std::move(platform::net::PeerNode::start(*b.peer, ob)).value();
    auto space = share(*a.peer, *na, *nb);
    nb->stop();
    nb.reset();
    double w0 = bench::now_seconds();
    burst(*a.peer, space, n, 500);
    double w1 = bench::now_seconds();
    std::uint64_t target = count(*a.peer, space);
    double t0 = bench::now_seconds();
    nb = std::move(platform::net::PeerNode::start(*b.peer, ob)).value();
    nb->connect(na->listen_address());
    while (count(*b.peer, space) < target) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    double t1 = bench::now_seconds();
    std::printf("catch-up: %zu deltas written while B was offline (%.0f/s on A); B equal again in "
                "%.2f s = %.0f deltas/s (target: 1,000,000 in 20 s); peak RSS %.0f MB\n",
                n, n / (w1 - w0), t1 - t0, n / (t1 - t0), bench::peak_rss_mb());
    nb->stop();
    na->stop();
}

}  // namespace

int main(int argc, char** argv) {
    crypto::initialize();
    std::size_t tp_n = 50'000, cu_n = 100'000;
    double lat_s = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i];
        if (k == "throughput") tp_n = std::strtoul(argv[i + 1], nullptr, 10);
        if (k == "latency") lat_s = std::atof(argv[i + 1]);
        if (k == "catchup") cu_n = std::strtoul(argv[i + 1], nullptr, 10);
    }
    auto limits = bench::measure_primitive_limits();
    bench::print_primitive_limits(limits);
    if (tp_n) throughput(tp_n, limits);
    if (lat_s > 0) {
        latency(lat_s, false);
        latency(lat_s, true);
    }
    if (cu_n) catchup(cu_n);
    return 0;
}
