// What every API service shares: the Peer it serves, the token check (and the token store behind
// it), the worker pool and limits.
// Owned by ApiServer, which outlives the services and every call they serve.
#pragma once

#include <cstddef>

#include "api/blocking_executor.h"
#include "api/token_authenticator.h"
#include "core/peer.h"

namespace grove::platform::api {

struct ServiceContext {
    Peer& peer;
    const TokenAuthenticator& auth;
    BlockingExecutor& executor;
    std::size_t watch_queue_events;
    std::size_t max_watch_streams;
};

}  // namespace grove::platform::api
