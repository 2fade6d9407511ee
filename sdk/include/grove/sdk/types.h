// The small value types every SDK header speaks in: byte strings, fixed-size ids, roles,
// permissions. Ids are raw bytes as they travel in delta headers; to_hex() gives their printable
// form.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace grove::sdk {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// A delta id: BLAKE2b-256 of the sealed delta (see docs/protocol.md). Tools use the id of the op
// that created something as that thing's id.
using OpId = std::array<std::uint8_t, 32>;
// A device's Ed25519 public key.
using DeviceId = std::array<std::uint8_t, 32>;
// An identity's Ed25519 public key.
using IdentityId = std::array<std::uint8_t, 32>;
// 16 random bytes naming a space.
using SpaceId = std::array<std::uint8_t, 16>;
// 16 random bytes naming a tool instance inside a space.
using InstanceId = std::array<std::uint8_t, 16>;
// A state digest (for example SHA-256 or BLAKE2b-256 of a canonical encoding of the state).
using Digest = std::array<std::uint8_t, 32>;

// A member's role in a space, as of a given point of its history. The core uses this type too
// (its state digest writes manager 0, participant 1, guest 2, as it always has).
enum class Role : std::uint8_t { Manager = 1, Participant = 2, Guest = 3 };

// What a role may do in a tool instance. The core maps roles to permissions per instance.
enum class Permission : std::uint8_t {
    Read = 1,      // see the instance's content (every member)
    Write = 2,     // submit operations (managers and participants by default)
    Moderate = 3,  // act on other members' content, e.g. delete any post (managers by default)
};

enum class LogLevel : std::uint8_t { Debug, Info, Warning, Error };

inline const char* to_string(Role role) {
    switch (role) {
        case Role::Manager:
            return "manager";
        case Role::Participant:
            return "participant";
        case Role::Guest:
            return "guest";
    }
    return "unknown";
}

// "manager", "participant" or "guest"; nullopt for anything else.
inline std::optional<Role> role_from_string(std::string_view text) {
    if (text == "manager") return Role::Manager;
    if (text == "participant") return Role::Participant;
    if (text == "guest") return Role::Guest;
    return std::nullopt;
}

inline ByteView as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

inline std::string to_hex(ByteView bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t byte : bytes) {
        out.push_back(digits[byte >> 4]);
        out.push_back(digits[byte & 0x0f]);
    }
    return out;
}

template <std::size_t N>
std::string to_hex(const std::array<std::uint8_t, N>& bytes) {
    return to_hex(ByteView(bytes));
}

// Parses exactly 2 * out.size() hex digits (either case) into `out`; false on any other input
// (then `out` holds garbage).
inline bool from_hex(std::string_view hex, std::span<std::uint8_t> out) {
    if (hex.size() != 2 * out.size()) return false;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < out.size(); ++i) {
        int high = nibble(hex[2 * i]);
        int low = nibble(hex[2 * i + 1]);
        if (high < 0 || low < 0) return false;
        out[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return true;
}

// Parses exactly 2*N hex digits into an N-byte array; false on any other input.
template <std::size_t N>
bool from_hex(std::string_view hex, std::array<std::uint8_t, N>& out) {
    return from_hex(hex, std::span<std::uint8_t>(out));
}

// Copies a span into a fixed-size id; false when the length differs.
template <std::size_t N>
bool copy_id(ByteView bytes, std::array<std::uint8_t, N>& out) {
    if (bytes.size() != N) return false;
    for (std::size_t i = 0; i < N; ++i) out[i] = bytes[i];
    return true;
}

}  // namespace grove::sdk
