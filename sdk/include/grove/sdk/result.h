// Result<T>: the value-or-error type every Grove boundary returns (SDK, platform, API).
// An Error carries a code that maps one-to-one onto gRPC status codes and a readable message.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace grove {

enum class ErrorCode {
    InvalidArgument,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    Unauthenticated,
    FailedPrecondition,
    ResourceExhausted,
    DataLoss,
    Unavailable,
    Internal,
};

inline const char* to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument: return "invalid argument";
        case ErrorCode::NotFound: return "not found";
        case ErrorCode::AlreadyExists: return "already exists";
        case ErrorCode::PermissionDenied: return "permission denied";
        case ErrorCode::Unauthenticated: return "unauthenticated";
        case ErrorCode::FailedPrecondition: return "failed precondition";
        case ErrorCode::ResourceExhausted: return "resource exhausted";
        case ErrorCode::DataLoss: return "data loss";
        case ErrorCode::Unavailable: return "unavailable";
        case ErrorCode::Internal: return "internal error";
    }
    return "unknown error";
}

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;

    std::string describe() const { return std::string(to_string(code)) + ": " + message; }
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(state_); }
    const T& value() const& { assert(ok()); return std::get<0>(state_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { assert(!ok()); return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { assert(!ok_); return error_; }

private:
    Error error_;
    bool ok_ = true;
};

// Propagates an error from an expression returning Result<...>.
#define GROVE_TRY(expr)                                   \
    do {                                                  \
        auto&& grove_try_result_ = (expr);                \
        if (!grove_try_result_.ok()) return grove_try_result_.error(); \
    } while (0)

}  // namespace grove
