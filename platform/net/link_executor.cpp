#include "net/link_executor.h"

#include <algorithm>
#include <system_error>

#include "net/thread_start.h"

namespace grove::platform::net {

LinkExecutor& LinkExecutor::shared() {
    // Never destroyed: links may still post while static destructors run at exit.
    static LinkExecutor* executor =
        new LinkExecutor(std::clamp<std::size_t>(std::thread::hardware_concurrency(), 4, 16));
    return *executor;
}

LinkExecutor::LinkExecutor(std::size_t threads) {
    for (std::size_t i = 0; i < threads; ++i) {
        try {
            workers_.push_back(start_thread([this] { work(); }));
        } catch (const std::system_error&) {
            if (workers_.empty()) throw;  // no worker at all: links could not run
            break;                        // fewer workers than asked: slower, still correct
        }
    }
}

LinkExecutor::~LinkExecutor() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
}

void LinkExecutor::post(Task task) {
    {
        std::lock_guard lock(mutex_);
        ready_.push_back(std::move(task));
    }
    cv_.notify_one();
}

void LinkExecutor::post_at(Clock::time_point when, Task task) {
    {
        std::lock_guard lock(mutex_);
        timers_.push(Timer{when, next_order_++, std::move(task)});
    }
    cv_.notify_one();
}

void LinkExecutor::work() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        const auto now = Clock::now();
        while (!timers_.empty() && timers_.top().when <= now) {
            ready_.push_back(std::move(const_cast<Timer&>(timers_.top()).task));
            timers_.pop();
        }
        if (!ready_.empty()) {
            Task task = std::move(ready_.front());
            ready_.pop_front();
            if (!ready_.empty()) cv_.notify_one();
            lock.unlock();
            task();
            task = nullptr;  // what it captured goes before the lock is taken again
            lock.lock();
            continue;
        }
        if (timers_.empty()) {
            cv_.wait(lock);
        } else {
            const auto next = timers_.top().when;  // a copy: the queue changes while waiting
            cv_.wait_until(lock, next);
        }
    }
}

}  // namespace grove::platform::net
