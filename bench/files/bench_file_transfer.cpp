// bench_file_transfer [MB] — a file of MB megabytes (default 200) stored on peer A is read on
// peer B, every chunk fetched over a gRPC link on loopback (full link encryption, chunks sealed
// at rest and verified on arrival); prints the primitive limits, then A's store rate, B's end to
// end rate (fetch + verify + store + read back + BLAKE2b of the bytes) and the peak RSS.
#include <sodium.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "blob/profile_blob_stores.h"
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
        peer = std::move(Peer::open(dir / "p", options)).value();
        (void)peer->create_account(name, "correct horse battery");
        blob::ProfileBlobStores::attach(*peer);
    }
    ~Profile() {
        peer.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t megabytes = argc > 1 ? std::stoull(argv[1]) : 200;
    const std::uint64_t size = megabytes * 1000 * 1000;
    crypto::initialize();
    auto limits = bench::measure_primitive_limits();
    bench::print_primitive_limits(limits);

    Profile a("A"), b("B");
    platform::net::PeerNodeOptions oa, ob;
    oa.listen = ob.listen = "127.0.0.1:0";
    auto na = std::move(platform::net::PeerNode::start(*a.peer, oa)).value();
    auto nb = std::move(platform::net::PeerNode::start(*b.peer, ob)).value();
    auto space = a.peer->create_space("bench");
    auto inv = a.peer->create_invitation(space->id, Role::Participant, a.peer->now_ms() + 3'600'000,
                                         {na->listen_address()});
    if (auto joined = nb->join(inv->code, std::chrono::seconds(30)); !joined.ok()) {
        std::fprintf(stderr, "join failed: %s\n", joined.error().message.c_str());
        return 1;
    }
    const auto sid = *fixed_from<kSpaceIdSize>(*from_hex(space->id));
    auto& store_a = **blob::ProfileBlobStores::of(*a.peer)->store(sid);
    auto& store_b = **blob::ProfileBlobStores::of(*b.peer)->store(sid);

    // A stores the file (random bytes, generated as they are read).
    std::mt19937_64 rng(42);
    std::uint64_t produced = 0;
    const double w0 = bench::now_seconds();
    auto manifest = store_a.write(
        [&](std::span<std::uint8_t> buf) -> Result<std::size_t> {
            // Fills the whole buffer unless at the end (a short read means the end).
            const std::size_t n = std::min<std::uint64_t>(buf.size(), size - produced);
            for (std::size_t i = 0; i < n; i += 8) {
                auto v = rng();
                std::memcpy(buf.data() + i, &v, std::min<std::size_t>(8, n - i));
            }
            produced += n;
            return n;
        },
        size, {});
    const double w1 = bench::now_seconds();
    if (!manifest.ok()) {
        std::fprintf(stderr, "write failed: %s\n", manifest.error().message.c_str());
        return 1;
    }
    std::printf("A stored %.0f MB in %zu chunks in %.2f s: %.1f MB/s\n", size / 1e6,
                manifest->chunks.size(), w1 - w0, size / 1e6 / (w1 - w0));

    // B reads it: every chunk fetched from A, verified, stored, then read back and hashed.
    crypto_generichash_state hash;
    crypto_generichash_init(&hash, nullptr, 0, 32);
    std::uint64_t received = 0;
    const double r0 = bench::now_seconds();
    auto read = store_b.read(*manifest,
                             [&](ByteView bytes) -> Result<void> {
                                 crypto_generichash_update(&hash, bytes.data(), bytes.size());
                                 received += bytes.size();
                                 return {};
                             },
                             {});
    const double r1 = bench::now_seconds();
    if (!read.ok() || received != size) {
        std::fprintf(stderr, "read failed: %s\n",
                     read.ok() ? "short" : read.error().message.c_str());
        return 1;
    }
    const auto stats = blob::ProfileBlobStores::of(*b.peer)->exchange().stats();
    const double rate = size / 1e6 / (r1 - r0);
    std::printf(
        "B fetched %llu chunks (%.0f MB sealed) and read %.0f MB in %.2f s: %.1f MB/s end to "
        "end = %.2f x the AEAD rate, %.2f x loopback\n",
        static_cast<unsigned long long>(stats.chunks_fetched), stats.bytes_fetched / 1e6,
        size / 1e6, r1 - r0, rate, rate / limits.aead_mb_per_s_64k,
        rate / limits.loopback_mb_per_s);
    std::printf("peak RSS of the process (both peers): %.1f MB\n", bench::peak_rss_mb());

    // ---- through a relay: A hands a second file to the relay, goes offline, B reads it ----
    char relay_templ[] = "/tmp/grove-bench-relay-XXXXXX";
    const std::filesystem::path relay_dir = ::mkdtemp(relay_templ);
    platform::net::RelayOptions ro;
    ro.data = relay_dir / "relay";
    ro.listen = "127.0.0.1:0";
    auto relay = platform::net::RelayServer::start(ro);
    if (!relay.ok()) {
        std::fprintf(stderr, "relay failed: %s\n", relay.error().message.c_str());
        return 1;
    }
    const std::string relay_address = (*relay)->listen_address();
    auto& exchange_a = blob::ProfileBlobStores::of(*a.peer)->exchange();
    const auto pushed_before = exchange_a.stats().chunks_pushed;
    na->connect(relay_address, true);
    nb->connect(relay_address, true);
    produced = 0;
    rng.seed(43);
    auto second = store_a.write(
        [&](std::span<std::uint8_t> buf) -> Result<std::size_t> {
            const std::size_t n = std::min<std::uint64_t>(buf.size(), size - produced);
            for (std::size_t i = 0; i < n; i += 8) {
                auto v = rng();
                std::memcpy(buf.data() + i, &v, std::min<std::size_t>(8, n - i));
            }
            produced += n;
            return n;
        },
        size, {});
    const double p0 = bench::now_seconds();
    if (!second.ok()) {
        std::fprintf(stderr, "write failed: %s\n", second.error().message.c_str());
        return 1;
    }
    // Every chunk A holds (both files) reaches the relay; the first file's went on connecting.
    const std::uint64_t all_chunks = manifest->chunks.size() + second->chunks.size();
    while (exchange_a.stats().chunks_pushed - pushed_before < all_chunks) {
        if (bench::now_seconds() - p0 > 600 || !exchange_a.stats().push_problem.empty()) {
            std::fprintf(stderr, "the relay did not take every chunk: %s\n",
                         exchange_a.stats().push_problem.c_str());
            return 1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double p1 = bench::now_seconds();
    const auto held = (*relay)->status();
    std::printf(
        "A handed the relay %llu chunks (%.0f MB sealed, both files) in %.2f s: %.1f MB/s\n",
        static_cast<unsigned long long>(held.stored_chunks()), held.stored_chunk_bytes() / 1e6,
        p1 - p0, held.stored_chunk_bytes() / 1e6 / (p1 - p0));
    na->stop();  // A is offline: B has only the relay
    crypto_generichash_init(&hash, nullptr, 0, 32);
    received = 0;
    const auto fetched_before = blob::ProfileBlobStores::of(*b.peer)->exchange().stats();
    const double q0 = bench::now_seconds();
    auto via_relay = store_b.read(*second,
                                  [&](ByteView bytes) -> Result<void> {
                                      crypto_generichash_update(&hash, bytes.data(), bytes.size());
                                      received += bytes.size();
                                      return {};
                                  },
                                  {});
    const double q1 = bench::now_seconds();
    if (!via_relay.ok() || received != size) {
        std::fprintf(stderr, "read through the relay failed: %s\n",
                     via_relay.ok() ? "short" : via_relay.error().message.c_str());
        return 1;
    }
    const auto after = blob::ProfileBlobStores::of(*b.peer)->exchange().stats();
    const double relay_rate = size / 1e6 / (q1 - q0);
    std::printf(
        "B fetched %llu chunks from the relay alone and read %.0f MB in %.2f s: %.1f MB/s end to "
        "end = %.2f x the AEAD rate, %.2f x loopback\n",
        static_cast<unsigned long long>(after.chunks_fetched - fetched_before.chunks_fetched),
        size / 1e6, q1 - q0, relay_rate, relay_rate / limits.aead_mb_per_s_64k,
        relay_rate / limits.loopback_mb_per_s);
    std::printf("peak RSS of the process (both peers and the relay): %.1f MB\n",
                bench::peak_rss_mb());
    nb->stop();
    (*relay)->stop();
    std::error_code ec;
    std::filesystem::remove_all(relay_dir, ec);
    return 0;
}
