#include "primitive_limits.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>
#include <filesystem>
#include <fstream>
#include <string>

#include "crypto/primitives.h"
#include "store/database.h"

namespace grove::bench {

using namespace grove::platform;

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double peak_rss_mb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

namespace {
template <class F>
double rate(double seconds, F&& body) {
    std::uint64_t n = 0;
    double start = now_seconds(), end = start;
    while (end - start < seconds) {
        for (int i = 0; i < 64; ++i) body();
        n += 64;
        end = now_seconds();
    }
    return static_cast<double>(n) / (end - start);
}
}  // namespace

namespace {
// A TCP connection to ourselves over 127.0.0.1: bulk bandwidth, then 1-byte ping-pong.
void measure_loopback(double seconds, PrimitiveLimits& l) {
    int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (server < 0 || ::bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(server, 1) != 0 ||
        ::getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        if (server >= 0) ::close(server);
        return;
    }
    int client = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(client);
        ::close(server);
        return;
    }
    int peer = ::accept(server, nullptr, nullptr);
    int one = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(peer, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::uint64_t received = 0;
    std::thread reader([&] {
        std::vector<char> buf(256 * 1024);
        for (;;) {
            auto n = ::read(peer, buf.data(), buf.size());
            if (n <= 0) break;
            received += static_cast<std::uint64_t>(n);
        }
    });
    std::vector<char> chunk(64 * 1024, 'x');
    double start = now_seconds();
    while (now_seconds() - start < seconds)
        if (::write(client, chunk.data(), chunk.size()) <= 0) break;
    ::shutdown(client, SHUT_WR);
    reader.join();
    l.loopback_mb_per_s = received / (now_seconds() - start) / 1e6;
    ::close(client);
    ::close(peer);
    // Round trip on a fresh pair.
    client = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        peer = ::accept(server, nullptr, nullptr);
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(peer, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        std::thread echo([&] {
            char c;
            while (::read(peer, &c, 1) == 1)
                if (::write(peer, &c, 1) != 1) break;
        });
        char c = 'p';
        int trips = 0;
        start = now_seconds();
        while (now_seconds() - start < seconds / 2 && trips < 20000) {
            if (::write(client, &c, 1) != 1 || ::read(client, &c, 1) != 1) break;
            ++trips;
        }
        l.loopback_rtt_us = trips ? (now_seconds() - start) / trips * 1e6 : 0;
        ::shutdown(client, SHUT_WR);
        echo.join();
        ::close(peer);
    }
    ::close(client);
    ::close(server);
}
}  // namespace

PrimitiveLimits measure_primitive_limits(double seconds) {
    crypto::initialize();
    PrimitiveLimits l;
    auto pair = crypto::SigningKeyPair::generate();
    Bytes msg(32, 1);
    auto sig = crypto::sign(pair.secret_key, msg);
    l.sign_per_s = rate(seconds, [&] { sig = crypto::sign(pair.secret_key, msg); });
    l.verify_per_s = rate(seconds, [&] { (void)crypto::verify(pair.public_key, msg, sig); });

    auto key = crypto::random_symmetric_key();
    auto nonce = crypto::random_array<crypto::kNonceSize>();
    Bytes big(64 * 1024, 7), small(200, 7), ad(120, 3);
    double big_ops = rate(seconds, [&] { (void)crypto::aead_encrypt(key, nonce, big, ad); });
    l.aead_mb_per_s_64k = big_ops * big.size() / 1e6;
    l.aead_ops_per_s_200b = rate(seconds, [&] { (void)crypto::aead_encrypt(key, nonce, small, ad); });

    auto dir = std::filesystem::temp_directory_path() / ("grove-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        auto db = store::Database::open(dir / "limits.db");
        if (db.ok()) {
            (void)(*db)->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k BLOB UNIQUE, v BLOB)");
            auto st = (*db)->prepare("INSERT INTO t(k, v) VALUES (?, ?)");
            Bytes k(32), v(300, 9);
            std::uint64_t counter = 0;
            const int rows = 100000;
            double start = now_seconds();
            (void)(*db)->begin();
            for (int i = 0; i < rows; ++i) {
                ++counter;
                std::memcpy(k.data(), &counter, sizeof counter);
                k[31] = 1;
                (void)st->bind(1, ByteView(k)).bind(2, ByteView(v)).run();
            }
            (void)(*db)->commit();
            l.sqlite_inserts_per_s = rows / (now_seconds() - start);
            l.sqlite_commits_per_s = rate(seconds, [&] {
                ++counter;
                std::memcpy(k.data(), &counter, sizeof counter);
                k[31] = 2;
                (void)st->bind(1, ByteView(k)).bind(2, ByteView(v)).run();
            });
        }
    }
    std::filesystem::remove_all(dir);
    measure_loopback(seconds, l);
    return l;
}

void print_primitive_limits(const PrimitiveLimits& l) {
    std::printf("primitive limits (measured in this run, one core):\n");
    std::printf("  Ed25519 sign                 %10.0f /s\n", l.sign_per_s);
    std::printf("  Ed25519 verify               %10.0f /s\n", l.verify_per_s);
    std::printf("  XChaCha20-Poly1305 64 KiB    %10.0f MB/s\n", l.aead_mb_per_s_64k);
    std::printf("  XChaCha20-Poly1305 200 B     %10.0f ops/s\n", l.aead_ops_per_s_200b);
    std::printf("  SQLite inserts, one txn      %10.0f rows/s\n", l.sqlite_inserts_per_s);
    std::printf("  SQLite durable commits       %10.0f /s\n", l.sqlite_commits_per_s);
    std::printf("  loopback TCP, 64 KiB writes  %10.0f MB/s\n", l.loopback_mb_per_s);
    std::printf("  loopback TCP round trip      %10.1f us\n", l.loopback_rtt_us);
}

}  // namespace grove::bench
