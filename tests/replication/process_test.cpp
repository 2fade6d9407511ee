// Real processes on loopback: three peers (two dial each other, one reaches the others only via
// a grove-relay process), joined by invitation codes, writing concurrently; kill -9 of the relay
// and of a peer in the middle of a sync; every run must end with equal digests and every
// acknowledged change present.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <set>
#include <sstream>

#include "grove_test/child_process.h"
#include "replication_support.h"

#ifdef GROVE_RELAY_BIN

using grove::test::ChildProcess;
using grove::test::TempDir;

namespace {

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::string field(const std::string& line, int index) {
    std::istringstream in(line);
    std::string w;
    for (int i = 0; i <= index; ++i) in >> w;
    return w;
}

std::unique_ptr<ChildProcess> start_node(const std::filesystem::path& profile,
                                         std::vector<std::string> extra, std::string* address) {
    std::vector<std::string> argv{GROVE_SYNC_NODE, "--profile", profile.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto p = std::make_unique<ChildProcess>(argv);
    auto line = p->read_line(std::chrono::seconds(30));
    EXPECT_TRUE(line && line->rfind("listening", 0) == 0) << line.value_or("<timeout>");
    if (address && line) *address = field(*line, 1);
    return p;
}

std::unique_ptr<ChildProcess> start_relay(const std::filesystem::path& dir, int port) {
    auto p = std::make_unique<ChildProcess>(std::vector<std::string>{
        GROVE_RELAY_BIN, "--data", dir.string(), "--listen", "127.0.0.1:" + std::to_string(port)});
    auto line = p->read_line(std::chrono::seconds(30));
    EXPECT_TRUE(line && line->rfind("listening", 0) == 0) << line.value_or("<timeout>");
    return p;
}

// Waits (bounded) until every node reports the same heads and state digests, nothing pending.
bool converge(const std::vector<ChildProcess*>& nodes, const std::string& space,
              std::chrono::seconds timeout, std::string* digest = nullptr) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        std::set<std::string> seen;
        bool ok = true;
        for (auto* n : nodes) {
            auto r = n->ask("status " + space, std::chrono::seconds(10));
            if (r.rfind("ok", 0) != 0 || field(r, 4) != "0") {
                ok = false;
                break;
            }
            seen.insert(field(r, 1) + "/" + field(r, 2));
        }
        if (ok && seen.size() == 1) {
            if (digest) *digest = *seen.begin();
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

}  // namespace

TEST(Processes, ThreePeersAndARelaySurviveKill9) {
    TempDir root;
    const int relay_port = free_port();
    const std::string relay = "127.0.0.1:" + std::to_string(relay_port);
    auto r = start_relay(root.path() / "relay", relay_port);

    std::string addr_a, addr_b, ignored;
    auto a = start_node(root.path() / "a", {"--listen", "127.0.0.1:0", "--relay", relay}, &addr_a);
    auto b = start_node(root.path() / "b", {"--listen", "127.0.0.1:0", "--peer", addr_a}, &addr_b);
    // c: only the relay (it does not keep the link it joins through).
    auto c = start_node(root.path() / "c", {"--relay", relay, "--close-join-links"}, &ignored);

    auto created = a->ask("space Walkthrough");
    ASSERT_EQ(created.rfind("ok", 0), 0u) << created;
    const std::string space = field(created, 1);
    ASSERT_EQ(a->ask("post " + space + " hello from a").rfind("ok", 0), 0u);
    for (auto* joiner : {b.get(), c.get()}) {
        auto code = a->ask("invite " + space);
        ASSERT_EQ(code.rfind("ok", 0), 0u) << code;
        auto joined = joiner->ask("join " + field(code, 1));
        ASSERT_EQ(joined, "ok " + space);
    }
    // A used code is refused.
    auto code = a->ask("invite " + space);
    ASSERT_EQ(b->ask("join " + field(code, 1)).rfind("err", 0), 0u);

    std::size_t acked = 1;
    // Concurrent writes on all three processes.
    for (auto* n : {a.get(), b.get(), c.get()}) n->send("burst " + space + " 300 10");
    for (auto* n : {a.get(), b.get(), c.get()}) {
        auto ok = n->read_line(std::chrono::seconds(60));
        ASSERT_TRUE(ok && *ok == "ok 300") << ok.value_or("<timeout>");
        acked += 300;
    }
    // kill -9 the relay in the middle of the sync; restart it on the same data and port.
    r->kill9();
    r = start_relay(root.path() / "relay", relay_port);
    ASSERT_TRUE(converge({a.get(), b.get(), c.get()}, space, std::chrono::seconds(60)))
        << "no convergence after the relay was killed";

    // c goes offline (kill -9); a and b keep writing; c comes back, is killed mid catch-up,
    // and comes back again.
    c->kill9();
    a->send("burst " + space + " 500 50");
    b->send("burst " + space + " 500 50");
    ASSERT_EQ(a->read_line(std::chrono::seconds(60)).value_or(""), "ok 500");
    ASSERT_EQ(b->read_line(std::chrono::seconds(60)).value_or(""), "ok 500");
    acked += 1000;
    c = start_node(root.path() / "c", {"--relay", relay, "--close-join-links"}, &ignored);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    c->kill9();
    c = start_node(root.path() / "c", {"--relay", relay, "--close-join-links"}, &ignored);
    // and kill b while a writes, then restart it.
    a->send("burst " + space + " 200 20");
    b->kill9();
    ASSERT_EQ(a->read_line(std::chrono::seconds(60)).value_or(""), "ok 200");
    acked += 200;
    b = start_node(root.path() / "b", {"--listen", addr_b, "--peer", addr_a}, &ignored);

    std::string digest;
    ASSERT_TRUE(converge({a.get(), b.get(), c.get()}, space, std::chrono::seconds(90), &digest))
        << "no convergence after peers were killed";
    for (auto* n : {a.get(), b.get(), c.get()})
        EXPECT_EQ(n->ask("count " + space), "ok " + std::to_string(acked));

    auto status =
        ChildProcess(std::vector<std::string>{GROVE_RELAY_BIN, "--status", "--listen", relay,
                                              "--data", (root.path() / "relay").string()});
    auto line = const_cast<ChildProcess&>(status).read_line(std::chrono::seconds(10));
    EXPECT_TRUE(line && line->find("connected devices") != std::string::npos);
    for (auto* n : {a.get(), b.get(), c.get()}) n->quit();
}

#endif
