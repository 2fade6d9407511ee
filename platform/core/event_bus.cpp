#include "core/event_bus.h"

namespace grove::platform {

Subscription EventBus::subscribe(const std::string& space_id,
                                 std::function<void(const SpaceEvent&)> callback) {
    std::uint64_t id;
    {
        std::lock_guard lock(mutex_);
        id = next_id_++;
        subscribers_.push_back({id, space_id, std::move(callback)});
    }
    return Subscription([this, id] {
        std::lock_guard lock(mutex_);
        std::erase_if(subscribers_, [id](const Subscriber& s) { return s.id == id; });
    });
}

Subscription EventBus::subscribe_stored(std::function<void()> callback) {
    std::uint64_t id;
    {
        std::lock_guard lock(mutex_);
        id = next_id_++;
        stored_watchers_.emplace_back(id, std::move(callback));
    }
    return Subscription([this, id] {
        std::lock_guard lock(mutex_);
        std::erase_if(stored_watchers_, [id](const auto& w) { return w.first == id; });
    });
}

bool EventBus::observed() {
    std::lock_guard lock(mutex_);
    return !subscribers_.empty();
}

void EventBus::dispatch(const std::vector<SpaceEvent>& events) {
    if (stored_pending_.exchange(false)) {
        std::lock_guard lock(mutex_);
        for (const auto& [id, watcher] : stored_watchers_) watcher();
    }
    if (events.empty()) return;
    std::lock_guard lock(mutex_);
    for (const auto& ev : events)
        for (const auto& sub : subscribers_)
            if (sub.space_id.empty() || sub.space_id == ev.space_id) sub.callback(ev);
}

}  // namespace grove::platform
