#include "api/status_mapping.h"

#include <grove/sdk/grpcstatus.h>

namespace grove::platform::api {

grpc::StatusCode to_grpc_code(ErrorCode code) { return sdk::grpc_code(code); }

grpc::Status to_grpc_status(const Error& error) { return sdk::grpc_status(error); }

}  // namespace grove::platform::api
