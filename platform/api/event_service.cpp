#include "api/event_service.h"

#include "api/proto_convert.h"
#include "api/watch_call.h"

namespace grove::platform::api {

EventService::EventService(ServiceContext& context)
    : context_(context),
      journal_([](const grove::api::v1::SpaceEvent& event) {
          return static_cast<std::size_t>(event.ByteSizeLong());
      }),
      feed_(context.peer.subscribe(
          "", [this](const SpaceEvent& event) { journal_.append(to_proto(event)); })) {}

grpc::ServerWriteReactor<grpc::ByteBuffer>* EventService::Watch(grpc::CallbackServerContext* call,
                                                                const grpc::ByteBuffer* request) {
    return WatchCall::start(context_, registry_, journal_, call, request);
}

}  // namespace grove::platform::api
