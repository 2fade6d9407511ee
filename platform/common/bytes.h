// Byte strings, views over them, fixed-size byte arrays and hex conversion used across the platform.
// Everything that handles keys, ids and wire data speaks in these types.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace grove::platform {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

template <std::size_t N>
using FixedBytes = std::array<std::uint8_t, N>;

inline ByteView as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view as_string_view(ByteView b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline std::string to_string(ByteView b) { return std::string(as_string_view(b)); }

// Lower-case hex and back (either case; nullopt for an odd length or a non-hex digit). The
// codec is the SDK's (grove/sdk/types.h), so tools and the platform print ids alike.
std::string to_hex(ByteView bytes);
std::optional<Bytes> from_hex(std::string_view hex);

template <std::size_t N>
std::optional<FixedBytes<N>> fixed_from(ByteView bytes) {
    if (bytes.size() != N) return std::nullopt;
    FixedBytes<N> out;
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

template <std::size_t N>
std::string to_hex(const FixedBytes<N>& bytes) {
    return to_hex(ByteView(bytes));
}

inline void append(Bytes& out, ByteView more) { out.insert(out.end(), more.begin(), more.end()); }
inline void append_u32le(Bytes& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void append_u64le(Bytes& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace grove::platform
