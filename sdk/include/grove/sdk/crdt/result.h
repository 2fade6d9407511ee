// Error reporting for the CRDT primitives: an ErrorCode plus message, and the Result<T>/Status
// return types used by op decoding, snapshot restore and remote op application (never exceptions).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace grove::sdk::crdt {

enum class ErrorCode : std::uint8_t {
  kTruncated,          // the input ended before a complete value was read
  kMalformed,          // the bytes (or the op's fields) do not form a valid value
  kLimitExceeded,      // a length or count is larger than the input or a configured limit allows
  kMissingDependency,  // the op refers to a replica or item this replica has not applied yet
};

inline const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kTruncated: return "truncated";
    case ErrorCode::kMalformed: return "malformed";
    case ErrorCode::kLimitExceeded: return "limit exceeded";
    case ErrorCode::kMissingDependency: return "missing dependency";
  }
  return "unknown";
}

struct Error {
  ErrorCode code = ErrorCode::kMalformed;
  std::string message;

  std::string describe() const { return std::string(to_string(code)) + ": " + message; }
};

// Thrown only when a caller reads the value of a failed Result (a programming error).
class BadResultAccess : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(implicit)
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(implicit)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { check(); return std::get<0>(state_); }
  const T& value() const& { check(); return std::get<0>(state_); }
  T&& value() && { check(); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    if (ok()) throw BadResultAccess("Result::error() called on a success");
    return std::get<1>(state_);
  }

 private:
  void check() const {
    if (!ok()) throw BadResultAccess("Result::value() called on an error: " + std::get<1>(state_).describe());
  }
  std::variant<T, Error> state_;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT(implicit)

  static Status success() { return {}; }
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    if (ok()) throw BadResultAccess("Status::error() called on a success");
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

}  // namespace grove::sdk::crdt
