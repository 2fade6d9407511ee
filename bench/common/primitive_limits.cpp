#include "primitive_limits.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <unistd.h>
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
}

}  // namespace grove::bench
