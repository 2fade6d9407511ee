#include "toolhost/hostthreaddispatcher.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>
#include <condition_variable>
#include <mutex>

namespace grove::platform {
namespace {

// Shared between the waiting thread and the queued call, which may outlive the wait.
struct PendingCall {
    enum class Stage { Pending, Running, Done, Withdrawn };
    std::mutex mutex;
    std::condition_variable changed;
    Stage stage = Stage::Pending;
    std::function<void()> work;
};

}  // namespace

HostThreadDispatcher::HostThreadDispatcher() : anchor_(std::make_unique<QObject>()) {}

HostThreadDispatcher::~HostThreadDispatcher() = default;

bool HostThreadDispatcher::run(const std::function<void()>& work,
                               std::chrono::milliseconds timeout) {
    if (QThread::currentThread() == anchor_->thread()) {
        work();
        return true;
    }
    auto call = std::make_shared<PendingCall>();
    call->work = work;
    QMetaObject::invokeMethod(
        anchor_.get(),
        [call] {
            {
                std::lock_guard lock(call->mutex);
                if (call->stage != PendingCall::Stage::Pending) return;  // withdrawn
                call->stage = PendingCall::Stage::Running;
            }
            call->work();
            {
                std::lock_guard lock(call->mutex);
                call->stage = PendingCall::Stage::Done;
            }
            call->changed.notify_all();
        },
        Qt::QueuedConnection);
    std::unique_lock lock(call->mutex);
    if (!call->changed.wait_for(lock, timeout,
                                [&] { return call->stage != PendingCall::Stage::Pending; })) {
        call->stage = PendingCall::Stage::Withdrawn;
        return false;
    }
    // Started: it cannot be withdrawn any more, wait for it to finish.
    call->changed.wait(lock, [&] { return call->stage == PendingCall::Stage::Done; });
    return true;
}

}  // namespace grove::platform
