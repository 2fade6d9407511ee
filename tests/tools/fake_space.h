// FakeSpace: an in-memory stand-in for the platform core — a few simulated peers in one process,
// each with its own ToolHost, exchanging submitted tool operations in seeded random causal orders.
#pragma once

#include <toolhost/toolhost.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "fake_bridge.h"

namespace grove::tests {

// One tool operation as the fake network carries it.
struct FakeDelta {
    platform::InstanceAddress address;
    sdk::OpId id{};
    sdk::Bytes payload;
    std::size_t author = 0;  // peer index
    std::uint64_t seq = 0;   // per author
    std::uint64_t lamport = 0;
    std::int64_t wall_time_ms = 0;
    std::vector<std::uint64_t> deps;  // the author's version vector when it submitted (per peer)
    sdk::Role role = sdk::Role::Participant;
};

// One tool search path per peer.
using PerPeerPaths = std::vector<std::vector<std::filesystem::path>>;

class FakeSpace {
public:
    struct Peer {
        std::string name;
        sdk::DeviceId device{};
        sdk::IdentityId identity{};
        sdk::Role role = sdk::Role::Participant;
        std::unique_ptr<platform::ToolHost> host;
        std::vector<std::uint64_t> vector;  // applied seq per author peer
        std::uint64_t lamport = 0;
        std::vector<std::string> log;
    };

    // `roles[i]` is peer i's role; every peer searches `search_path` for tools.
    FakeSpace(std::vector<std::filesystem::path> search_path, std::vector<sdk::Role> roles,
              std::uint64_t seed)
        : FakeSpace(PerPeerPaths(roles.size(), search_path), roles, seed) {}

    // Each peer with its own tool search path (e.g. one peer lacks a tool).
    FakeSpace(PerPeerPaths search_paths, std::vector<sdk::Role> roles, std::uint64_t seed)
        : rng_(seed) {
        space_id_ = random_id<16>();
        for (std::size_t i = 0; i < roles.size(); ++i) {
            Peer peer;
            peer.name = "peer" + std::to_string(i);
            peer.device = random_id<32>();
            peer.identity = random_id<32>();
            peer.role = roles[i];
            peer.host =
                std::make_unique<platform::ToolHost>(platform::ToolHostOptions{search_paths.at(i)});
            peer.host->scan();
            peer.vector.assign(roles.size(), 0);
            peers_.push_back(std::move(peer));
        }
    }

    std::size_t size() const { return peers_.size(); }
    Peer& peer(std::size_t i) { return peers_.at(i); }
    platform::ToolHost& host(std::size_t i) { return *peers_.at(i).host; }
    const std::vector<FakeDelta>& log() const { return deltas_; }

    // The AddToolInstance space op, applied on every peer at once.
    platform::InstanceAddress add_instance(const std::string& tool_id, const std::string& name,
                                           const std::string& required_version) {
        platform::InstanceAddress address{space_id_, random_id<16>()};
        for (std::size_t i = 0; i < peers_.size(); ++i)
            if (!add_instance_on(i, address, tool_id, name, required_version).ok()) std::abort();
        return address;
    }
    Result<platform::InstanceStatus> add_instance_on(std::size_t peer,
                                                     const platform::InstanceAddress& address,
                                                     const std::string& tool_id,
                                                     const std::string& name,
                                                     const std::string& required_version) {
        return peers_[peer].host->add_instance({address, tool_id, name, required_version},
                                               std::make_unique<FakeBridge>(*this, peer, address));
    }

    // Called by FakeBridge::submit: stamp, apply locally (before returning), publish.
    Result<sdk::OpId> submit(std::size_t author, const platform::InstanceAddress& address,
                             sdk::ByteView payload) {
        Peer& peer = peers_[author];
        if (peer.role == sdk::Role::Guest)
            return make_error(ErrorCode::PermissionDenied, "guests may not write");
        FakeDelta delta;
        delta.address = address;
        delta.payload.assign(payload.begin(), payload.end());
        delta.author = author;
        delta.seq = peer.vector[author] + 1;
        delta.lamport = peer.lamport + 1;
        delta.wall_time_ms = 1'700'000'000'000 + static_cast<std::int64_t>(deltas_.size());
        delta.deps = peer.vector;
        delta.role = peer.role;
        for (int i = 0; i < 24; ++i) delta.id[i] = peer.device[i];
        for (int i = 0; i < 8; ++i)
            delta.id[24 + i] = static_cast<std::uint8_t>(delta.seq >> (8 * i));
        deltas_.push_back(delta);
        // Durable now; the tool's own verdict (a rejection) does not undo that.
        auto applied = apply_at(author, delta);
        if (!applied && applied.error().code == ErrorCode::NotFound) return applied.error();
        return delta.id;
    }

    // Delivers one randomly chosen causally-ready delta to a randomly chosen peer lacking it.
    // Returns false when every peer has every delta.
    bool deliver_one() {
        std::vector<std::pair<std::size_t, std::size_t>> ready;  // (peer, delta)
        for (std::size_t p = 0; p < peers_.size(); ++p)
            for (std::size_t d = 0; d < deltas_.size(); ++d)
                if (is_ready(p, deltas_[d])) ready.emplace_back(p, d);
        if (ready.empty()) return false;
        auto [p, d] = ready[std::uniform_int_distribution<std::size_t>(0, ready.size() - 1)(rng_)];
        (void)apply_at(p, deltas_[d]);
        return true;
    }
    void deliver_all() {
        while (deliver_one()) {
        }
    }
    // Delivers everything pending to one peer only (others stay behind).
    void deliver_all_to(std::size_t p) {
        bool progress = true;
        while (progress) {
            progress = false;
            for (const auto& delta : deltas_)
                if (is_ready(p, delta)) {
                    (void)apply_at(p, delta);
                    progress = true;
                }
        }
    }

    // Ephemeral: straight to every other peer's host.
    void broadcast_ephemeral(std::size_t from, const platform::InstanceAddress& address,
                             sdk::ByteView payload) {
        sdk::EphemeralMessage message;
        message.from_device = peers_[from].device;
        message.from_identity = peers_[from].identity;
        message.payload = payload;
        for (std::size_t p = 0; p < peers_.size(); ++p)
            if (p != from) peers_[p].host->deliver_ephemeral(address, message);
    }

    std::vector<sdk::Member> members() const {
        std::vector<sdk::Member> out;
        for (const auto& peer : peers_)
            out.push_back({peer.identity, peer.name, peer.role, {peer.device}});
        return out;
    }
    const Peer* peer_by_identity(const sdk::IdentityId& identity) const {
        for (const auto& peer : peers_)
            if (peer.identity == identity) return &peer;
        return nullptr;
    }

    std::mt19937_64& rng() { return rng_; }

private:
    template <std::size_t N>
    std::array<std::uint8_t, N> random_id() {
        std::array<std::uint8_t, N> id{};
        for (auto& byte : id) byte = static_cast<std::uint8_t>(rng_());
        return id;
    }

    bool is_ready(std::size_t p, const FakeDelta& delta) const {
        const Peer& peer = peers_[p];
        if (peer.vector[delta.author] + 1 != delta.seq) return false;
        for (std::size_t i = 0; i < delta.deps.size(); ++i)
            if (i != delta.author && peer.vector[i] < delta.deps[i]) return false;
        return true;
    }

    Result<void> apply_at(std::size_t p, const FakeDelta& delta) {
        Peer& peer = peers_[p];
        peer.vector[delta.author] = delta.seq;
        peer.lamport = std::max(peer.lamport, delta.lamport);
        const Peer& author = peers_[delta.author];
        sdk::Operation op;
        op.id = delta.id;
        op.payload = delta.payload;
        op.author_device = author.device;
        op.author_identity = author.identity;
        op.author_role = delta.role;
        op.lamport = delta.lamport;
        op.wall_time_ms = delta.wall_time_ms;
        return peer.host->apply(delta.address, op);
    }

    std::mt19937_64 rng_;
    sdk::SpaceId space_id_{};
    std::vector<Peer> peers_;
    std::vector<FakeDelta> deltas_;
};

inline Result<sdk::OpId> FakeBridge::submit(sdk::ByteView payload) {
    return space_.submit(peer_, address_, payload);
}

inline sdk::LocalMember FakeBridge::me() const {
    const auto& peer = space_.peer(peer_);
    return {peer.identity, peer.device, peer.name, peer.role};
}

inline std::vector<sdk::Member> FakeBridge::members() const {
    return space_.members();
}

inline bool FakeBridge::permits(const sdk::IdentityId& who, sdk::Permission what) const {
    const auto* peer = space_.peer_by_identity(who);
    if (!peer) return false;
    switch (what) {
        case sdk::Permission::Read:
            return true;
        case sdk::Permission::Write:
            return peer->role != sdk::Role::Guest;
        case sdk::Permission::Moderate:
            return peer->role == sdk::Role::Manager;
    }
    return false;
}

inline Result<void> FakeBridge::send_ephemeral(sdk::ByteView payload) {
    space_.broadcast_ephemeral(peer_, address_, payload);
    return {};
}

inline void FakeBridge::log(sdk::LogLevel, std::string_view message) {
    space_.peer(peer_).log.emplace_back(message);
}

}  // namespace grove::tests
