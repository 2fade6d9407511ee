// ChunkMesh: several Peers joined pairwise by SyncSessions in one process, pumped by a thread of
// their own (as links are), so a test can block in a read while chunks cross — with a hook that
// lets a test alter or drop what one side sends.
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

#include "core/replicator.h"
#include "crypto/primitives.h"
#include "net/sync_session.h"

namespace grove::test {

class ChunkMesh {
public:
    // Sees every message `from` sends on a link; false drops it.
    using Filter = std::function<bool(const platform::Peer& from, grove::net::v1::LinkMessage&)>;

    ~ChunkMesh() { stop(); }

    // Joins `a` and `b` by a link (both sides' sessions); returns its number.
    int link(platform::Peer& a, platform::Peer& b) {
        std::lock_guard lock(mutex_);
        auto pair = std::make_unique<Pair>(a, b);
        auto binding = platform::crypto::random_array<32>();
        Pair* p = pair.get();
        p->sa = std::make_unique<platform::net::SyncSession>(
            p->ra, p->rb.device(), binding,
            [p](grove::net::v1::LinkMessage&& m) { p->to_b.push_back(std::move(m)); });
        p->sb = std::make_unique<platform::net::SyncSession>(
            p->rb, p->ra.device(), binding,
            [p](grove::net::v1::LinkMessage&& m) { p->to_a.push_back(std::move(m)); });
        pairs_.push_back(std::move(pair));
        return static_cast<int>(pairs_.size()) - 1;
    }
    // Drops link `n` (as a connection that goes away).
    void cut(int n) {
        std::lock_guard lock(mutex_);
        pairs_.at(n).reset();
    }
    void set_filter(Filter filter) {
        std::lock_guard lock(mutex_);
        filter_ = std::move(filter);
    }
    // Pumps every link on a thread until stop().
    void start() {
        running_ = true;
        thread_ = std::thread([this] {
            while (running_) {
                bool busy = round();
                if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
    }
    void stop() {
        running_ = false;
        if (thread_.joinable()) thread_.join();
    }
    // One round by hand (with start() not called): pump and deliver everything once.
    bool round() {
        std::lock_guard lock(mutex_);
        bool busy = false;
        for (auto& p : pairs_) {
            if (!p) continue;
            auto pa = p->sa->pump();
            auto pb = p->sb->pump();
            const bool to_b = deliver(p->to_b, *p->sb, p->a);
            const bool to_a = deliver(p->to_a, *p->sa, p->b);
            busy = busy || (pa.ok() && *pa) || (pb.ok() && *pb) || to_a || to_b;
        }
        return busy;
    }

private:
    struct Pair {
        Pair(platform::Peer& a_, platform::Peer& b_) : a(a_), b(b_), ra(a_), rb(b_) {}
        platform::Peer& a;
        platform::Peer& b;
        platform::Replicator ra, rb;
        std::deque<grove::net::v1::LinkMessage> to_a, to_b;
        std::unique_ptr<platform::net::SyncSession> sa, sb;
    };
    bool deliver(std::deque<grove::net::v1::LinkMessage>& queue, platform::net::SyncSession& to,
                 const platform::Peer& from) {
        bool any = !queue.empty();
        while (!queue.empty()) {
            auto m = std::move(queue.front());
            queue.pop_front();
            if (filter_ && !filter_(from, m)) continue;
            (void)to.handle_owned(std::move(m));
        }
        return any;
    }

    std::mutex mutex_;
    std::vector<std::unique_ptr<Pair>> pairs_;
    Filter filter_;
    std::atomic<bool> running_{false};
    std::thread thread_;
};

}  // namespace grove::test
