// grove.api.v1.EventService over the Peer: the Watch server stream of a space's events.
// Each stream is a WatchCall; the service keeps them in a registry so shutdown can end them.
#pragma once

#include <grpcpp/support/status.h>

#include "api/service_context.h"
#include "api/watch_registry.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

class EventService final : public grove::api::v1::EventService::WithRawCallbackMethod_Watch<
                               grove::api::v1::EventService::Service> {
public:
    explicit EventService(ServiceContext& context) : context_(context) {}

    grpc::ServerWriteReactor<grpc::ByteBuffer>* Watch(grpc::CallbackServerContext* call,
                                                      const grpc::ByteBuffer* request) override;

    // Ends every open stream (and refuses new ones) with `status`.
    void close_all(const grpc::Status& status) { registry_.close_all(status); }
    // Ends the streams of a revoked token (UNAUTHENTICATED).
    void close_token(std::uint64_t serial) {
        registry_.close_token(serial,
                              {grpc::StatusCode::UNAUTHENTICATED, "the API token was revoked"});
    }

private:
    ServiceContext& context_;
    WatchRegistry registry_;
};

}  // namespace grove::platform::api
