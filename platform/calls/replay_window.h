// ReplayWindow: which sequence numbers of one stream were already accepted — a sliding window of
// the last 1024 below the highest seen; older or repeated numbers are refused.
#pragma once

#include <bitset>
#include <cstdint>

namespace grove::platform::calls {

class ReplayWindow {
public:
    static constexpr std::uint64_t kSize = 1024;
    enum class Verdict { Fresh, Duplicate, TooOld };
    // Whether `sequence` (≥ 1) may be accepted; does not record it (see accept).
    Verdict check(std::uint64_t sequence) const;
    // Records `sequence` (call only after the frame authenticated).
    void accept(std::uint64_t sequence);
    std::uint64_t highest() const { return highest_; }

private:
    std::uint64_t highest_ = 0;
    std::bitset<kSize> seen_;  // bit (s % kSize) for s in (highest_ - kSize, highest_]
};

}  // namespace grove::platform::calls
