// LinkSession: what runs inside an established link — a peer's SyncSession or the relay's
// RelaySession. The Link feeds it messages, pumps it for output and ticks it periodically.
#pragma once

#include <grove/sdk/result.h>

#include <functional>

#include "grove/net/v1/sync.pb.h"

namespace grove::platform::net {

class LinkSession {
public:
    using Sender = std::function<void(grove::net::v1::LinkMessage&&)>;
    virtual ~LinkSession() = default;
    // An error return is a protocol violation: the link closes.
    virtual Result<void> handle(const grove::net::v1::LinkMessage& message) = 0;
    // The same for a message the caller gives up (its deltas can be moved, not copied).
    virtual Result<void> handle_owned(grove::net::v1::LinkMessage&& message) {
        return handle(message);
    }
    // Produces output; true when more is waiting.
    virtual Result<bool> pump() = 0;
    virtual void tick() = 0;
};

}  // namespace grove::platform::net
