#include "api/watch_registry.h"

#include "api/watch_call.h"

namespace grove::platform::api {

WatchRegistry::Added WatchRegistry::add(WatchCall* call, std::size_t max) {
    std::lock_guard lock(mutex_);
    if (closed_) return Added::Closed;
    if (calls_.size() >= max) return Added::Full;
    calls_.insert(call);
    return Added::Ok;
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

void WatchRegistry::close_token(std::uint64_t serial, const grpc::Status& status) {
    std::lock_guard lock(mutex_);  // keeps the calls alive, as in close_all()
    for (WatchCall* call : calls_)
        if (call->token_serial() == serial) call->close(status);
}

}  // namespace grove::platform::api
