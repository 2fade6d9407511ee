// Checks the `authorization: Bearer <token>` metadata every API call must carry.
// Missing or wrong token → UNAUTHENTICATED; the comparison takes constant time.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <string>

namespace grove::platform::api {

class TokenAuthenticator {
public:
    explicit TokenAuthenticator(std::string token);

    // OK when the call carries the right token; UNAUTHENTICATED (with the reason) otherwise.
    grpc::Status check(const grpc::ServerContextBase& context) const;

private:
    std::string token_;
};

}  // namespace grove::platform::api
