// grovectl's exit codes (documented in docs/api.md) and the mapping from gRPC status codes.
// Scripts can tell a usage error from a bad token, a missing space or a stopped groved.
#pragma once

#include <grpcpp/support/status.h>

namespace grove::apps::grovectl {

enum ExitCode : int {
    kExitOk = 0,
    kExitError = 1,             // anything not listed below
    kExitUsage = 2,             // bad command line, or the server said INVALID_ARGUMENT
    kExitUnauthenticated = 3,   // missing / wrong API token, or wrong passphrase
    kExitNotFound = 4,          // no such space or message
    kExitUnavailable = 5,       // groved is not running or not reachable
    kExitPrecondition = 6,      // e.g. no account yet, or the account is locked
    kExitPermissionDenied = 7,  // the token's scope or spaces, or your role, do not allow it
};

inline int exit_code_for(grpc::StatusCode code) {
    switch (code) {
        case grpc::StatusCode::OK:
            return kExitOk;
        case grpc::StatusCode::INVALID_ARGUMENT:
            return kExitUsage;
        case grpc::StatusCode::UNAUTHENTICATED:
            return kExitUnauthenticated;
        case grpc::StatusCode::NOT_FOUND:
            return kExitNotFound;
        case grpc::StatusCode::UNAVAILABLE:
            return kExitUnavailable;
        case grpc::StatusCode::FAILED_PRECONDITION:
            return kExitPrecondition;
        case grpc::StatusCode::PERMISSION_DENIED:
            return kExitPermissionDenied;
        default:
            return kExitError;
    }
}

}  // namespace grove::apps::grovectl
