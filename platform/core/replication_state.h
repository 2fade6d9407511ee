// ReplicationState: the peer's replication bookkeeping kept beside its spaces (pending buffers
// of remote deltas waiting for dependencies). Lives in Peer::Impl, guarded by Impl::mutex.
#pragma once

#include <map>

#include "core/pending_buffer.h"

namespace grove::platform {

struct ReplicationState {
    std::map<SpaceId, PendingBuffer> pending;
};

}  // namespace grove::platform
