// serve_unary(): the one path every unary API call takes — authenticate, parse the raw request
// (garbage → INVALID_ARGUMENT), run the handler on the worker pool, map errors, reply.
#pragma once

#include <grove/sdk/result.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/proto_buffer_reader.h>
#include <grpcpp/support/proto_buffer_writer.h>
#include <grpcpp/support/server_callback.h>

#include <string>
#include <type_traits>
#include <utility>

#include "api/service_context.h"
#include "api/status_mapping.h"

namespace grove::platform::api {

// Parses a raw request. gRPC's own deserializer would answer INTERNAL for bytes that are not the
// expected message; a malformed request is the caller's fault, so this answers INVALID_ARGUMENT.
template <class Message>
grpc::Status parse_request(const grpc::ByteBuffer& raw, Message& out) {
    grpc::ByteBuffer copy(raw);  // shares the slices; Deserialize consumes its argument
    const grpc::Status parsed = grpc::SerializationTraits<Message>::Deserialize(&copy, &out);
    if (!parsed.ok())
        return {grpc::StatusCode::INVALID_ARGUMENT,
                "malformed request: the bytes are not a valid " + out.GetTypeName() +
                    " (strings must be UTF-8)"};
    return grpc::Status::OK;
}

template <class Message>
grpc::Status serialize_response(const Message& message, grpc::ByteBuffer& out) {
    bool own_buffer = false;
    out.Clear();  // the serializer requires an empty buffer (WatchCall reuses one)
    return grpc::SerializationTraits<Message>::Serialize(message, &out, &own_buffer);
}

// `handler(Request&)` returns Result<Response>; it runs on a worker thread and may block. It gets
// a mutable request so that it can wipe secrets (passphrases) once used.
template <class Request, class Handler>
grpc::ServerUnaryReactor* serve_unary(ServiceContext& context, grpc::CallbackServerContext* call,
                                      const grpc::ByteBuffer* raw_request,
                                      grpc::ByteBuffer* raw_response, Handler handler) {
    grpc::ServerUnaryReactor* reactor = call->DefaultReactor();
    if (grpc::Status status = context.auth.check(*call); !status.ok()) {
        reactor->Finish(status);
        return reactor;
    }
    Request request;
    if (grpc::Status status = parse_request(*raw_request, request); !status.ok()) {
        reactor->Finish(status);
        return reactor;
    }
    const bool queued =
        context.executor.submit([reactor, call, raw_response, request = std::move(request),
                                 handler = std::move(handler)]() mutable {
            if (call->IsCancelled()) {  // the caller gave up before we started: do nothing
                reactor->Finish(grpc::Status::CANCELLED);
                return;
            }
            auto result = handler(request);
            if (!result.ok()) {
                reactor->Finish(to_grpc_status(result.error()));
                return;
            }
            reactor->Finish(serialize_response(result.value(), *raw_response));
        });
    if (!queued)
        reactor->Finish(
            {grpc::StatusCode::RESOURCE_EXHAUSTED, "groved is busy or shutting down; retry later"});
    return reactor;
}

}  // namespace grove::platform::api
