// The live Watch streams of one server, so that shutdown can end them all at once with a status
// instead of leaving clients hanging until gRPC's shutdown deadline.
#pragma once

#include <grpcpp/support/status.h>

#include <mutex>
#include <unordered_set>

namespace grove::platform::api {

class WatchCall;

class WatchRegistry {
public:
    // Registers a starting stream; false once close_all() has run (the stream must be refused).
    bool add(WatchCall* call);
    void remove(WatchCall* call);
    // Ends every registered stream with `status`; streams starting later are refused.
    void close_all(const grpc::Status& status);

private:
    std::mutex mutex_;
    std::unordered_set<WatchCall*> calls_;
    bool closed_ = false;
};

}  // namespace grove::platform::api
