#include "common/allocator_tuning.h"

#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace grove {

void tune_allocator() {
#if defined(__GLIBC__)
    // An explicit MALLOC_ARENA_MAX in the environment is the operator's choice: keep it.
    if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, 2);
#endif
}

}  // namespace grove
