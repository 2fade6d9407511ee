#include "core/pending_buffer.h"

namespace grove::platform {

namespace {
std::size_t footprint(const DecodedDelta& d) {
    return d.sealed.header().size() + d.sealed.ciphertext().size() + 256;
}
}  // namespace

bool PendingBuffer::add(DecodedDelta delta) {
    Key key{delta.header.lamport(), delta.author, delta.seq, delta.id};
    if (held_.count(key)) return true;
    std::size_t size = footprint(delta);
    if (held_.size() >= max_deltas_ || bytes_ + size > max_bytes_) return false;
    bytes_ += size;
    held_.emplace(std::move(key), std::move(delta));
    return true;
}

std::vector<DecodedDelta> PendingBuffer::take_all() {
    std::vector<DecodedDelta> out;
    out.reserve(held_.size());
    for (auto& [key, d] : held_) out.push_back(std::move(d));
    held_.clear();
    bytes_ = 0;
    return out;
}

}  // namespace grove::platform
