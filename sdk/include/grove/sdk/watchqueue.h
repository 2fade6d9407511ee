// WatchQueue: for a tool's gRPC Watch calls — a bounded, thread-safe queue between the host thread
// (which pushes changes) and a gRPC Watch handler (which waits for them); it remembers overflow, the source closing, and the
// reader leaving — so neither side ever has to wait for the other.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace grove::sdk {

template <class T>
class WatchQueue {
public:
    explicit WatchQueue(std::size_t capacity) : capacity_(capacity) {}

    void push(T item) {
        {
            std::lock_guard lock(mutex_);
            if (items_.size() >= capacity_) {
                overflowed_ = true;
            } else {
                items_.push_back(std::move(item));
            }
        }
        ready_.notify_one();
    }

    std::optional<T> pop_for(std::chrono::milliseconds wait) {
        std::unique_lock lock(mutex_);
        if (!ready_.wait_for(lock, wait, [&] { return !items_.empty() || closed_; }))
            return std::nullopt;
        if (items_.empty()) return std::nullopt;
        T item = std::move(items_.front());
        items_.pop_front();
        return item;
    }

    bool overflowed() const {
        std::lock_guard lock(mutex_);
        return overflowed_;
    }

    // The source is gone (e.g. the instance was removed): nothing more will come.
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        ready_.notify_one();
    }
    bool closed() const {
        std::lock_guard lock(mutex_);
        return closed_ && items_.empty();
    }

    // The reader is gone: the source should stop pushing and forget the queue.
    void abandon() {
        std::lock_guard lock(mutex_);
        abandoned_ = true;
    }
    bool abandoned() const {
        std::lock_guard lock(mutex_);
        return abandoned_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<T> items_;
    std::size_t capacity_;
    bool overflowed_ = false;
    bool closed_ = false;
    bool abandoned_ = false;
};

}  // namespace grove::sdk
