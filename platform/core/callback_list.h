// CallbackList: callbacks kept alive by Subscriptions and run under one lock — the listener list
// of the event bus and of the ephemeral channel. Cancelling a subscription waits for a running
// call.
#pragma once

#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

#include "core/peer.h"

namespace grove::platform {

template <class Entry>
class CallbackList {
public:
    // Keeps `entry` until the returned subscription is destroyed (the list must outlive it).
    Subscription add(Entry entry) {
        std::lock_guard lock(mutex_);
        const std::uint64_t id = next_id_++;
        entries_.emplace_back(id, std::move(entry));
        return Subscription([this, id] {
            std::lock_guard lock(mutex_);
            std::erase_if(entries_, [id](const auto& e) { return e.first == id; });
        });
    }
    // Calls `fn(entry)` for every entry, in the order they were added, under the lock: `fn` must
    // not add or cancel (that would deadlock).
    template <class Fn>
    void for_each(Fn&& fn) {
        std::lock_guard lock(mutex_);
        for (const auto& [id, entry] : entries_) fn(entry);
    }
    bool empty() {
        std::lock_guard lock(mutex_);
        return entries_.empty();
    }

private:
    std::mutex mutex_;
    std::vector<std::pair<std::uint64_t, Entry>> entries_;
    std::uint64_t next_id_ = 1;
};

}  // namespace grove::platform
