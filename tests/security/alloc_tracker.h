// Records the largest single heap allocation made while an AllocScope is alive (any thread), so
// tests can prove that hostile input is rejected without allocating what it declares.
#pragma once

#include <cstddef>

namespace grove::test {

std::size_t largest_allocation_since_reset();
void reset_allocation_tracking(bool on);

class AllocScope {
public:
    AllocScope() { reset_allocation_tracking(true); }
    ~AllocScope() { reset_allocation_tracking(false); }
    std::size_t largest() const { return largest_allocation_since_reset(); }
};

}  // namespace grove::test
