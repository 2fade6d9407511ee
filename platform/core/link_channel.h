// LinkChannel: a protocol carried on a peer link beside replication (the blob layer's chunk
// exchange). The link's SyncSession hands it the messages of its kind and pumps it for output.
#pragma once

#include <grove/sdk/result.h>

#include <functional>

#include "grove/net/v1/sync.pb.h"

namespace grove::platform {

class LinkChannel {
public:
    using Sender = std::function<void(grove::net::v1::LinkMessage&&)>;
    virtual ~LinkChannel() = default;
    // Whether `message` belongs to this channel (then handle() takes it).
    virtual bool claims(const grove::net::v1::LinkMessage& message) const = 0;
    // One message from the other end; an error is a protocol violation (the link closes).
    virtual Result<void> handle(grove::net::v1::LinkMessage&& message) = 0;
    // Sends what is waiting through `send`, up to a budget; true when more is waiting.
    virtual bool pump(const Sender& send) = 0;
};

}  // namespace grove::platform
