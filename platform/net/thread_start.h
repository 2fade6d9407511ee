// Starting the network layer's threads, with a switch that makes it fail the way it does when
// the process has reached its thread limit (std::system_error), so tests can exhaust it at will.
#pragma once

#include <functional>
#include <thread>

namespace grove::platform::net {

// Starts `body` on a new thread; throws std::system_error (resource_unavailable_try_again)
// when the thread cannot be created — always while failures are switched on.
std::thread start_thread(std::function<void()> body);

// Tests: while true, start_thread() fails as if the thread limit were reached.
void fail_thread_starts_for_testing(bool fail);

}  // namespace grove::platform::net
