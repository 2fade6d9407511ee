#include "api/token_authenticator.h"

#include <sodium.h>

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

TokenAuthenticator::TokenAuthenticator(std::string token) : token_(std::move(token)) {}

grpc::Status TokenAuthenticator::check(const grpc::ServerContextBase& context) const {
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
    const std::string_view presented = value.substr(kScheme.size());
    const bool match = presented.size() == token_.size() &&
                       sodium_memcmp(presented.data(), token_.data(), token_.size()) == 0;
    if (!match) return {grpc::StatusCode::UNAUTHENTICATED, "invalid API token"};
    return grpc::Status::OK;
}

}  // namespace grove::platform::api
