#include "crypto/secure_buffer.h"

#include <sodium.h>

#include <new>
#include <utility>

namespace grove::platform::crypto {

SecureBuffer::SecureBuffer(std::size_t size) : size_(size) {
    if (size_ == 0) return;
    if (sodium_init() < 0) throw std::bad_alloc();
    data_ = static_cast<std::uint8_t*>(sodium_malloc(size_));
    if (!data_) throw std::bad_alloc();
    sodium_memzero(data_, size_);
}

SecureBuffer::~SecureBuffer() { release(); }

SecureBuffer::SecureBuffer(const SecureBuffer& other) : SecureBuffer(other.size_) {
    if (size_) std::copy(other.data_, other.data_ + size_, data_);
}

SecureBuffer& SecureBuffer::operator=(const SecureBuffer& other) {
    if (this != &other) {
        SecureBuffer copy(other);
        *this = std::move(copy);
    }
    return *this;
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

bool SecureBuffer::equals(const SecureBuffer& other) const {
    return size_ == other.size_ && (size_ == 0 || sodium_memcmp(data_, other.data_, size_) == 0);
}

void SecureBuffer::release() {
    if (data_) sodium_free(data_);  // sodium_free wipes before unmapping
    data_ = nullptr;
    size_ = 0;
}

}  // namespace grove::platform::crypto
