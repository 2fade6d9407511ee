// Checks the `authorization: Bearer <token>` metadata every API call must carry against the
// profile's TokenStore, and the scope the method needs. Missing, unknown or revoked token →
// UNAUTHENTICATED; a known token whose scope is too low → PERMISSION_DENIED. The token comparison
// takes constant time (hashes, compared with sodium_memcmp).
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>

#include "api/token_store.h"

namespace grove::platform::api {

// What a method needs: a scope, and (for calls that reach beyond named spaces — the account,
// creating or joining spaces, managing tokens, devices, tool services) a token not limited to
// spaces.
struct Access {
    Scope scope = Scope::Read;
    bool every_space = false;
};

inline constexpr Access kRead{Scope::Read, false};
inline constexpr Access kWrite{Scope::Write, false};
inline constexpr Access kAdmin{Scope::Admin, false};
inline constexpr Access kAdminEverySpace{Scope::Admin, true};

class TokenAuthenticator {
public:
    explicit TokenAuthenticator(std::shared_ptr<TokenStore> store);

    // OK and `caller` set when the call carries a valid token that grants `access`;
    // UNAUTHENTICATED or PERMISSION_DENIED (with the reason) otherwise.
    grpc::Status check(const grpc::ServerContextBase& context, Access access, Caller& caller) const;

    TokenStore& store() const { return *store_; }

private:
    std::shared_ptr<TokenStore> store_;
};

// PERMISSION_DENIED for a space the caller's token is not limited to.
grpc::Status space_denied(const Caller& caller);

}  // namespace grove::platform::api
