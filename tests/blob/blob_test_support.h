// Helpers for the blob layer's tests: an in-memory EpochKeySource whose epochs a test rotates, a
// temporary directory, generated content streamed without holding it, and a streaming hash.
#pragma once

#include <sodium.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include "blob/epoch_key_source.h"
#include "blob/space_blob_store.h"
#include "crypto/primitives.h"
#include "grove_test/temp_dir.h"

namespace grove::platform::blob::test {

using grove::test::TempDir;

class FakeEpochKeys final : public EpochKeySource {
public:
    FakeEpochKeys() { rotate(1); }
    // Starts epoch `epoch` with a fresh random key.
    void rotate(std::uint32_t epoch) {
        std::lock_guard lock(mutex_);
        keys_.emplace(epoch, crypto::random_symmetric_key());
        current_ = epoch;
    }
    // Drops an epoch's key (a device that never received it).
    void forget(std::uint32_t epoch) {
        std::lock_guard lock(mutex_);
        keys_.erase(epoch);
    }
    // Holds the same keys as `other` (another member's device).
    void copy_from(const FakeEpochKeys& other) {
        std::scoped_lock lock(mutex_, other.mutex_);
        keys_ = other.keys_;
        current_ = other.current_;
    }
    std::uint32_t current_epoch() const override {
        std::lock_guard lock(mutex_);
        return current_;
    }
    std::optional<crypto::SymmetricKey> epoch_key(std::uint32_t epoch) const override {
        std::lock_guard lock(mutex_);
        auto it = keys_.find(epoch);
        if (it == keys_.end()) return std::nullopt;
        return it->second;
    }

private:
    mutable std::mutex mutex_;
    std::map<std::uint32_t, crypto::SymmetricKey> keys_;
    std::uint32_t current_ = 0;
};

// `size` bytes of reproducible content (xorshift from `seed`), produced as it is read.
class GeneratedSource {
public:
    GeneratedSource(std::uint64_t size, std::uint64_t seed)
        : left_(size), state_((seed + 1) * 0x9e3779b97f4a7c15ull | 1) {}
    Result<std::size_t> operator()(std::span<std::uint8_t> buffer) {
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left_, buffer.size()));
        for (std::size_t i = 0; i < n; ++i) {
            if (phase_ == 0) {
                state_ ^= state_ << 13;
                state_ ^= state_ >> 7;
                state_ ^= state_ << 17;
            }
            buffer[i] = static_cast<std::uint8_t>(state_ >> (8 * phase_));
            phase_ = (phase_ + 1) & 7;
        }
        left_ -= n;
        return n;
    }
    sdk::BlobSource source() {
        return [this](std::span<std::uint8_t> b) { return (*this)(b); };
    }

private:
    std::uint64_t left_;
    std::uint64_t state_;
    int phase_ = 0;
};

// A source over bytes in memory, handed out in reads of at most `step` bytes.
inline sdk::BlobSource bytes_source(const Bytes& bytes, std::size_t step = 65536) {
    auto offset = std::make_shared<std::size_t>(0);
    return [&bytes, offset, step](std::span<std::uint8_t> buffer) -> Result<std::size_t> {
        std::size_t n = std::min({buffer.size(), bytes.size() - *offset, step});
        std::copy_n(bytes.begin() + *offset, n, buffer.begin());
        *offset += n;
        return n;
    };
}

class StreamHash {
public:
    StreamHash() { crypto_generichash_init(&state_, nullptr, 0, 32); }
    void update(ByteView bytes) {
        crypto_generichash_update(&state_, bytes.data(), bytes.size());
        size_ += bytes.size();
    }
    std::string finish() {
        std::array<std::uint8_t, 32> out{};
        crypto_generichash_final(&state_, out.data(), out.size());
        return to_hex(ByteView(out));
    }
    std::uint64_t size() const { return size_; }

private:
    crypto_generichash_state state_{};
    std::uint64_t size_ = 0;
};

// Peak resident set (VmHWM) of this process in MiB.
inline double peak_rss_mib() {
    FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    double kib = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "VmHWM: %lf kB", &kib) == 1) break;
    std::fclose(f);
    return kib / 1024.0;
}

}  // namespace grove::platform::blob::test
