// Process hardening for every Grove program that holds keys: no core dumps (a crash must not
// write secret keys or plaintext to disk) and no ptrace attach by other processes of the user.
#pragma once

#include <string>

namespace grove {

// Sets RLIMIT_CORE to 0 and PR_SET_DUMPABLE to 0. Returns an empty string, or what failed.
std::string harden_process();

}  // namespace grove
