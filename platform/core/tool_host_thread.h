// ToolHostThread: a dedicated thread that owns a ToolHost and runs posted work in order, for
// processes without a Qt GUI loop (groved, tests). The desktop app uses its GUI thread instead.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "toolhost/toolhost.h"

namespace grove::platform {

class Peer;

class ToolHostThread {
public:
    // Starts the thread, creates the host there and scans the search path.
    explicit ToolHostThread(ToolHostOptions options = {});
    // Drains what is queued, destroys the host on its thread, joins.
    ~ToolHostThread();
    ToolHostThread(const ToolHostThread&) = delete;
    ToolHostThread& operator=(const ToolHostThread&) = delete;

    void post(std::function<void()> fn);
    // Runs `fn` on the host thread and waits (runs inline when already there).
    void call(const std::function<void()>& fn);
    bool on_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

    // Valid on the host thread (and through call()).
    ToolHost& host() { return *host_; }

    // Attaches the host to `peer` (before unlock): tool events then run on this thread.
    void attach(Peer& peer);

private:
    void run(ToolHostOptions options);

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::unique_ptr<ToolHost> host_;
    std::thread thread_;
};

}  // namespace grove::platform
