#include "api/watch_registry.h"

#include "api/watch_call.h"

namespace grove::platform::api {

bool WatchRegistry::add(WatchCall* call) {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    calls_.insert(call);
    return true;
}

void WatchRegistry::remove(WatchCall* call) {
    std::lock_guard lock(mutex_);
    calls_.erase(call);
}

void WatchRegistry::close_all(const grpc::Status& status) {
    // A call stays registered (and alive) until its OnDone, which needs this mutex: holding it
    // here keeps every call we touch alive. close() never runs OnDone inline.
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (WatchCall* call : calls_) call->close(status);
}

}  // namespace grove::platform::api
