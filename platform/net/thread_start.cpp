#include "net/thread_start.h"

#include <atomic>
#include <system_error>

namespace grove::platform::net {

namespace {
std::atomic<bool> fail_starts{false};
}

std::thread start_thread(std::function<void()> body) {
    if (fail_starts.load())
        throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again),
                                "thread limit reached");
    return std::thread(std::move(body));
}

void fail_thread_starts_for_testing(bool fail) {
    fail_starts.store(fail);
}

}  // namespace grove::platform::net
