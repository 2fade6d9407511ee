// SecureBuffer: fixed-size secret memory from sodium_malloc (guard pages, locked, wiped on free).
// Every secret key of the platform lives in one of these and never in an ordinary heap buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace grove::platform::crypto {

class SecureBuffer {
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t size);
    ~SecureBuffer();
    SecureBuffer(const SecureBuffer& other);
    SecureBuffer& operator=(const SecureBuffer& other);
    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;

    std::uint8_t* data() { return data_; }
    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::span<const std::uint8_t> view() const { return {data_, size_}; }
    std::span<std::uint8_t> span() { return {data_, size_}; }

    // Constant-time comparison.
    bool equals(const SecureBuffer& other) const;

private:
    void release();
    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace grove::platform::crypto
