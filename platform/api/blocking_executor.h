// A small fixed pool of worker threads for API calls that block on the Peer (disk, Argon2id).
// gRPC's callback threads only parse, authenticate and queue; the work runs here.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace grove::platform::api {

class BlockingExecutor {
public:
    BlockingExecutor(unsigned threads, std::size_t max_pending);
    ~BlockingExecutor();
    BlockingExecutor(const BlockingExecutor&) = delete;
    BlockingExecutor& operator=(const BlockingExecutor&) = delete;

    // Queues a task; false when `max_pending` tasks are already waiting or after shutdown().
    bool submit(std::function<void()> task);
    // Runs every queued task, then stops and joins the workers. Idempotent.
    void shutdown();

private:
    void work();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    std::vector<std::thread> workers_;
    std::size_t max_pending_;
    bool stopping_ = false;
};

}  // namespace grove::platform::api
