// LinkExecutor: the fixed pool of threads that runs every link's work in a process (handshakes,
// received messages, pumps, anti-entropy ticks) plus a timer queue, so threads do not grow with
// links.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace grove::platform::net {

class LinkExecutor {
public:
    using Clock = std::chrono::steady_clock;
    using Task = std::function<void()>;

    // The process's executor, started on first use: max(4, cores) threads, at most 16.
    static LinkExecutor& shared();

    // Starts `threads` workers (at least one must start, or this throws std::system_error).
    explicit LinkExecutor(std::size_t threads);
    ~LinkExecutor();
    LinkExecutor(const LinkExecutor&) = delete;
    LinkExecutor& operator=(const LinkExecutor&) = delete;

    void post(Task task);
    // Runs `task` on a worker once `when` has passed.
    void post_at(Clock::time_point when, Task task);
    std::size_t threads() const { return workers_.size(); }

private:
    void work();

    struct Timer {
        Clock::time_point when;
        std::uint64_t order;  // FIFO among equal deadlines
        Task task;
        bool operator>(const Timer& o) const {
            return when != o.when ? when > o.when : order > o.order;
        }
    };
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Task> ready_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::uint64_t next_order_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace grove::platform::net
