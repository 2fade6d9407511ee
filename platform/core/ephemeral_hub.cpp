#include "core/ephemeral_hub.h"

#include <algorithm>

#include "core/replicator.h"

namespace grove::platform {

void EphemeralHub::send(const EphemeralOut& out) {
    senders_.for_each([&](const auto& sink) { sink(out); });
    wakers_.for_each([&](const auto& sink) { sink(out); });
}

void EphemeralHub::wake_links() {
    const EphemeralOut none;
    wakers_.for_each([&](const auto& sink) { sink(none); });
}

Subscription EphemeralHub::add_sink(std::function<void(const EphemeralOut&)> sink, bool waker) {
    return (waker ? wakers_ : senders_).add(std::move(sink));
}

Subscription EphemeralHub::subscribe(const std::string& space_id,
                                     std::function<void(const EphemeralMessageView&)> callback) {
    return subscribers_.add({space_id, std::move(callback)});
}

void EphemeralHub::deliver(const EphemeralMessageView& view) {
    subscribers_.for_each([&](const Subscriber& s) {
        if (s.space_id.empty() || s.space_id == view.space_id) s.callback(view);
    });
}

void EphemeralHub::note_heard(const crypto::SignPublicKey& device, std::int64_t now_ms) {
    std::lock_guard lock(seen_mutex_);
    device_heard_ms_[device] = now_ms;
}

void EphemeralHub::note_typing(const SpaceId& space, const crypto::SignPublicKey& identity,
                               std::int64_t until_ms) {
    std::lock_guard lock(seen_mutex_);
    typing_until_ms_[{space, identity}] = until_ms;
}

std::int64_t EphemeralHub::last_heard_ms(std::span<const crypto::SignPublicKey> devices) {
    std::lock_guard lock(seen_mutex_);
    std::int64_t latest = 0;
    for (const auto& d : devices)
        if (auto it = device_heard_ms_.find(d); it != device_heard_ms_.end())
            latest = std::max(latest, it->second);
    return latest;
}

std::int64_t EphemeralHub::typing_until_ms(const SpaceId& space,
                                           const crypto::SignPublicKey& identity) {
    std::lock_guard lock(seen_mutex_);
    auto it = typing_until_ms_.find({space, identity});
    return it == typing_until_ms_.end() ? 0 : it->second;
}

}  // namespace grove::platform
