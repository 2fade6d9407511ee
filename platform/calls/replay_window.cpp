#include "calls/replay_window.h"

namespace grove::platform::calls {

ReplayWindow::Verdict ReplayWindow::check(std::uint64_t sequence) const {
    if (sequence > highest_) return Verdict::Fresh;
    if (highest_ - sequence >= kSize) return Verdict::TooOld;
    return seen_.test(sequence % kSize) ? Verdict::Duplicate : Verdict::Fresh;
}

void ReplayWindow::accept(std::uint64_t sequence) {
    if (sequence > highest_) {
        const std::uint64_t advance = sequence - highest_;
        if (advance >= kSize) {
            seen_.reset();
        } else {
            for (std::uint64_t s = highest_ + 1; s <= sequence; ++s) seen_.reset(s % kSize);
        }
        highest_ = sequence;
    }
    seen_.set(sequence % kSize);
}

}  // namespace grove::platform::calls
