// Chunker: content-defined chunk boundaries (FastCDC-style gear hash with normalized chunking),
// keyed per epoch so chunk sizes do not fingerprint known content. 256 KiB min, ~1 MiB, 4 MiB max.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "common/bytes.h"

namespace grove::platform::blob {

class Chunker {
public:
    static constexpr std::size_t kMinSize = 256 * 1024;
    static constexpr std::size_t kNormalSize = 1024 * 1024;
    static constexpr std::size_t kMaxSize = 4 * 1024 * 1024;

    explicit Chunker(const std::array<std::uint64_t, 256>& gear) : gear_(gear) {}

    // The length of the first chunk of `data`: a content-defined cut, or data.size() when no cut
    // is found within kMaxSize (the caller passes at most kMaxSize bytes, fewer only at the end).
    std::size_t cut(ByteView data) const;

private:
    const std::array<std::uint64_t, 256>& gear_;
};

}  // namespace grove::platform::blob
