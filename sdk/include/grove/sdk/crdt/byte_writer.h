// Appends the CRDT wire primitives (bytes, little-endian fixed ints, LEB128 varints, zigzag ints)
// to a growable buffer; the encoding side of ByteReader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace grove::sdk::crdt {

class ByteWriter {
public:
    void u8(std::uint8_t value) { buffer_.push_back(value); }

    void varint(std::uint64_t value) {
        while (value >= 0x80) {
            buffer_.push_back(static_cast<std::uint8_t>(value | 0x80));
            value >>= 7;
        }
        buffer_.push_back(static_cast<std::uint8_t>(value));
    }

    void zigzag(std::int64_t value) {
        varint((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
    }

    void fixed64(std::uint64_t value) {
        for (int i = 0; i < 8; ++i) buffer_.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    }

    void bytes(const void* data, std::size_t size) {
        const auto* begin = static_cast<const std::uint8_t*>(data);
        buffer_.insert(buffer_.end(), begin, begin + size);
    }

    // Length-prefixed byte string.
    void string(std::string_view text) {
        varint(text.size());
        bytes(text.data(), text.size());
    }

    std::size_t size() const { return buffer_.size(); }
    void clear() { buffer_.clear(); }
    const std::vector<std::uint8_t>& data() const { return buffer_; }
    std::vector<std::uint8_t> take() { return std::exchange(buffer_, {}); }

private:
    std::vector<std::uint8_t> buffer_;
};

}  // namespace grove::sdk::crdt
