#include "core/event_bus.h"

namespace grove::platform {

Subscription EventBus::subscribe(const std::string& space_id,
                                 std::function<void(const SpaceEvent&)> callback) {
    return subscribers_.add({space_id, std::move(callback)});
}

Subscription EventBus::subscribe_stored(std::function<void()> callback) {
    return stored_watchers_.add(std::move(callback));
}

void EventBus::dispatch(const std::vector<SpaceEvent>& events) {
    if (stored_pending_.exchange(false))
        stored_watchers_.for_each([](const std::function<void()>& watcher) { watcher(); });
    if (events.empty()) return;
    for (const auto& ev : events)
        subscribers_.for_each([&](const Subscriber& sub) {
            if (sub.space_id.empty() || sub.space_id == ev.space_id) sub.callback(ev);
        });
}

}  // namespace grove::platform
