#include "api/event_service.h"

#include "api/watch_call.h"

namespace grove::platform::api {

grpc::ServerWriteReactor<grpc::ByteBuffer>* EventService::Watch(grpc::CallbackServerContext* call,
                                                                const grpc::ByteBuffer* request) {
    return WatchCall::start(context_, registry_, call, request);
}

}  // namespace grove::platform::api
