#include "api/token_authenticator.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace grove::platform::api {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

TokenAuthenticator::TokenAuthenticator(std::shared_ptr<TokenStore> store)
    : store_(std::move(store)) {}

grpc::Status TokenAuthenticator::check(const grpc::ServerContextBase& context, Access access,
                                       Caller& caller) const {
    const auto& metadata = context.client_metadata();
    const auto range = metadata.equal_range("authorization");
    if (range.first == range.second)
        return {grpc::StatusCode::UNAUTHENTICATED,
                "missing API token: send the metadata `authorization: Bearer <token>` "
                "(groved keeps the token in the profile's api-token file)"};
    if (std::next(range.first) != range.second)
        return {grpc::StatusCode::UNAUTHENTICATED, "more than one authorization header"};

    const std::string_view value(range.first->second.data(), range.first->second.size());
    constexpr std::string_view kScheme = "bearer ";
    if (value.size() <= kScheme.size() || !equals_ignoring_case(value.substr(0, 7), kScheme))
        return {grpc::StatusCode::UNAUTHENTICATED,
                "malformed authorization metadata: expected `Bearer <token>`"};
    auto authenticated = store_->authenticate(value.substr(kScheme.size()));
    if (!authenticated)
        return {grpc::StatusCode::UNAUTHENTICATED, authenticated.error().message};
    caller = std::move(authenticated).value();
    if (!caller.has(access.scope))
        return {grpc::StatusCode::PERMISSION_DENIED,
                std::string("this call needs an API token of scope ") + to_string(access.scope) +
                    "; token '" + caller.token_name + "' has scope " + to_string(caller.scope)};
    if (access.every_space && caller.limited())
        return {grpc::StatusCode::PERMISSION_DENIED,
                "this call needs an API token that is not limited to spaces; token '" +
                    caller.token_name + "' is"};
    return grpc::Status::OK;
}

grpc::Status space_denied(const Caller& caller) {
    return {grpc::StatusCode::PERMISSION_DENIED,
            "API token '" + caller.token_name + "' is limited to other spaces"};
}

}  // namespace grove::platform::api
