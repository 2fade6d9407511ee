#include "core/tool_host_thread.h"

#include <future>

#include "core/peer.h"

namespace grove::platform {

ToolHostThread::ToolHostThread(ToolHostOptions options) {
    std::promise<void> ready;
    auto started = ready.get_future();
    thread_ = std::thread([this, options = std::move(options), &ready]() mutable {
        host_ = std::make_unique<ToolHost>(std::move(options));
        host_->set_dispatcher([this](const std::function<void()>& fn) {
            {
                std::lock_guard lock(mutex_);
                if (stopping_) return false;
            }
            call(fn);
            return true;
        });
        host_->scan();
        ready.set_value();
        run({});
    });
    started.wait();
}

ToolHostThread::~ToolHostThread() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ToolHostThread::post(std::function<void()> fn) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(fn));
    }
    wake_.notify_one();
}

void ToolHostThread::call(const std::function<void()>& fn) {
    if (on_thread()) return fn();
    std::promise<void> done;
    auto finished = done.get_future();
    post([&] {
        fn();
        done.set_value();
    });
    finished.wait();
}

void ToolHostThread::attach(Peer& peer) {
    call([&] { peer.attach_tool_host(*host_, [this](std::function<void()> fn) { post(std::move(fn)); }); });
}

void ToolHostThread::run(ToolHostOptions) {
    for (;;) {
        std::function<void()> fn;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) break;  // stopping and drained
            fn = std::move(queue_.front());
            queue_.pop_front();
        }
        fn();
    }
    host_.reset();  // instances and models die on the thread that made them
}

}  // namespace grove::platform
