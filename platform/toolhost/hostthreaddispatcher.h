// HostThreadDispatcher: the default ToolHost dispatcher — runs a function on the host thread
// through its Qt event loop and waits for it; runs it directly when already on that thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

class QObject;

namespace grove::platform {

class HostThreadDispatcher {
public:
    // Binds to the calling thread.
    HostThreadDispatcher();
    ~HostThreadDispatcher();

    // Runs `work` on the host thread and returns true once it ran. The host thread must run a
    // Qt event loop (QCoreApplication::exec or processEvents) for calls from other threads to
    // proceed; when it has not started `work` within `timeout` (busy, blocked, shutting down),
    // the call is withdrawn and run returns false — `work` then never runs.
    bool run(const std::function<void()>& work,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));

private:
    std::unique_ptr<QObject> anchor_;  // lives on the host thread; queued calls target it
};

}  // namespace grove::platform
