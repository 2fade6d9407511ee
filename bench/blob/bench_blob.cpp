// Blob layer benchmark (one device): store N bytes (content-defined chunking, keyed BLAKE2b ids,
// XChaCha20-Poly1305, atomic durable files) and read them back (read, open, verify), streamed.
// Prints the primitive limits of the same run first, the figures as ratios to them, and peak RSS.
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "blob/chunker.h"
#include "blob/space_blob_store.h"
#include "crypto/primitives.h"
#include "primitive_limits.h"

using namespace grove::platform;
using grove::bench::now_seconds;

namespace {

class Keys final : public blob::EpochKeySource {
public:
    std::uint32_t current_epoch() const override { return 1; }
    std::optional<crypto::SymmetricKey> epoch_key(std::uint32_t) const override { return key_; }

private:
    crypto::SymmetricKey key_ = crypto::random_symmetric_key();
};

// Incompressible, never-repeating content at memory speed (xorshift, 8 bytes a step).
class Generator {
public:
    explicit Generator(std::uint64_t size) : left_(size) {}
    grove::Result<std::size_t> operator()(std::span<std::uint8_t> buffer) {
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left_, buffer.size())) &
                        ~std::size_t(7);
        if (n == 0) n = static_cast<std::size_t>(std::min<std::uint64_t>(left_, buffer.size()));
        for (std::size_t i = 0; i + 8 <= n; i += 8) {
            state_ ^= state_ << 13;
            state_ ^= state_ >> 7;
            state_ ^= state_ << 17;
            std::memcpy(buffer.data() + i, &state_, 8);
        }
        for (std::size_t i = n & ~std::size_t(7); i < n; ++i) buffer[i] = 0x42;
        left_ -= n;
        return n;
    }

private:
    std::uint64_t left_;
    std::uint64_t state_ = 0x9e3779b97f4a7c15ull;
};

double mb_per_s(std::uint64_t bytes, double seconds) {
    return bytes / 1e6 / seconds;
}

// Keyed BLAKE2b-256 over 1 MiB inputs, as chunk naming does.
double blake2b_rate(double seconds) {
    Bytes data(1 << 20, 0x33);
    std::array<std::uint8_t, 32> key{}, out{};
    std::uint64_t bytes = 0;
    double start = now_seconds();
    while (now_seconds() - start < seconds) {
        crypto_generichash(out.data(), out.size(), data.data(), data.size(), key.data(),
                           key.size());
        bytes += data.size();
    }
    return mb_per_s(bytes, now_seconds() - start);
}

// XChaCha20-Poly1305 over 1 MiB inputs, as chunk sealing does.
double aead_rate_1m(double seconds) {
    Bytes data(1 << 20, 0x33), out(data.size() + 16);
    std::array<std::uint8_t, 32> key{};
    std::array<std::uint8_t, 24> nonce{};
    std::uint64_t bytes = 0;
    double start = now_seconds();
    while (now_seconds() - start < seconds) {
        unsigned long long len = 0;
        crypto_aead_xchacha20poly1305_ietf_encrypt(out.data(), &len, data.data(), data.size(),
                                                   nullptr, 0, nullptr, nonce.data(), key.data());
        bytes += data.size();
    }
    return mb_per_s(bytes, now_seconds() - start);
}

double chunker_rate(const blob::EpochBlobKeys& keys, double seconds) {
    Bytes data(64 << 20);
    Generator gen(data.size());
    (void)gen(data);
    blob::Chunker chunker(keys.gear);
    std::uint64_t bytes = 0;
    double start = now_seconds();
    while (now_seconds() - start < seconds) {
        for (std::size_t off = 0; off < data.size();) {
            off += chunker.cut(ByteView(data).subspan(off));
        }
        bytes += data.size();
    }
    return mb_per_s(bytes, now_seconds() - start);
}

// Durable file writes as a chunk store does them: 1 MiB to a new file, fdatasync, close.
double durable_write_rate(const std::filesystem::path& dir, double seconds) {
    std::filesystem::create_directories(dir);
    Bytes data(1 << 20, 0x5a);
    std::uint64_t bytes = 0;
    int n = 0;
    double start = now_seconds();
    while (now_seconds() - start < seconds) {
        auto path = dir / ("probe-" + std::to_string(n++));
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) break;
        if (::write(fd, data.data(), data.size()) != static_cast<ssize_t>(data.size())) break;
        ::fdatasync(fd);
        ::close(fd);
        bytes += data.size();
    }
    double rate = mb_per_s(bytes, now_seconds() - start);
    std::filesystem::remove_all(dir);
    return rate;
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t total = argc > 1 ? std::stoull(argv[1]) : (1ull << 30);
    crypto::initialize();
    auto limits = grove::bench::measure_primitive_limits();
    grove::bench::print_primitive_limits(limits);
    const double aead = aead_rate_1m(0.5);
    const double blake = blake2b_rate(0.5);
    auto keys = std::make_shared<Keys>();
    blob::BlobKeys derived(keys);
    const double cdc = chunker_rate(**derived.current(), 0.5);
    std::printf("XChaCha20-Poly1305 at 1 MiB:   %8.0f MB/s\n", aead);
    std::printf("keyed BLAKE2b-256 at 1 MiB:    %8.0f MB/s\n", blake);
    std::printf("content-defined chunker:       %8.0f MB/s\n", cdc);
    // One pass over the bytes does all three, one after the other, on one core.
    const double serial_limit = 1.0 / (1.0 / aead + 1.0 / blake + 1.0 / cdc);
    const double primitive_min = std::min(aead, blake);
    std::printf("serial limit (cdc+hash+seal):  %8.0f MB/s\n", serial_limit);
    auto dir =
        std::filesystem::temp_directory_path() / ("grove-bench-blob-" + std::to_string(::getpid()));
    const double disk = durable_write_rate(dir / "probe", 1.0);
    std::printf("durable writes, 1 MiB+fdatasync: %6.0f MB/s\n\n", disk);
    std::filesystem::remove_all(dir);
    int rc = 0;
    {
        auto store = blob::SpaceBlobStore::open({.root = dir}, keys);
        if (!store.ok()) return std::fprintf(stderr, "%s\n", store.error().describe().c_str()), 1;
        Generator gen(total);
        double start = now_seconds();
        auto manifest =
            (*store)->write([&](std::span<std::uint8_t> b) { return gen(b); }, total, {});
        double write_s = now_seconds() - start;
        if (!manifest.ok())
            return std::fprintf(stderr, "%s\n", manifest.error().describe().c_str()), 1;
        std::uint64_t read_bytes = 0;
        start = now_seconds();
        auto read = (*store)->read(*manifest,
                                   [&](ByteView b) -> grove::Result<void> {
                                       read_bytes += b.size();
                                       return {};
                                   },
                                   {});
        double read_s = now_seconds() - start;
        if (!read.ok() || read_bytes != total) {
            std::fprintf(stderr, "read failed\n");
            rc = 1;
        }
        const double w = mb_per_s(total, write_s), r = mb_per_s(total, read_s);
        std::printf("blob store, %.2f GiB in %zu chunks (avg %.2f MiB)\n",
                    total / double(1ull << 30), manifest->chunks.size(),
                    total / double(manifest->chunks.size()) / (1 << 20));
        std::printf(
            "  chunk+hash+seal+store (fsync): %7.0f MB/s  = %3.0f%% of min(AEAD, BLAKE2b), %3.0f%% "
            "of the serial limit, %3.0f%% of durable writes\n",
            w, 100 * w / primitive_min, 100 * w / serial_limit, 100 * w / disk);
        std::printf(
            "  read+open+verify:              %7.0f MB/s  = %3.0f%% of min(AEAD, BLAKE2b)\n", r,
            100 * r / primitive_min);
        std::printf("  peak RSS:                      %7.1f MB\n", grove::bench::peak_rss_mb());
    }
    std::filesystem::remove_all(dir);
    return rc;
}
