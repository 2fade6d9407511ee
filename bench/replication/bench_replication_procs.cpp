// bench_replication_procs — the replication benchmarks with one peer per process (real
// processes on loopback, gRPC links, full encryption and signatures, durable SQLite):
//
//   bench_replication_procs [throughput N] [latency SECONDS] [catchup N]
//                           [fanout PEERS N] [per-process K] [only NAME] [dir PATH]
//
// Peers run in bench_replication_node processes; the relay is the real grove-relay binary.
// Fan-out puts K receiving peers in each node process (default 5: 20 peers in 4 processes).
// The primitive limits are measured first in this process and every figure is printed beside
// them as a ratio. `dir /dev/shm` puts every profile on tmpfs: fsync costs nothing there, which
// separates the software's latency from the disk's.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>

#include "grove_test/child_process.h"
#include "primitive_limits.h"

using namespace grove::bench;
using grove::test::ChildProcess;

namespace {

std::string node_binary, relay_binary;
std::string base_dir = "/tmp";  // where profiles and the relay's data go (`dir PATH`)
PrimitiveLimits limits;

std::filesystem::path temp_dir(const std::string& tag) {
    std::string templ = base_dir + "/grove-bench-" + tag + "-XXXXXX";
    return ::mkdtemp(templ.data());
}

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "bench_replication_procs: %s\n", what.c_str());
    std::exit(1);
}

// "ok REST" → REST; anything else fails the benchmark.
std::string ok(const std::string& answer, const std::string& what) {
    if (answer.rfind("ok", 0) != 0) fail(what + ": " + (answer.empty() ? "(no answer)" : answer));
    return answer.size() > 3 ? answer.substr(3) : "";
}

struct Node {
    std::unique_ptr<ChildProcess> proc;
    std::string address;
    Node(const std::filesystem::path& profile, std::size_t count = 1,
         const std::string& relay = {}) {
        std::vector<std::string> argv = {node_binary, "--profile", profile.string(), "--count",
                                         std::to_string(count)};
        if (!relay.empty()) argv.insert(argv.end(), {"--relay", relay});
        proc = std::make_unique<ChildProcess>(argv, ChildProcess::OnDestroy::Quit);
        auto first = proc->read_line(std::chrono::seconds(60)).value_or("");
        if (first.rfind("listening ", 0) != 0) fail("node did not start: " + first);
        address = first.substr(10);
    }
    std::string ask(const std::string& cmd) {
        return ok(proc->ask(cmd, std::chrono::seconds(120)), cmd);
    }
};

struct Relay {
    std::filesystem::path dir = temp_dir("relay");
    std::unique_ptr<ChildProcess> proc;
    std::string address;
    Relay() {
        proc = std::make_unique<ChildProcess>(
            std::vector<std::string>{relay_binary, "--data", dir.string(), "--listen",
                                     "127.0.0.1:0"},
            ChildProcess::OnDestroy::Quit);
        for (;;) {
            auto line = proc->read_line(std::chrono::seconds(30));
            if (!line) fail("grove-relay did not start");
            if (line->rfind("listening ", 0) == 0) {
                address = line->substr(10);
                break;
            }
        }
    }
    ~Relay() {
        if (proc && proc->pid() > 0) ::kill(proc->pid(), SIGTERM);
        proc.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

std::int64_t mono_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::uint64_t count(Node& n, const std::string& space) {
    return std::stoull(n.ask("count " + space));
}

// A creates a space, B (each of its peers) joins by invitation through A.
std::string share(Node& a, std::vector<std::pair<Node*, std::size_t>> joiners) {
    std::string space = a.ask("space bench");
    for (auto [node, i] : joiners) {
        std::string code = a.ask("invite " + space);
        node->ask("join " + std::to_string(i) + " " + code);
    }
    return space;
}

void wait_equal(Node& b, const std::string& space, std::uint64_t target, double timeout) {
    b.ask("wait " + space + " " + std::to_string(target) + " " + std::to_string(timeout));
}

void throughput_and_latency(std::size_t n, double seconds, bool via_relay) {
    auto dir = temp_dir("procs");
    std::unique_ptr<Relay> relay;
    if (via_relay) relay = std::make_unique<Relay>();
    std::string r = relay ? relay->address : "";
    Node a(dir / "a", 1, r), b(dir / "b", 1, r);
    std::string space = share(a, {{&b, 0}});
    if (!via_relay) b.ask("connect 0 " + a.address);
    const char* how = via_relay ? "via grove-relay" : "direct";
    wait_equal(b, space, count(a, space), 30);
    if (n > 0) {
        std::uint64_t base = count(a, space);
        std::int64_t t0 = mono_ns();
        a.proc->send("burst " + space + " " + std::to_string(n) + " 256");
        b.proc->send("wait " + space + " " + std::to_string(base + n) + " 600");
        double write_s = std::stod(ok(a.proc->read_line(std::chrono::seconds(600)).value_or(""),
                                      "burst"));
        std::int64_t t1 = std::stoll(ok(b.proc->read_line(std::chrono::seconds(600)).value_or(""),
                                        "wait"));
        double s = (t1 - t0) / 1e9, rate = n / s;
        std::printf("throughput %s: %zu deltas written on A in %.2f s (%.0f/s, batches of 256), "
                    "all applied on B after %.2f s: %.0f deltas/s (target 50,000) = %.2f x verify, "
                    "%.3f x SQLite insert rate, %.4f x loopback bandwidth (~300 B/delta)\n",
                    how, n, write_s, n / write_s, s, rate, rate / limits.verify_per_s,
                    rate / limits.sqlite_inserts_per_s,
                    rate * 300 / 1e6 / limits.loopback_mb_per_s);
        std::fflush(stdout);
    }
    if (seconds > 0) {
        b.ask("watch " + space);
        std::string posts = a.ask("paced " + space + " 1000 " + std::to_string(seconds));
        wait_equal(b, space, count(a, space), 30);
        std::istringstream in(b.ask("latency"));
        std::size_t got = 0;
        double p50 = 0, p99 = 0, max = 0;
        in >> got >> p50 >> p99 >> max;
        std::printf("latency %s: %s posts at 1,000/s on A (each a durable commit), %zu applied on "
                    "B: p50 %.2f ms, p99 %.2f ms, max %.2f ms (targets p50 5, p99 %d ms) = p99 "
                    "%.0f x loopback round trip, %.1f x one durable commit\n",
                    how, posts.c_str(), got, p50, p99, max, via_relay ? 25 : 10,
                    p99 * 1000 / limits.loopback_rtt_us, p99 / (1000 / limits.sqlite_commits_per_s));
        std::fflush(stdout);
    }
    a.proc->quit();
    b.proc->quit();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

void catchup(std::size_t n) {
    auto dir = temp_dir("procs");
    Node a(dir / "a");
    std::string space;
    {
        Node b(dir / "b");
        space = share(a, {{&b, 0}});
        b.proc->quit();
    }
    double w = std::stod(a.ask("burst " + space + " " + std::to_string(n) + " 512"));
    std::uint64_t target = count(a, space);
    std::printf("catch-up: %zu deltas written on A while B was offline (%.0f/s)\n", n, n / w);
    std::fflush(stdout);
    std::int64_t t0 = mono_ns();
    Node b(dir / "b");
    b.ask("connect 0 " + a.address);
    b.proc->send("wait " + space + " " + std::to_string(target) + " 1200");
    std::int64_t t1 = std::stoll(ok(b.proc->read_line(std::chrono::seconds(1300)).value_or(""),
                                    "wait"));
    double s = (t1 - t0) / 1e9, rate = n / s;
    double rss_b = std::stod(b.ask("rss")), rss_a = std::stod(a.ask("rss"));
    std::printf("catch-up: B (process started after the writes) equal again in %.2f s = %.0f "
                "deltas/s (target 1,000,000 in 20 s) = %.2f x verify, %.3f x SQLite insert rate; "
                "peak RSS B %.0f MB, A %.0f MB (target 300 MB)\n",
                s, rate, rate / limits.verify_per_s, rate / limits.sqlite_inserts_per_s, rss_b,
                rss_a);
    std::fflush(stdout);
    a.proc->quit();
    b.proc->quit();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

void fanout(std::size_t peers, std::size_t n, std::size_t per_process, double seconds) {
    auto dir = temp_dir("procs");
    Relay relay;
    Node a(dir / "a", 1, relay.address);
    std::vector<std::unique_ptr<Node>> groups;
    std::vector<std::pair<Node*, std::size_t>> joiners;
    for (std::size_t left = peers, g = 0; left > 0; ++g) {
        std::size_t k = std::min(per_process, left);
        groups.push_back(std::make_unique<Node>(dir / ("g" + std::to_string(g)), k, relay.address));
        for (std::size_t i = 0; i < k; ++i) joiners.emplace_back(groups.back().get(), i);
        left -= k;
    }
    std::string space = share(a, joiners);
    for (auto& g : groups) wait_equal(*g, space, count(a, space), 60);
    std::uint64_t base = count(a, space);
    std::int64_t t0 = mono_ns();
    a.proc->send("burst " + space + " " + std::to_string(n) + " 256");
    for (auto& g : groups) g->proc->send("wait " + space + " " + std::to_string(base + n) + " 600");
    (void)ok(a.proc->read_line(std::chrono::seconds(600)).value_or(""), "burst");
    std::int64_t last = t0;
    for (auto& g : groups)
        last = std::max<std::int64_t>(last, std::stoll(ok(g->proc->read_line(std::chrono::seconds(600))
                                                 .value_or(""), "wait")));
    double s = (last - t0) / 1e9;
    std::printf("fan-out: 1 writer + %zu peers via grove-relay (%zu processes of up to %zu peers): "
                "%zu deltas delivered to every peer in %.2f s = %.0f deltas/s per peer, %.0f "
                "deliveries/s in all (%.2f x verify, %.3f x SQLite insert rate)\n",
                peers, groups.size(), per_process, n, s, n / s, n * peers / s,
                n * peers / s / limits.verify_per_s,
                n * peers / s / limits.sqlite_inserts_per_s);
    std::fflush(stdout);
    if (seconds > 0) {
        for (auto& g : groups) g->ask("watch " + space);
        std::string posts = a.ask("paced " + space + " 100 " + std::to_string(seconds));
        std::vector<double> p99s;
        std::size_t got = 0;
        double p50max = 0, p99max = 0;
        for (auto& g : groups) {
            wait_equal(*g, space, count(a, space), 30);
            std::istringstream in(g->ask("latency"));
            std::size_t k = 0;
            double p50 = 0, p99 = 0, max = 0;
            in >> k >> p50 >> p99 >> max;
            got += k;
            p50max = std::max(p50max, p50);
            p99max = std::max(p99max, p99);
        }
        std::printf("fan-out latency: %s posts at 100/s, %zu deliveries recorded (expected %zu): "
                    "worst process p50 %.2f ms, p99 %.2f ms\n",
                    posts.c_str(), got, std::stoul(posts) * peers, p50max, p99max);
    }
    std::size_t total = 0;
    for (auto& g : groups) {
        std::uint64_t c = count(*g, space);
        total += c >= count(a, space);
    }
    std::printf("fan-out: %zu of %zu processes hold every delta\n", total, groups.size());
    std::fflush(stdout);
    for (auto& g : groups) g->proc->quit();
    a.proc->quit();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

}  // namespace

int main(int argc, char** argv) {
    auto self = std::filesystem::canonical("/proc/self/exe").parent_path();
    node_binary = (self / "bench_replication_node").string();
    relay_binary = GROVE_RELAY_BINARY;
    std::size_t tp_n = 50'000, cu_n = 1'000'000, fo_peers = 20, fo_n = 20'000, per = 5;
    double lat_s = 5;
    std::string only;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i];
        if (k == "throughput") tp_n = std::strtoul(argv[i + 1], nullptr, 10);
        else if (k == "latency") lat_s = std::atof(argv[i + 1]);
        else if (k == "catchup") cu_n = std::strtoul(argv[i + 1], nullptr, 10);
        else if (k == "fanout" && i + 2 < argc) {
            fo_peers = std::strtoul(argv[i + 1], nullptr, 10);
            fo_n = std::strtoul(argv[i + 2], nullptr, 10);
            ++i;
        } else if (k == "per-process") per = std::max<std::size_t>(1, std::strtoul(argv[i + 1], nullptr, 10));
        else if (k == "only") only = argv[i + 1];
        else if (k == "dir") base_dir = argv[i + 1];
    }
    limits = measure_primitive_limits();
    print_primitive_limits(limits);
    std::printf("profiles in %s\n", base_dir.c_str());
    std::fflush(stdout);
    auto want = [&](const char* name) { return only.empty() || only == name; };
    if (want("direct") && (tp_n || lat_s > 0)) throughput_and_latency(tp_n, lat_s, false);
    if (want("relay") && (tp_n || lat_s > 0)) throughput_and_latency(tp_n, lat_s, true);
    if (want("catchup") && cu_n) catchup(cu_n);
    if (want("fanout") && fo_peers && fo_n) fanout(fo_peers, fo_n, per, lat_s);
    return 0;
}
