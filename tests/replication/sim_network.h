// SimNetwork: peers linked by SyncSessions over an in-memory, fault-injecting transport —
// drop, duplicate, reorder, delay, partition and reconnect — driven by one seeded RNG.
#pragma once

#include <deque>
#include <memory>
#include <random>
#include <vector>

#include "core/invitation_code.h"
#include "core/replicator.h"
#include "net/sync_session.h"
#include "replication_support.h"

namespace grove::test {

struct Faults {
    double drop = 0;       // probability a message is lost
    double duplicate = 0;  // probability a delivered message is delivered again later
    bool reorder = false;  // deliver any due message, not the oldest
    int max_delay = 0;     // steps a message may wait
};

class SimNetwork {
public:
    struct Node {
        platform::Peer* peer;
        std::unique_ptr<platform::Replicator> replicator;
    };
    struct InFlight {
        std::uint64_t due;
        grove::net::v1::LinkMessage message;
    };
    struct Link {
        std::size_t a, b;
        std::unique_ptr<platform::net::SyncSession> at_a, at_b;
        std::vector<InFlight> to_a, to_b;
        bool up = true;
    };

    SimNetwork(std::vector<platform::Peer*> peers, std::uint64_t seed, platform::SpaceId space)
        : rng_(seed), space_(space) {
        for (auto* p : peers) nodes_.push_back({p, std::make_unique<platform::Replicator>(*p)});
        for (std::size_t i = 0; i < nodes_.size(); ++i)
            for (std::size_t j = i + 1; j < nodes_.size(); ++j) {
                links_.push_back(std::make_unique<Link>());
                links_.back()->a = i;
                links_.back()->b = j;
                reconnect(*links_.back());
            }
    }

    Faults faults;
    std::mt19937_64& rng() { return rng_; }
    std::vector<std::unique_ptr<Link>>& links() { return links_; }
    Node& node(std::size_t i) { return nodes_[i]; }

    void reconnect(Link& l) {
        l.to_a.clear();
        l.to_b.clear();
        auto binding = platform::crypto::random_array<32>();
        platform::net::SyncOptions opts;
        opts.batch_deltas = 8;  // small batches: more interleaving
        opts.batches_per_pump = 2;
        auto space = space_;
        opts.space_filter = [space](const platform::SpaceId& s) { return s == space; };
        Link* lp = &l;
        l.at_a = std::make_unique<platform::net::SyncSession>(
            *nodes_[l.a].replicator, nodes_[l.b].replicator->device(), binding,
            [this, lp](grove::net::v1::LinkMessage&& m) { enqueue(*lp, lp->to_b, std::move(m)); },
            opts);
        l.at_b = std::make_unique<platform::net::SyncSession>(
            *nodes_[l.b].replicator, nodes_[l.a].replicator->device(), binding,
            [this, lp](grove::net::v1::LinkMessage&& m) { enqueue(*lp, lp->to_a, std::move(m)); },
            opts);
    }

    void enqueue(Link& l, std::vector<InFlight>& q, grove::net::v1::LinkMessage&& m) {
        if (!l.up) return;
        std::uint64_t delay =
            faults.max_delay > 0 ? std::uniform_int_distribution<int>(0, faults.max_delay)(rng_) : 0;
        q.push_back({now_ + delay, std::move(m)});
    }

    // Delivers one message of `q` to `to` (faults applied); false when nothing was due.
    bool deliver(std::vector<InFlight>& q, platform::net::SyncSession& to, bool force = false) {
        std::vector<std::size_t> due;
        for (std::size_t i = 0; i < q.size(); ++i)
            if (force || q[i].due <= now_) due.push_back(i);
        if (due.empty()) return false;
        std::size_t pick = faults.reorder
                               ? due[std::uniform_int_distribution<std::size_t>(0, due.size() - 1)(rng_)]
                               : due.front();
        InFlight f = std::move(q[pick]);
        q.erase(q.begin() + static_cast<std::ptrdiff_t>(pick));
        std::uniform_real_distribution<double> u(0, 1);
        if (u(rng_) < faults.drop) return true;
        if (u(rng_) < faults.duplicate) q.push_back({now_ + 1, f.message});
        auto r = to.handle(f.message);
        EXPECT_TRUE(r.ok()) << r.error().message;
        return true;
    }

    // One random network action.
    void step() {
        ++now_;
        auto& l = *links_[std::uniform_int_distribution<std::size_t>(0, links_.size() - 1)(rng_)];
        switch (std::uniform_int_distribution<int>(0, 5)(rng_)) {
            case 0: (void)l.at_a->pump(); break;
            case 1: (void)l.at_b->pump(); break;
            case 2: deliver(l.to_b, *l.at_b); break;
            case 3: deliver(l.to_a, *l.at_a); break;
            case 4:
                if (std::uniform_int_distribution<int>(0, 9)(rng_) == 0) {
                    l.at_a->tick();
                    l.at_b->tick();
                }
                break;
            case 5: {
                int r = std::uniform_int_distribution<int>(0, 39)(rng_);
                if (r == 0) l.up = false, l.to_a.clear(), l.to_b.clear();  // partition
                else if (r == 1 && !l.up) l.up = true, reconnect(l);      // heal: a new link
                else if (r == 2 && l.up) reconnect(l);                     // connection reset
                break;
            }
        }
    }

    // Faults off, every link up; runs until nothing moves. Returns rounds used, -1 on timeout.
    int settle(int max_rounds = 400) {
        faults = Faults{};
        for (auto& l : links_)
            if (!l->up) l->up = true, reconnect(*l);
        for (int round = 0; round < max_rounds; ++round) {
            ++now_;
            bool moved = false;
            if (round % 4 == 0)
                for (auto& l : links_) l->at_a->tick(), l->at_b->tick();
            for (auto& l : links_) {
                for (int i = 0; i < 64; ++i) {
                    auto a = l->at_a->pump();
                    auto b = l->at_b->pump();
                    if (!(a.ok() && *a) && !(b.ok() && *b)) break;
                }
                while (!l->to_b.empty() || !l->to_a.empty()) {
                    moved = true;
                    if (!l->to_b.empty()) deliver(l->to_b, *l->at_b, true);
                    if (!l->to_a.empty()) deliver(l->to_a, *l->at_a, true);
                }
            }
            if (!moved && round % 4 == 3 && converged()) return round;
        }
        return -1;
    }

    bool converged() {
        std::string heads, state;
        for (auto& n : nodes_) {
            auto st = n.peer->sync_status(platform::to_hex(space_));
            if (!st.ok() || st->pending != 0) return false;
            if (heads.empty()) heads = st->heads_digest, state = st->state_digest;
            if (st->heads_digest != heads || st->state_digest != state) return false;
        }
        return true;
    }

private:
    std::mt19937_64 rng_;
    platform::SpaceId space_;
    std::vector<Node> nodes_;
    std::vector<std::unique_ptr<Link>> links_;
    std::uint64_t now_ = 0;
};

}  // namespace grove::test
