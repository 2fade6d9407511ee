// Bounds-checked reader for the CRDT wire primitives: every read reports failure instead of
// reading past the end, and the first failure is remembered as an Error for the decoder to return.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include "grove/sdk/crdt/result.h"

namespace grove::sdk::crdt {

class ByteReader {
public:
    explicit ByteReader(std::span<const std::uint8_t> input) : input_(input) {}

    bool ok() const { return !failed_; }
    std::size_t remaining() const { return input_.size() - offset_; }
    bool at_end() const { return offset_ == input_.size(); }
    const Error& error() const { return error_; }

    // Records the first failure; later reads all fail. Always returns false for chaining.
    bool fail(ErrorCode code, std::string message) {
        if (!failed_) {
            failed_ = true;
            error_ = Error{code, std::move(message) + " (at byte " + std::to_string(offset_) + ")"};
        }
        return false;
    }

    bool u8(std::uint8_t& out) {
        if (failed_) return false;
        if (remaining() < 1) return fail(ErrorCode::DataLoss, "expected a byte");
        out = input_[offset_++];
        return true;
    }

    bool varint(std::uint64_t& out) {
        if (failed_) return false;
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (remaining() < 1) return fail(ErrorCode::DataLoss, "varint cut short");
            const std::uint8_t byte = input_[offset_++];
            if (shift == 63 && byte > 1)
                return fail(ErrorCode::InvalidArgument, "varint overflows 64 bits");
            value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) {
                out = value;
                return true;
            }
        }
        return fail(ErrorCode::InvalidArgument, "varint longer than 10 bytes");
    }

    // A varint that must fit in 32 bits.
    bool varint32(std::uint32_t& out) {
        std::uint64_t value = 0;
        if (!varint(value)) return false;
        if (value > UINT32_MAX)
            return fail(ErrorCode::InvalidArgument, "value does not fit in 32 bits");
        out = static_cast<std::uint32_t>(value);
        return true;
    }

    bool zigzag(std::int64_t& out) {
        std::uint64_t raw = 0;
        if (!varint(raw)) return false;
        out = static_cast<std::int64_t>((raw >> 1) ^ (~(raw & 1) + 1));
        return true;
    }

    bool fixed64(std::uint64_t& out) {
        if (failed_) return false;
        if (remaining() < 8) return fail(ErrorCode::DataLoss, "expected 8 bytes");
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < 8; ++i)
            value |= static_cast<std::uint64_t>(input_[offset_ + i]) << (8 * i);
        offset_ += 8;
        out = value;
        return true;
    }

    // Borrows `size` bytes from the input (no copy).
    bool bytes(std::size_t size, std::span<const std::uint8_t>& out) {
        if (failed_) return false;
        if (remaining() < size) return fail(ErrorCode::DataLoss, "byte string cut short");
        out = input_.subspan(offset_, size);
        offset_ += size;
        return true;
    }

    // Reads a count of elements that each occupy at least `min_bytes_each` bytes: a count the rest
    // of the input cannot possibly hold is rejected before anyone allocates for it.
    bool count(std::uint64_t& out, std::size_t min_bytes_each = 1) {
        if (!varint(out)) return false;
        if (min_bytes_each > 0 && out > remaining() / min_bytes_each)
            return fail(ErrorCode::ResourceExhausted,
                        "count " + std::to_string(out) + " exceeds the input");
        return true;
    }

    bool string(std::string& out) {
        std::uint64_t size = 0;
        if (!count(size)) return false;
        std::span<const std::uint8_t> raw;
        if (!bytes(static_cast<std::size_t>(size), raw)) return false;
        out.assign(reinterpret_cast<const char*>(raw.data()), raw.size());
        return true;
    }

    // Call after decoding a whole message: trailing bytes are garbage.
    bool expect_end() {
        if (failed_) return false;
        if (!at_end())
            return fail(ErrorCode::InvalidArgument,
                        std::to_string(remaining()) + " trailing bytes");
        return true;
    }

private:
    std::span<const std::uint8_t> input_;
    std::size_t offset_ = 0;
    bool failed_ = false;
    Error error_;
};

}  // namespace grove::sdk::crdt
