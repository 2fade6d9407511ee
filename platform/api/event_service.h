// grove.api.v1.EventService over the Peer: the Watch server stream of a space's events.
// Each stream is a WatchCall; the service keeps them in a registry so shutdown can end them, and
// records recent events in a journal so that a stream can resume from a cursor.
#pragma once

#include <grove/sdk/eventjournal.h>
#include <grpcpp/support/status.h>

#include "api/service_context.h"
#include "api/watch_registry.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::platform::api {

class EventService final : public grove::api::v1::EventService::WithRawCallbackMethod_Watch<
                               grove::api::v1::EventService::Service> {
public:
    // Starts recording the Peer's events (every space) for resumable streams.
    explicit EventService(ServiceContext& context);

    grpc::ServerWriteReactor<grpc::ByteBuffer>* Watch(grpc::CallbackServerContext* call,
                                                      const grpc::ByteBuffer* request) override;

    // Ends every open stream (and refuses new ones) with `status`.
    void close_all(const grpc::Status& status) { registry_.close_all(status); }
    // Ends the streams of a revoked token (UNAUTHENTICATED).
    void close_token(std::uint64_t serial) {
        registry_.close_token(serial,
                              {grpc::StatusCode::UNAUTHENTICATED, "the API token was revoked"});
    }

    using Journal = sdk::EventJournal<grove::api::v1::SpaceEvent>;

private:
    ServiceContext& context_;
    WatchRegistry registry_;
    Journal journal_;    // the newest events of every space, each with its cursor
    Subscription feed_;  // Peer → journal_; declared last: unsubscribed first
};

}  // namespace grove::platform::api
