// Maps Grove errors onto gRPC status codes, one to one, keeping the readable message.
// The API's only translation of errors: services return to_grpc_status(error).
#pragma once

#include <grove/sdk/result.h>
#include <grpcpp/support/status.h>

namespace grove::platform::api {

grpc::StatusCode to_grpc_code(ErrorCode code);
grpc::Status to_grpc_status(const Error& error);

}  // namespace grove::platform::api
