// The one translation of Grove's errors into gRPC statuses, for tools that offer a gRPC service and
// for the host's own API: each ErrorCode to its gRPC code, the message kept (or the code's name).
#pragma once

#include <grove/sdk/result.h>
#include <grpcpp/support/status.h>

namespace grove::sdk {

inline grpc::StatusCode grpc_code(ErrorCode code) {
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

inline grpc::Status grpc_status(const Error& error) {
    return grpc::Status(grpc_code(error.code),
                        error.message.empty() ? to_string(error.code) : error.message);
}

inline grpc::Status grpc_status(const Result<void>& result) {
    return result.ok() ? grpc::Status::OK : grpc_status(result.error());
}

}  // namespace grove::sdk
