// bench_replication_node: one benchmark process holding K Grove peers (default 1), each a Peer
// with its own durable profile and PeerNode (real gRPC links, full crypto). Driven line by line
// on stdin by bench_replication_procs; every command answers one line "ok …" or "err …".
//
//   bench_replication_node --profile DIR [--count K] [--relay ADDR] [--no-listen]
//   space NAME                      → ok SPACE_ID            (peer 0 creates a space)
//   invite SPACE                    → ok CODE                (peer 0, its listen address)
//   join I CODE                     → ok                     (peer I joins through the code)
//   connect I ADDR                  → ok                     (peer I dials ADDR and keeps it up)
//   burst SPACE N BATCH             → ok SECONDS             (peer 0 writes N chat posts)
//   paced SPACE RATE SECONDS        → ok POSTS               (peer 0 posts at RATE/s, stamped)
//   watch SPACE                     → ok                     (every peer records post latencies)
//   latency                         → ok N P50_MS P99_MS MAX_MS
//   wait SPACE COUNT TIMEOUT_S      → ok T_NS                (monotonic time all peers held COUNT)
//   count SPACE                     → ok MIN_COUNT
//   rss                             → ok PEAK_MB
//   quit
#include <algorithm>
#include <chrono>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/allocator_tuning.h"
#include "core/replicator.h"
#include "core/space_journal.h"
#include "net/peer_node.h"
#include "primitive_limits.h"

using namespace grove;
using namespace grove::platform;
namespace gnet = grove::platform::net;

namespace {

std::int64_t mono_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Node {
    std::unique_ptr<Peer> peer;
    std::unique_ptr<gnet::PeerNode> node;
    Subscription watch;
};

std::uint64_t delta_count(Peer& p, const SpaceId& id) {
    auto info = Replicator(p).info(id);
    return info.ok() ? info->delta_count : 0;
}

}  // namespace

int main(int argc, char** argv) {
    grove::tune_allocator();  // as groved does: the figures are groved's
    crypto::initialize();
    std::string profile;
    std::size_t count = 1;
    bool listen = true;
    gnet::PeerNodeOptions options;
    options.keep_join_link = false;  // measure the configured topology only (relay, listeners)
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--profile") profile = next();
        else if (a == "--count") count = std::stoul(next());
        else if (a == "--relay") options.relays.push_back(next());
        else if (a == "--no-listen") listen = false;
    }
    if (listen) options.listen = "127.0.0.1:0";
    std::vector<Node> nodes(count);
    for (std::size_t i = 0; i < count; ++i) {
        PeerOptions peer_options;
        peer_options.kdf = crypto::KdfParams::minimum();
        auto peer = Peer::open(profile + "/" + std::to_string(i), std::move(peer_options));
        if (!peer.ok()) return std::cout << "err " << peer.error().message << std::endl, 1;
        nodes[i].peer = std::move(peer).value();
        if (nodes[i].peer->account_state() == AccountState::NoAccount) {
            auto made = nodes[i].peer->create_account("node" + std::to_string(i),
                                                      "correct horse battery");
            if (!made.ok()) return std::cout << "err " << made.error().message << std::endl, 1;
        } else if (!nodes[i].peer->unlock("correct horse battery").ok()) {
            return std::cout << "err cannot unlock" << std::endl, 1;
        }
        auto node = gnet::PeerNode::start(*nodes[i].peer, options);
        if (!node.ok()) return std::cout << "err " << node.error().message << std::endl, 1;
        nodes[i].node = std::move(node).value();
    }
    std::cout << "listening " << nodes[0].node->listen_address() << std::endl;

    std::mutex lat_mutex;
    std::vector<double> latencies;  // ms
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string cmd, space;
        in >> cmd;
        auto& p0 = *nodes[0].peer;
        if (cmd == "quit") break;
        if (cmd == "space") {
            std::string name;
            in >> name;
            auto s = p0.create_space(name);
            std::cout << (s.ok() ? "ok " + s->id : "err " + s.error().message) << std::endl;
        } else if (cmd == "invite") {
            in >> space;
            auto inv = p0.create_invitation(space, Role::Participant, p0.now_ms() + 86'400'000,
                                            {nodes[0].node->listen_address()});
            std::cout << (inv.ok() ? "ok " + inv->code : "err " + inv.error().message) << std::endl;
        } else if (cmd == "join") {
            std::size_t i = 0;
            std::string code;
            in >> i >> code;
            auto j = nodes.at(i).node->join(code, std::chrono::seconds(60));
            std::cout << (j.ok() ? "ok " + j->id : "err " + j.error().message) << std::endl;
        } else if (cmd == "connect") {
            std::size_t i = 0;
            std::string address;
            in >> i >> address;
            nodes.at(i).node->connect(address);
            std::cout << "ok" << std::endl;
        } else if (cmd == "burst") {
            std::size_t n = 0, batch = 1;
            in >> space >> n >> batch;
            auto& journal = p0.journal();
            auto summary = p0.get_space(space);
            const SpaceId id =
                summary.ok() ? *fixed_from<kSpaceIdSize>(*from_hex(summary->id)) : SpaceId{};
            double t0 = bench::now_seconds();
            std::string error;
            for (std::size_t done = 0; done < n && error.empty();) {
                std::size_t k = std::min(batch, n - done);
                std::vector<Space::Draft> drafts;
                for (std::size_t i = 0; i < k; ++i) {
                    grove::space::v1::ChatOp op;
                    op.mutable_post()->set_text("benchmark message number " +
                                                std::to_string(done + i));
                    drafts.push_back({grove::wire::v1::DELTA_KIND_CHAT, {},
                                      to_bytes(op.SerializeAsString())});
                }
                auto written = journal.mutate(
                    id, [&](Space& s, std::vector<SpaceEvent>& events) -> grove::Result<void> {
                        auto ids = journal.submit(s, drafts, events);
                        if (!ids.ok()) return ids.error();
                        return {};
                    });
                if (!written.ok()) error = written.error().message;
                done += k;
            }
            std::cout << (error.empty() ? "ok " + std::to_string(bench::now_seconds() - t0)
                                        : "err " + error)
                      << std::endl;
        } else if (cmd == "paced") {
            double rate = 1000, seconds = 3;
            in >> space >> rate >> seconds;
            double start = bench::now_seconds();
            int i = 0, ok = 0;
            while (bench::now_seconds() - start < seconds) {
                double due = start + i / rate;
                while (bench::now_seconds() < due)
                    std::this_thread::sleep_for(std::chrono::microseconds(50));
                // The text carries the monotonic submit time (same clock in every process).
                if (p0.post_chat(space, "t=" + std::to_string(mono_ns())).ok()) ++ok;
                ++i;
            }
            std::cout << "ok " << ok << std::endl;
        } else if (cmd == "watch") {
            in >> space;
            for (auto& n : nodes)
                n.watch = n.peer->subscribe(space, [&](const SpaceEvent& ev) {
                    if (ev.kind != SpaceEvent::Kind::ChatPosted || !ev.chat ||
                        ev.chat->text.rfind("t=", 0) != 0)
                        return;
                    double ms = (mono_ns() - std::stoll(ev.chat->text.substr(2))) / 1e6;
                    std::lock_guard lock(lat_mutex);
                    latencies.push_back(ms);
                });
            std::cout << "ok" << std::endl;
        } else if (cmd == "latency") {
            std::vector<double> l;
            {
                std::lock_guard lock(lat_mutex);
                l = std::exchange(latencies, {});
            }
            std::sort(l.begin(), l.end());
            auto pct = [&](double p) {
                return l.empty() ? 0.0
                                 : l[std::min(l.size() - 1, static_cast<std::size_t>(p * l.size()))];
            };
            std::cout << "ok " << l.size() << " " << pct(0.5) << " " << pct(0.99) << " "
                      << (l.empty() ? 0.0 : l.back()) << std::endl;
        } else if (cmd == "wait" || cmd == "count") {
            std::uint64_t target = 0;
            double timeout = 0;
            in >> space;
            if (cmd == "wait") in >> target >> timeout;
            auto id = fixed_from<kSpaceIdSize>(*from_hex(space));
            double deadline = bench::now_seconds() + timeout;
            std::uint64_t least = 0;
            for (;;) {
                least = UINT64_MAX;
                for (auto& n : nodes) least = std::min(least, delta_count(*n.peer, *id));
                if (cmd == "count" || least >= target || bench::now_seconds() > deadline) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            if (cmd == "count" || least >= target)
                std::cout << "ok " << (cmd == "count" ? static_cast<std::int64_t>(least) : mono_ns())
                          << std::endl;
            else
                std::cout << "err timeout at " << least << std::endl;
        } else if (cmd == "rss") {
            std::cout << "ok " << bench::peak_rss_mb() << std::endl;
        } else {
            std::cout << "err unknown command" << std::endl;
        }
    }
    for (auto& n : nodes) {
        n.watch.reset();
        n.node->stop();
    }
    return 0;
}
