// bench_idle_links [LINKS]: LINKS (default 5,000) idle authenticated device links, dialed from
// this process, to one real grove-relay process; prints the relay's threads and RSS with the
// links up (targets: ≤ 64 threads, ≤ 500 MB) and how long they took to establish.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include "grove_test/child_process.h"
#include "grove_test/idle_links.h"
#include "net/relay_server.h"

namespace {

std::size_t status_field(pid_t pid, const std::string& name) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(name + ":", 0) == 0) return std::stoull(line.substr(name.size() + 1));
    return 0;
}

pid_t relay_pid = 0;

[[noreturn]] void fail(const std::string& why) {
    std::fprintf(stderr, "bench_idle_links: %s\n", why.c_str());
    if (relay_pid > 0) ::kill(relay_pid, SIGTERM);
    std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
    grove::platform::crypto::initialize();
    const std::size_t links = argc > 1 ? std::stoull(argv[1]) : 5000;
    auto dir =
        std::filesystem::temp_directory_path() / ("bench-idle-links-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    grove::test::ChildProcess relay(
        {GROVE_RELAY_BINARY, "--data", dir.string(), "--listen", "127.0.0.1:0", "--max-links",
         std::to_string(links + 100), "--max-links-per-source", std::to_string(links + 100)},
        grove::test::ChildProcess::OnDestroy::Quit);
    std::string address;
    for (;;) {
        auto line = relay.read_line(std::chrono::seconds(30));
        if (!line) fail("grove-relay did not start");
        if (line->rfind("listening ", 0) == 0) {
            address = line->substr(10);
            break;
        }
    }
    const pid_t pid = relay_pid = relay.pid();
    std::printf("grove-relay idle: %zu threads, RSS %.1f MB\n", status_field(pid, "Threads"),
                status_field(pid, "VmRSS") / 1024.0);

    const auto started = std::chrono::steady_clock::now();
    {
        // At most 32 in their handshake at once: the relay's default cap is 64.
        grove::test::IdleLinks idle(address, links);
        if (idle.established() < links)
            fail(std::to_string(idle.established()) + " of " + std::to_string(links) +
                 " links established after 5 minutes");
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        // Idle for a few anti-entropy ticks, then measure.
        std::this_thread::sleep_for(std::chrono::seconds(5));
        // Relay/Status is for the operator: the token the relay wrote into its data directory.
        auto token = grove::platform::net::read_status_token(dir / "status.token");
        if (!token.ok()) fail(token.error().message);
        auto st = grove::platform::net::query_relay_status(address, *token);
        if (!st.ok()) fail(st.error().message);
        const std::size_t threads = status_field(pid, "Threads");
        const double rss_mb = status_field(pid, "VmRSS") / 1024.0;
        std::printf("%zu idle links established in %.2f s (%.0f links/s); relay counts %u\n", links,
                    seconds, links / seconds, st->connected_devices());
        std::printf(
            "grove-relay with %zu links: %zu threads (target <= 64), RSS %.1f MB (target <= "
            "500 MB), %.1f KB per link; this process (the dialers): %zu threads\n",
            links, threads, rss_mb, rss_mb * 1024 / static_cast<double>(links),
            grove::test::process_threads());
        if (threads > 64 || rss_mb > 500) std::printf("TARGET MISSED\n");
    }
    ::kill(pid, SIGTERM);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}
