// EphemeralHub: the state of a peer's ephemeral channel — outgoing sinks (one per live direct
// link), local subscribers, and when each device was last heard and who is typing. Never stored.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/callback_list.h"
#include "core/delta_envelope.h"
#include "core/peer.h"
#include "crypto/keys.h"

namespace grove::platform {

struct EphemeralOut;  // core/replicator.h

class EphemeralHub {
public:
    // Hands `out` to every sink: the links' senders first, then the wakers (PeerNode's, which
    // must run after the message is queued).
    void send(const EphemeralOut& out);
    // Runs the wakers alone (with an empty message): another link channel has output waiting.
    void wake_links();
    // Registers a sink; destroying the subscription waits for a running call of it.
    Subscription add_sink(std::function<void(const EphemeralOut&)> sink, bool waker);

    // A subscriber to received messages for `space_id` (empty = every space).
    Subscription subscribe(const std::string& space_id,
                           std::function<void(const EphemeralMessageView&)> callback);
    // Delivers a received message to the subscribers of its space.
    void deliver(const EphemeralMessageView& view);

    // A message (or any link activity) from `device` at `now_ms`.
    void note_heard(const crypto::SignPublicKey& device, std::int64_t now_ms);
    // `identity` is typing in `space` until `until_ms`.
    void note_typing(const SpaceId& space, const crypto::SignPublicKey& identity,
                     std::int64_t until_ms);
    // The latest time any of `devices` was heard (0 = never).
    std::int64_t last_heard_ms(std::span<const crypto::SignPublicKey> devices);
    // Until when `identity` types in `space` (0 = not known to).
    std::int64_t typing_until_ms(const SpaceId& space, const crypto::SignPublicKey& identity);

private:
    struct Subscriber {
        std::string space_id;  // empty = every space
        std::function<void(const EphemeralMessageView&)> callback;
    };
    CallbackList<std::function<void(const EphemeralOut&)>> senders_;  // the links' queues
    CallbackList<std::function<void(const EphemeralOut&)>> wakers_;   // run after the senders
    CallbackList<Subscriber> subscribers_;
    std::mutex seen_mutex_;
    std::map<crypto::SignPublicKey, std::int64_t> device_heard_ms_;  // last link message
    std::map<std::pair<SpaceId, crypto::SignPublicKey>, std::int64_t> typing_until_ms_;
};

}  // namespace grove::platform
