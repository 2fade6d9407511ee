// HostThreadDispatcher: the default ToolHost dispatcher — runs a function on the host thread
// through its Qt event loop and waits for it; runs it directly when already on that thread.
#pragma once

#include <functional>
#include <memory>

class QObject;

namespace grove::platform {

class HostThreadDispatcher {
public:
    // Binds to the calling thread.
    HostThreadDispatcher();
    ~HostThreadDispatcher();

    // Blocks until `work` ran on the host thread. The host thread must run a Qt event loop
    // (QCoreApplication::exec or processEvents) for calls from other threads to proceed.
    void run(const std::function<void()>& work);

private:
    std::unique_ptr<QObject> anchor_;  // lives on the host thread; queued calls target it
};

}  // namespace grove::platform
