// A self-contained, deterministic 256-bit hash (four xxHash64-style lanes plus cross-lane
// finalisation) used for CRDT state digests; fast and well mixed, but not cryptographic.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "grove/sdk/types.h"

namespace grove::sdk::crdt {

// The SDK's 32-byte digest, printed with sdk::to_hex like every other id.
using sdk::Digest;
using sdk::to_hex;

class Hasher256 {
public:
    explicit Hasher256(std::uint64_t seed = 0)
        : lanes_{seed + kPrime1 + kPrime2, seed + kPrime2, seed, seed - kPrime1} {}

    Hasher256& update(const void* data, std::size_t size) {
        const auto* in = static_cast<const std::uint8_t*>(data);
        length_ += size;
        if (buffered_ > 0) {
            const std::size_t take = size < kStripe - buffered_ ? size : kStripe - buffered_;
            std::memcpy(buffer_ + buffered_, in, take);
            buffered_ += take;
            in += take;
            size -= take;
            if (buffered_ < kStripe) return *this;
            consume(buffer_);
            buffered_ = 0;
        }
        while (size >= kStripe) {
            consume(in);
            in += kStripe;
            size -= kStripe;
        }
        std::memcpy(buffer_, in, size);
        buffered_ = size;
        return *this;
    }

    Hasher256& update(std::string_view text) { return update(text.data(), text.size()); }

    // Fixed-width little-endian integer (platform independent).
    Hasher256& update_u64(std::uint64_t value) {
        std::uint8_t bytes[8];
        for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
        return update(bytes, 8);
    }

    Digest finish() const {
        std::uint64_t lanes[4] = {lanes_[0], lanes_[1], lanes_[2], lanes_[3]};
        std::uint8_t tail[kStripe] = {};
        std::memcpy(tail, buffer_, buffered_);
        for (int i = 0; i < 4; ++i)
            lanes[i] = round(lanes[i], read64(tail + 8 * i) ^ (length_ * kPrime5));
        const std::uint64_t mixed = avalanche(lanes[0] ^ rotl(lanes[1], 13) ^ rotl(lanes[2], 29) ^
                                              rotl(lanes[3], 43) ^ (length_ * kPrime4));
        Digest out{};
        for (std::size_t i = 0; i < 4; ++i) {
            const std::uint64_t word =
                avalanche(lanes[i] + mixed + static_cast<std::uint64_t>(i + 1) * kPrime3);
            for (std::size_t b = 0; b < 8; ++b)
                out[8 * i + b] = static_cast<std::uint8_t>(word >> (8 * b));
        }
        return out;
    }

private:
    static constexpr std::size_t kStripe = 32;
    static constexpr std::uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
    static constexpr std::uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
    static constexpr std::uint64_t kPrime3 = 0x165667B19E3779F9ULL;
    static constexpr std::uint64_t kPrime4 = 0x85EBCA77C2B2AE63ULL;
    static constexpr std::uint64_t kPrime5 = 0x27D4EB2F165667C5ULL;

    static std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
    static std::uint64_t read64(const std::uint8_t* p) {
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
        return v;
    }
    static std::uint64_t round(std::uint64_t acc, std::uint64_t input) {
        acc += input * kPrime2;
        acc = rotl(acc, 31);
        return acc * kPrime1;
    }
    static std::uint64_t avalanche(std::uint64_t h) {
        h ^= h >> 33;
        h *= kPrime2;
        h ^= h >> 29;
        h *= kPrime3;
        h ^= h >> 32;
        return h;
    }
    void consume(const std::uint8_t* stripe) {
        for (int i = 0; i < 4; ++i) lanes_[i] = round(lanes_[i], read64(stripe + 8 * i));
    }

    std::uint64_t lanes_[4];
    std::uint8_t buffer_[kStripe] = {};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;
};

}  // namespace grove::sdk::crdt
