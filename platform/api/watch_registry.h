// The live Watch streams of one server, so that shutdown can end them all at once with a status
// instead of leaving clients hanging until gRPC's shutdown deadline.
#pragma once

#include <grpcpp/support/status.h>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_set>

namespace grove::platform::api {

class WatchCall;

class WatchRegistry {
public:
    enum class Added { Ok, Closed, Full };
    // Registers a starting stream: Closed once close_all() has run, Full when `max` streams are
    // open (the stream must then be refused).
    Added add(WatchCall* call, std::size_t max);
    void remove(WatchCall* call);
    // Ends every registered stream with `status`; streams starting later are refused.
    void close_all(const grpc::Status& status);
    // Ends the streams authenticated with the token of this serial (it was revoked).
    void close_token(std::uint64_t serial, const grpc::Status& status);

private:
    std::mutex mutex_;
    std::unordered_set<WatchCall*> calls_;
    bool closed_ = false;
};

}  // namespace grove::platform::api
