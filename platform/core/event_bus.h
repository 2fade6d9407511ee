// EventBus: who listens to a peer's spaces and the delivery of what changed to them. Owns the
// subscriber lists; the space journal marks batches stored and hands it events to dispatch.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "core/callback_list.h"
#include "core/peer.h"

namespace grove::platform {

class EventBus {
public:
    // A SpaceEvent subscriber for `space_id` (empty = every space); see Peer::subscribe.
    Subscription subscribe(const std::string& space_id,
                           std::function<void(const SpaceEvent&)> callback);
    // A wake-up after any stored batch, without event views; see Peer::subscribe_stored.
    Subscription subscribe_stored(std::function<void()> callback);

    // Whether anyone subscribes to events (building them can then be skipped).
    bool observed() { return !subscribers_.empty(); }
    // A batch was stored: the next dispatch wakes the stored-watchers. Any thread.
    void note_stored() { stored_pending_ = true; }
    // Wakes stored-watchers if a batch was stored since, then delivers `events` to the
    // subscribers of their spaces. Call without holding the peer's lock.
    void dispatch(const std::vector<SpaceEvent>& events);

private:
    struct Subscriber {
        std::string space_id;  // empty = every space
        std::function<void(const SpaceEvent&)> callback;
    };
    CallbackList<Subscriber> subscribers_;
    CallbackList<std::function<void()>> stored_watchers_;
    std::atomic<bool> stored_pending_{false};
};

}  // namespace grove::platform
