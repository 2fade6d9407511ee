// wipe(): overwrites a string that held a secret (a passphrase from a request) before it is freed.
// Best effort — gRPC's own buffers are outside our reach — but it shortens the secret's lifetime.
#pragma once

#include <sodium.h>

#include <string>

namespace grove::platform::api {

inline void wipe(std::string* secret) {
    if (secret == nullptr || secret->empty()) return;
    sodium_memzero(secret->data(), secret->size());
    secret->clear();
}

}  // namespace grove::platform::api
