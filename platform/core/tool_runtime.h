// ToolRuntime: connects the platform core to the ToolHost. The core reports tool events (instance
// added/renamed/removed, operation applied) from any thread; they run on the host's thread in
// order.
#pragma once

#include <grove/sdk/operation.h>

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "core/space.h"
#include "crypto/keys.h"
#include "toolhost/toolhost.h"

namespace grove::platform {

class ToolRuntime {
public:
    // Runs a function on the host thread later (asynchronously).
    using Post = std::function<void(std::function<void()>)>;
    // Must be constructed on the host thread (the thread that created `host`).
    ToolRuntime(ToolHost& host, Post post);

    ToolHost& host() { return host_; }
    bool on_host_thread() const { return std::this_thread::get_id() == host_thread_; }

    // ---- any thread (the core calls these under the peer's lock) ----
    void on_event(const SpaceId& space, const ToolEvent& event);
    // Forgets every instance (the account was locked).
    void reset();
    // Forgets the instances of one space (it was left or removed).
    void reset_space(const SpaceId& space);
    // Has the queue drained on the host thread soon.
    void schedule();
    // Hands an ephemeral message from another device to the instance's tool
    // (ToolInstance::receive_ephemeral), on the host thread; dropped if the instance is not
    // running by then. Not queued behind the tool events: ephemeral messages are unordered.
    // `received_ms` is the Peer's clock at arrival.
    void deliver_ephemeral(const InstanceAddress& address, const crypto::SignPublicKey& device,
                           const crypto::SignPublicKey& identity, std::string payload,
                           std::int64_t received_ms);

    // Runs `fn` on the host thread and waits for it. Never call with the peer's lock held.
    void call_on_host(const std::function<void()>& fn);
    // ToolHost::enable on the host thread; the instances it starts report their new status and
    // digest. Answers with the tool's status after the rescan. Never with the peer's lock held.
    Result<ToolStatus> enable(const std::string& tool_id);

    // ---- host thread ----
    // Applies every queued event in order; refreshes digests and statuses.
    void drain();

    // ---- any thread: what the host thread last reported ----
    std::optional<crypto::Hash> digest(const InstanceAddress& address) const;
    std::optional<InstanceStatus> status(const InstanceAddress& address) const;

    static InstanceAddress address(const SpaceId& space, const ToolInstanceId& instance);

    // Creates the bridge a new instance gets (set by the peer).
    using BridgeFactory = std::function<std::unique_ptr<InstanceBridge>(const InstanceAddress&)>;
    void set_bridge_factory(BridgeFactory factory) { bridge_factory_ = std::move(factory); }

private:
    struct Command {
        enum class Kind {
            Added,
            Renamed,
            Removed,
            Operation,
            MembersChanged,
            Reset,
            ResetSpace
        } kind;
        InstanceAddress address;
        ToolInstanceRecord record;
        sdk::Operation operation;  // payload points into `payload`
        Bytes payload;
    };
    void refresh(const InstanceAddress& address);

    ToolHost& host_;
    Post post_;
    std::thread::id host_thread_;
    BridgeFactory bridge_factory_;

    mutable std::mutex mutex_;
    std::deque<Command> queue_;
    bool scheduled_ = false;
    bool draining_ = false;
    std::map<InstanceAddress, crypto::Hash> digests_;
    std::map<InstanceAddress, InstanceStatus> statuses_;
};

}  // namespace grove::platform
