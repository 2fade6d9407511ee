// serve_unary() / serve_space_unary(): the one path every unary API call takes — authenticate and
// check the scope, parse the raw request (garbage → INVALID_ARGUMENT), check the space of a
// space-limited token, run the handler on the worker pool (at most once per request_id, for
// requests that have one), map errors, reply.
#pragma once

#include <grove/sdk/idempotency.h>
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

#include "api/request_validation.h"
#include "api/service_context.h"
#include "api/status_mapping.h"
#include "api/token_authenticator.h"

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

// The field of a request that names its space (`space`), for serve_space_unary.
inline constexpr auto kSpaceField = [](auto& request) { return request.mutable_space(); };

// Checks a space-limited caller's access to the space a request names: resolves the reference
// (id, prefix or name) and, when allowed, replaces it by the full id — so the handler acts on
// exactly the space that was checked. Callers not limited to spaces pass unchanged.
inline grpc::Status check_space(ServiceContext& context, const Caller& caller, std::string& ref) {
    if (!caller.limited()) return grpc::Status::OK;
    if (auto checked = validate_space_ref("space", ref); !checked)
        return to_grpc_status(checked.error());
    auto space = context.peer.get_space(ref);
    if (!space) return to_grpc_status(space.error());
    if (!caller.allows_space(space->id)) return space_denied(caller);
    ref = space->id;
    return grpc::Status::OK;
}

// A request with a `request_id` field (AIP-155).
template <class Request>
concept HasRequestId = requires(Request& r) {
    r.request_id();
    r.clear_request_id();
};

// The one path of every unary call: authenticate and check the scope (`access`) on gRPC's thread,
// parse, then on a worker check the space (when `space_field(request)` names one; pass nullptr
// for calls naming none) and run `handler` — for a request with a request_id, at most once per
// (method, token name, request_id): a retry of the same request answers the first answer, the
// same request_id with another request is ALREADY_EXISTS (context.idempotency). `handler(Request&)` or `handler(Request&, const
// Caller&)` returns Result<Response>; it runs on a worker thread and may block. It gets a mutable
// request so that it can wipe secrets (passphrases) once used.
template <class Request, class SpaceField, class Handler>
grpc::ServerUnaryReactor* serve_space_unary(ServiceContext& context,
                                            grpc::CallbackServerContext* call,
                                            const grpc::ByteBuffer* raw_request,
                                            grpc::ByteBuffer* raw_response, Access access,
                                            SpaceField space_field, Handler handler) {
    grpc::ServerUnaryReactor* reactor = call->DefaultReactor();
    Caller caller;
    if (grpc::Status status = context.auth.check(*call, access, caller); !status.ok()) {
        reactor->Finish(status);
        return reactor;
    }
    Request request;
    if (grpc::Status status = parse_request(*raw_request, request); !status.ok()) {
        reactor->Finish(status);
        return reactor;
    }
    const bool queued = context.executor.submit(
        [&context, reactor, call, raw_response, request = std::move(request),
         caller = std::move(caller), space_field, handler = std::move(handler)]() mutable {
            if (call->IsCancelled()) {  // the caller gave up (or its deadline passed): do nothing
                reactor->Finish(grpc::Status::CANCELLED);
                return;
            }
            if constexpr (!std::is_same_v<SpaceField, std::nullptr_t>) {
                if (grpc::Status status = check_space(context, caller, *space_field(request));
                    !status.ok()) {
                    reactor->Finish(status);
                    return;
                }
            }
            auto run = [&] {
                if constexpr (std::is_invocable_v<Handler&, Request&, const Caller&>)
                    return handler(request, caller);
                else
                    return handler(request);
            };
            if constexpr (HasRequestId<Request>) {
                using Response = std::remove_cvref_t<decltype(run().value())>;
                const std::string request_id = request.request_id();
                request.clear_request_id();
                // The request as checked (a limited token's space resolved to its id).
                const std::string fingerprint = request.SerializeAsString();
                const std::string scope = request.GetTypeName() + '\n' + caller.token_name;
                Response response;
                const grpc::Status status = context.idempotency.run(
                    scope, request_id, fingerprint, response, [&]() -> grpc::Status {
                        auto result = run();
                        if (!result.ok()) return to_grpc_status(result.error());
                        response = std::move(result).value();
                        return grpc::Status::OK;
                    });
                reactor->Finish(status.ok() ? serialize_response(response, *raw_response) : status);
            } else {
                auto result = run();
                if (!result.ok()) {
                    reactor->Finish(to_grpc_status(result.error()));
                    return;
                }
                reactor->Finish(serialize_response(result.value(), *raw_response));
            }
        });
    if (!queued)
        reactor->Finish(
            {grpc::StatusCode::RESOURCE_EXHAUSTED, "groved is busy or shutting down; retry later"});
    return reactor;
}

// A call that names no space.
template <class Request, class Handler>
grpc::ServerUnaryReactor* serve_unary(ServiceContext& context, grpc::CallbackServerContext* call,
                                      const grpc::ByteBuffer* raw_request,
                                      grpc::ByteBuffer* raw_response, Access access,
                                      Handler handler) {
    return serve_space_unary<Request>(context, call, raw_request, raw_response, access, nullptr,
                                      std::move(handler));
}

}  // namespace grove::platform::api
