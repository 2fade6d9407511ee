#include "common/process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace grove {

std::string harden_process() {
    std::string failed;
    rlimit none{0, 0};
    if (::setrlimit(RLIMIT_CORE, &none) != 0)
        failed += std::string("setrlimit(RLIMIT_CORE): ") + std::strerror(errno) + "; ";
    // Also keeps /proc/PID/mem and ptrace away from other processes of the same user.
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        failed += std::string("prctl(PR_SET_DUMPABLE): ") + std::strerror(errno);
    return failed;
}

}  // namespace grove
