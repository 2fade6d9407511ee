// ValueCodec<T>: how a user value inside an op or snapshot is written and read back (also what
// digests hash). Built in for integers, bool, char32_t code points, floating point, strings,
// vectors.
#pragma once

#include <concepts>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "grove/sdk/crdt/byte_reader.h"
#include "grove/sdk/crdt/byte_writer.h"
#include "grove/sdk/crdt/replica_id.h"

namespace grove::sdk::crdt {

// Specialise for your own types:
//   static void encode(ByteWriter&, const T&);
//   static bool decode(ByteReader&, T&);   // false after calling in.fail(...) or a failed read
// Every encoding must take at least one byte: decoders reject element counts larger than the
// remaining input, which is what stops a forged length from causing a huge allocation.
template <class T>
struct ValueCodec;

template <std::unsigned_integral T>
requires(!std::same_as<T, bool> && !std::same_as<T, char32_t>) struct ValueCodec<T> {
    static void encode(ByteWriter& out, T value) { out.varint(value); }
    static bool decode(ByteReader& in, T& value) {
        std::uint64_t raw = 0;
        if (!in.varint(raw)) return false;
        if (raw > std::numeric_limits<T>::max())
            return in.fail(ErrorCode::InvalidArgument, "integer out of range");
        value = static_cast<T>(raw);
        return true;
    }
};

template <std::signed_integral T>
struct ValueCodec<T> {
    static void encode(ByteWriter& out, T value) { out.zigzag(value); }
    static bool decode(ByteReader& in, T& value) {
        std::int64_t raw = 0;
        if (!in.zigzag(raw)) return false;
        if (raw < std::numeric_limits<T>::min() || raw > std::numeric_limits<T>::max())
            return in.fail(ErrorCode::InvalidArgument, "integer out of range");
        value = static_cast<T>(raw);
        return true;
    }
};

template <>
struct ValueCodec<bool> {
    static void encode(ByteWriter& out, bool value) { out.u8(value ? 1 : 0); }
    static bool decode(ByteReader& in, bool& value) {
        std::uint8_t raw = 0;
        if (!in.u8(raw)) return false;
        if (raw > 1) return in.fail(ErrorCode::InvalidArgument, "bool is neither 0 nor 1");
        value = raw == 1;
        return true;
    }
};

inline bool is_unicode_scalar(char32_t c) {
    return c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
}

// Text content: Unicode scalar values only (no surrogates, nothing above U+10FFFF).
template <>
struct ValueCodec<char32_t> {
    static void encode(ByteWriter& out, char32_t value) { out.varint(value); }
    static bool decode(ByteReader& in, char32_t& value) {
        std::uint64_t raw = 0;
        if (!in.varint(raw)) return false;
        if (raw > 0x10FFFF || !is_unicode_scalar(static_cast<char32_t>(raw)))
            return in.fail(ErrorCode::InvalidArgument, "not a Unicode scalar value");
        value = static_cast<char32_t>(raw);
        return true;
    }
};

template <std::floating_point T>
requires(sizeof(T) == 4 || sizeof(T) == 8) struct ValueCodec<T> {
    using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    static void encode(ByteWriter& out, T value) {
        Bits bits;
        std::memcpy(&bits, &value, sizeof bits);
        for (std::size_t i = 0; i < sizeof bits; ++i)
            out.u8(static_cast<std::uint8_t>(bits >> (8 * i)));
    }
    static bool decode(ByteReader& in, T& value) {
        std::span<const std::uint8_t> raw;
        if (!in.bytes(sizeof(Bits), raw)) return false;
        Bits bits = 0;
        for (std::size_t i = 0; i < sizeof bits; ++i) bits |= static_cast<Bits>(raw[i]) << (8 * i);
        std::memcpy(&value, &bits, sizeof bits);
        return true;
    }
};

template <>
struct ValueCodec<std::string> {
    static void encode(ByteWriter& out, const std::string& value) { out.string(value); }
    static bool decode(ByteReader& in, std::string& value) { return in.string(value); }
};

template <>
struct ValueCodec<ReplicaId> {
    static void encode(ByteWriter& out, ReplicaId value) { out.fixed64(value.value); }
    static bool decode(ByteReader& in, ReplicaId& value) { return in.fixed64(value.value); }
};

template <class U>
struct ValueCodec<std::vector<U>> {
    static void encode(ByteWriter& out, const std::vector<U>& value) {
        out.varint(value.size());
        for (const U& element : value) ValueCodec<U>::encode(out, element);
    }
    static bool decode(ByteReader& in, std::vector<U>& value) {
        std::uint64_t count = 0;
        if (!in.count(count)) return false;
        value.clear();
        value.reserve(static_cast<std::size_t>(count));
        for (std::uint64_t i = 0; i < count; ++i) {
            U element{};
            if (!ValueCodec<U>::decode(in, element)) return false;
            value.push_back(std::move(element));
        }
        return true;
    }
};

template <class T>
void encode_value(ByteWriter& out, const T& value) {
    ValueCodec<T>::encode(out, value);
}

template <class T>
bool decode_value(ByteReader& in, T& value) {
    return ValueCodec<T>::decode(in, value);
}

}  // namespace grove::sdk::crdt
