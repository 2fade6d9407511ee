// One EventService.Watch stream: subscribes to the Peer, queues events (bounded) and writes them
// one at a time; a client too slow to keep up gets RESOURCE_EXHAUSTED instead of unbounded memory.
#pragma once

#include <grove/sdk/eventjournal.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>

#include "api/service_context.h"
#include "api/token_store.h"
#include "api/watch_registry.h"
#include "grove/api/v1/api.pb.h"

namespace grove::platform::api {

class WatchCall final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
public:
    using Journal = sdk::EventJournal<grove::api::v1::SpaceEvent>;

    // Initial metadata sent once the subscription is live (`grove-watch: live`), with the cursor
    // to resume from if no event comes (`grove-cursor`).
    static constexpr const char* kLiveMetadataKey = "grove-watch";
    static constexpr const char* kCursorMetadataKey = "grove-cursor";

    // Starts serving one call. The object deletes itself once gRPC is done with it (OnDone).
    static WatchCall* start(ServiceContext& context, WatchRegistry& registry, Journal& journal,
                            grpc::CallbackServerContext* call, const grpc::ByteBuffer* raw_request);

    // Ends the stream with `status` (used at server shutdown). Thread-safe; idempotent.
    void close(const grpc::Status& status);
    // The serial of the token the stream authenticated with (to end it when that is revoked).
    std::uint64_t token_serial() const { return caller_.serial; }

    void OnWriteDone(bool ok) override;
    void OnCancel() override;
    void OnDone() override;

private:
    WatchCall(ServiceContext& context, WatchRegistry& registry, Journal& journal,
              grpc::CallbackServerContext* call);
    ~WatchCall() override = default;

    // Runs on the worker pool: resolves the space, subscribes, loads the replay.
    void set_up(grove::api::v1::WatchRequest request);
    void finish_setup(grpc::Status status);
    void on_event(const Journal::Entry& entry);  // on the Peer's thread
    bool wanted(const grove::api::v1::SpaceEvent& event) const;
    void write_next_locked();
    void end_locked(grpc::Status status);

    ServiceContext& context_;
    WatchRegistry& registry_;
    Journal& journal_;
    grpc::CallbackServerContext* call_;
    std::string space_id_;  // empty: every space; set before subscribing
    Caller caller_;         // set before the stream is registered, then read-only

    std::mutex mutex_;
    std::deque<grove::api::v1::SpaceEvent> replay_;  // existing messages, sent first
    std::deque<grove::api::v1::SpaceEvent> live_;    // bounded by context_.watch_queue_events
    std::unordered_set<std::string> replayed_ids_;   // drop live duplicates of replayed posts
    grpc::ByteBuffer in_flight_;
    bool setting_up_ = true;  // set_up() may be running: Finish must wait for it
    bool writing_ = false;
    bool ended_ = false;  // no more writes; Finish called or (while setting up) pending
    std::optional<grpc::Status> pending_finish_;
    std::uint64_t journal_token_ = 0;  // 0: not subscribed
};

}  // namespace grove::platform::api
