// ReplicaId: the compact, globally unique and totally ordered identity a replica stamps on every
// op, derived from the platform's 32-byte device key.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "grove/sdk/crdt/digest.h"

namespace grove::sdk::crdt {

using DeviceKey = std::array<std::uint8_t, 32>;

// 64 bits taken from a domain-separated hash of the device key. Uniqueness only has to hold among
// the devices editing one document: for n devices the collision chance is about n^2 / 2^65
// (1e-13 for a thousand devices), far below hardware error rates. Ops carry these 8 bytes instead
// of the whole 32-byte key, which keeps every op and every stored item small.
struct ReplicaId {
    std::uint64_t value = 0;

    static ReplicaId from_device_key(const DeviceKey& key) {
        Hasher256 hasher;
        hasher.update("grove.sdk.crdt.replica-id.v1");
        hasher.update(key.data(), key.size());
        const Digest digest = hasher.finish();
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < 8; ++i)
            value |= static_cast<std::uint64_t>(digest[i]) << (8 * i);
        return ReplicaId{value};
    }

    friend auto operator<=>(const ReplicaId&, const ReplicaId&) = default;
};

struct ReplicaIdHash {
    std::size_t operator()(ReplicaId id) const {
        std::uint64_t x =
            id.value;  // already well mixed when derived from a key; mix anyway for tests
        x ^= x >> 31;
        x *= 0x7FB5D329728EA185ULL;
        x ^= x >> 27;
        return static_cast<std::size_t>(x);
    }
};

}  // namespace grove::sdk::crdt
