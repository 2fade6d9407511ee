// CallFrameHub: where a peer's call frames pass — outgoing sinks (one per live link, relays
// included) and local subscribers of received frames. Frames are sealed already; never stored.
#pragma once

#include <functional>

#include "core/callback_list.h"
#include "core/delta_envelope.h"
#include "core/peer.h"
#include "crypto/keys.h"
#include "grove/net/v1/call.pb.h"

namespace grove::platform {

// A received frame whose sender the core checked: an active member's device in our view.
struct ReceivedCallFrame {
    SpaceId space{};
    crypto::SignPublicKey sender{};
    const grove::net::v1::CallFrame* frame = nullptr;  // valid during the callback only
};

class CallFrameHub {
public:
    // Hands `frame` to every link's sink (each queues it, bounded).
    void send(const grove::net::v1::CallFrame& frame);
    Subscription add_sink(std::function<void(const grove::net::v1::CallFrame&)> sink);

    // A subscriber to received frames (on the link's thread: it must return quickly).
    Subscription subscribe(std::function<void(const ReceivedCallFrame&)> callback);
    void deliver(const ReceivedCallFrame& frame);

private:
    CallbackList<std::function<void(const grove::net::v1::CallFrame&)>> sinks_;
    CallbackList<std::function<void(const ReceivedCallFrame&)>> subscribers_;
};

}  // namespace grove::platform
