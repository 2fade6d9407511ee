#include "blob/chunker.h"

#include <algorithm>

namespace grove::platform::blob {
namespace {

// Normalized chunking: a stricter mask (22 bits) before the normal size and a looser one (18 bits)
// after it pull sizes toward ~1 MiB. The high bits of a gear hash depend on the last 64 bytes.
constexpr std::uint64_t kStrictMask = ~std::uint64_t(0) << (64 - 22);
constexpr std::uint64_t kLooseMask = ~std::uint64_t(0) << (64 - 18);

}  // namespace

std::size_t Chunker::cut(ByteView data) const {
    const std::size_t n = std::min(data.size(), kMaxSize);
    if (n <= kMinSize) return n;
    const std::uint8_t* p = data.data();
    const std::size_t normal = std::min(kNormalSize, n);
    std::uint64_t hash = 0;
    std::size_t i = kMinSize;
    for (; i < normal; ++i) {
        hash = (hash << 1) + gear_[p[i]];
        if ((hash & kStrictMask) == 0) return i + 1;
    }
    for (; i < n; ++i) {
        hash = (hash << 1) + gear_[p[i]];
        if ((hash & kLooseMask) == 0) return i + 1;
    }
    return n;
}

}  // namespace grove::platform::blob
