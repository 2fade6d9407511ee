#include "api/status_mapping.h"

namespace grove::platform::api {

grpc::StatusCode to_grpc_code(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return grpc::StatusCode::INVALID_ARGUMENT;
        case ErrorCode::NotFound:
            return grpc::StatusCode::NOT_FOUND;
        case ErrorCode::AlreadyExists:
            return grpc::StatusCode::ALREADY_EXISTS;
        case ErrorCode::PermissionDenied:
            return grpc::StatusCode::PERMISSION_DENIED;
        case ErrorCode::Unauthenticated:
            return grpc::StatusCode::UNAUTHENTICATED;
        case ErrorCode::FailedPrecondition:
            return grpc::StatusCode::FAILED_PRECONDITION;
        case ErrorCode::ResourceExhausted:
            return grpc::StatusCode::RESOURCE_EXHAUSTED;
        case ErrorCode::DataLoss:
            return grpc::StatusCode::DATA_LOSS;
        case ErrorCode::Unavailable:
            return grpc::StatusCode::UNAVAILABLE;
        case ErrorCode::Internal:
            return grpc::StatusCode::INTERNAL;
    }
    return grpc::StatusCode::UNKNOWN;
}

grpc::Status to_grpc_status(const Error& error) {
    return grpc::Status(to_grpc_code(error.code),
                        error.message.empty() ? to_string(error.code) : error.message);
}

}  // namespace grove::platform::api
