// LamportClock: issues this replica's strictly increasing Stamps and advances past every stamp it
// observes from other replicas, so a new op always orders after everything its issuer has seen.
#pragma once

#include <cstdint>

#include "grove/sdk/crdt/replica_id.h"
#include "grove/sdk/crdt/stamp.h"

namespace grove::sdk::crdt {

class LamportClock {
public:
    explicit LamportClock(ReplicaId replica) : replica_(replica) {}

    Stamp tick() { return Stamp{++time_, replica_}; }
    void observe(std::uint64_t lamport) {
        if (lamport > time_) time_ = lamport;
    }
    std::uint64_t time() const { return time_; }
    ReplicaId replica() const { return replica_; }

private:
    ReplicaId replica_;
    std::uint64_t time_ = 0;
};

}  // namespace grove::sdk::crdt
