// What every API service shares: the Peer it serves, the token check (and the token store behind
// it), the worker pool, limits and the request_ids of mutating calls.
// Owned by ApiServer, which outlives the services and every call they serve.
#pragma once

#include <grove/sdk/idempotency.h>

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
    // request_ids of the mutating calls (AIP-155) and their answers.
    sdk::IdempotencyKeys& idempotency;
};

}  // namespace grove::platform::api
