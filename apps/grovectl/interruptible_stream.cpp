#include "interruptible_stream.h"

#include <pthread.h>
#include <signal.h>

#include <thread>

namespace grove::apps::grovectl {

namespace {

sigset_t stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    return signals;
}

}  // namespace

void block_stop_signals() {
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

grpc::Status run_interruptible(grpc::ClientContext& context, std::atomic<bool>& interrupted,
                               const std::function<grpc::Status()>& stream) {
    std::atomic<bool> done{false};
    std::thread stopper([&] {
        const sigset_t signals = stop_signals();
        const timespec tick{0, 200 * 1000 * 1000};
        while (!done.load()) {
            if (sigtimedwait(&signals, nullptr, &tick) > 0) {
                interrupted = true;
                context.TryCancel();
                return;
            }
        }
    });
    const grpc::Status status = stream();
    done = true;
    stopper.join();
    return status;
}

}  // namespace grove::apps::grovectl
