#include "toolhost/hostthreaddispatcher.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>

namespace grove::platform {

HostThreadDispatcher::HostThreadDispatcher() : anchor_(std::make_unique<QObject>()) {}

HostThreadDispatcher::~HostThreadDispatcher() = default;

void HostThreadDispatcher::run(const std::function<void()>& work) {
    if (QThread::currentThread() == anchor_->thread()) {
        work();
        return;
    }
    QMetaObject::invokeMethod(
        anchor_.get(), [&work] { work(); }, Qt::BlockingQueuedConnection);
}

}  // namespace grove::platform
