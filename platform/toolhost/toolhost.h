// ToolHost: the half of the tool seam the platform core calls — discovers and loads tools, and
// creates, drives and isolates their instances (the core's entry point for DELTA_KIND_TOOL).
#pragma once

#include <grove/sdk/ephemeralmessage.h>
#include <grove/sdk/notification.h>
#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>
#include <grove/sdk/toolservicecontext.h>
#include <grove/sdk/types.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "toolhost/instanceaddress.h"
#include "toolhost/instancebridge.h"
#include "toolhost/instancestatus.h"
#include "toolhost/toolstatus.h"

class QObject;
namespace grpc {
class ServerContextBase;
class Service;
}  // namespace grpc

namespace grove::platform {

// What an AddToolInstance space delta says, as the core hands it over.
struct NewToolInstance {
    InstanceAddress address;
    std::string tool_id;
    std::string name;
    std::string required_version;  // AddToolInstance.min_version
};

// A notification a tool instance asked to show, once per key (see ToolContext::notify).
struct ToolNotification {
    InstanceStatus instance;
    sdk::Notification notification;
};

struct ToolHostOptions {
    // Directories searched for tools, highest priority first. Empty: ToolSearchPath::standard()
    // (GROVE_TOOL_PATH, the user's tool directory, the built-in directory).
    std::vector<std::filesystem::path> search_path;
    // Where the host keeps its crash guard (tool-crash-guard) and the tools it disabled
    // (tools-disabled): the profile directory. Empty: a tool that crashes the process is not
    // recognised at the next start.
    std::filesystem::path state_directory{};
};

// Thread affinity: a ToolHost and every instance in it belong to the thread that created the
// host (the "host thread": the GUI thread in the app, since models feed QML). The core calls
// every method below on that thread. Only the gRPC services registered from services() are
// called elsewhere; they reach instances through the dispatcher (see set_dispatcher).
//
// Isolation: every call into tool code is guarded; an exception becomes an error on that tool
// or instance (state Failed, with the text), never an exception out of ToolHost. A crash (a
// segmentation fault, an abort) cannot be caught: with a state directory, the host notes which
// tool it is calling into before each call, and at the next start disables the tool the process
// died in ("crashed during apply on …"), so Grove starts without it; enable() undoes that.
// Libraries are never unloaded while the process lives.
class ToolHost {
public:
    explicit ToolHost(ToolHostOptions options = {});
    ~ToolHost();
    ToolHost(const ToolHost&) = delete;
    ToolHost& operator=(const ToolHost&) = delete;

    // ---- tools ----
    // Reads every manifest on the search path without running tool code, resolves them (ABI,
    // versions, duplicate ids: the highest version wins, then the earlier directory), loads and
    // starts those that can run. Call again after installing a tool: new tools start, and
    // placeholder instances they can open are created and replay their kept operations.
    // Returns the instances that started running during this call.
    std::vector<InstanceAddress> scan();
    std::vector<ToolStatus> tools() const;
    // Lets a disabled tool (one that crashed the process) load again, and rescans: it starts,
    // and its instances open (returned, like scan()). NotFound when `tool_id` is not disabled;
    // an error writing the profile's list is returned as is.
    Result<std::vector<InstanceAddress>> enable(std::string_view tool_id);
    std::optional<ToolStatus> tool(std::string_view tool_id) const;
    // What to write as AddToolInstance.min_version when this peer adds an instance of the tool:
    // the running tool's compat version (so every version that can stand in for it opens it).
    // NotFound / FailedPrecondition when the tool is not installed / not running.
    Result<std::string> version_for_new_instance(std::string_view tool_id) const;

    // ---- instances: core → tool ----
    // For every AddToolInstance applied, in causal order (and again for each live instance when
    // the peer starts). Never fails: an instance no running tool can open becomes a placeholder
    // (operations kept for replay), one whose tool throws becomes Failed. AlreadyExists when the
    // address is taken. The host owns `bridge` until remove_instance or its own destruction.
    Result<InstanceStatus> add_instance(const NewToolInstance& instance,
                                        std::unique_ptr<InstanceBridge> bridge);
    Result<void> rename_instance(const InstanceAddress& address, const std::string& name);
    // Destroys the model and the bridge. Views showing model() must be closed before: the
    // removal observer (set_removal_observer) is called first, while the model still lives.
    Result<void> remove_instance(const InstanceAddress& address);

    // For every applied DELTA_KIND_TOOL delta whose target is the instance, in causal order,
    // local ones included. A tool's error return (a deterministic rejection) comes back as is;
    // NotFound for an unknown address. A placeholder keeps a copy of the operation and returns
    // success; a tool that throws fails its instance (FailedPrecondition now and afterwards).
    Result<void> apply(const InstanceAddress& address, const sdk::Operation& operation);

    // FailedPrecondition unless running. The digest covers the tool's state only.
    Result<sdk::Digest> digest(const InstanceAddress& address) const;
    Result<sdk::Bytes> snapshot(const InstanceAddress& address) const;
    Result<void> restore(const InstanceAddress& address, sdk::ByteView snapshot);

    void deliver_ephemeral(const InstanceAddress& address, const sdk::EphemeralMessage& message);
    void members_changed(const sdk::SpaceId& space);

    std::optional<InstanceStatus> instance(const InstanceAddress& address) const;
    // Every instance of a space (all spaces when `space` is nullopt), ordered by address.
    std::vector<InstanceStatus> instances(std::optional<sdk::SpaceId> space = std::nullopt) const;

    // ---- views and services ----
    // The object a view gets as its `tool` property; nullptr unless running.
    QObject* model(const InstanceAddress& address);
    // The qrc URL of the instance's view `view_id` (the first view when empty), from the
    // manifest of the tool that runs it.
    Result<std::string> view_url(const InstanceAddress& address,
                                 std::string_view view_id = {}) const;
    // The gRPC services of running tools (created on first call, owned by their tools), to
    // register on the local API's grpc::ServerBuilder before it starts.
    std::vector<grpc::Service*> services();

    // Runs a function on the host thread and returns true after it ran, or false when it could
    // not be run (then it never runs). Services call it from gRPC threads. The default posts to
    // the host thread's Qt event loop (a QCoreApplication must run there), runs directly when
    // already on it, and gives up after 10 s; a core without a Qt loop installs its own.
    // Stop the API server (so no service call is running) before destroying the host.
    using Dispatcher = std::function<bool(const std::function<void()>&)>;
    void set_dispatcher(Dispatcher dispatcher);

    // Decides whether a call to a tool's service may proceed (the local API's token check), by
    // what the call does (reads or writes, which space). Without one every call is refused
    // (Unauthenticated): services are closed by default.
    using CallAuthorizer = std::function<Result<void>(
        const grpc::ServerContextBase& call, const sdk::ToolServiceContext::CallAccess& access)>;
    void set_call_authorizer(CallAuthorizer authorizer);

    // Called (on the host thread) whenever an instance's status changes: added, renamed,
    // removed (state as before, message "removed"), failed, or started after a scan.
    void set_instance_observer(std::function<void(const InstanceStatus&)> observer);
    // Called (on the host thread) by remove_instance just before the instance is destroyed,
    // while model(address) is still valid and no longer accepts submits: close the views that
    // show the model here. The instance observer then reports "removed" after the fact. Not
    // called when the host itself is destroyed. Must not add or remove instances.
    void set_removal_observer(std::function<void(const InstanceStatus&)> observer);
    // Called (on the host thread) with each notification a tool asks to show that this device
    // has not shown before (the host remembers keys in the state directory). Without a sink the
    // host writes it to standard error, as a headless peer's log.
    void set_notification_sink(std::function<void(const ToolNotification&)> sink);

    class Private;

private:
    std::unique_ptr<Private> d;
};

}  // namespace grove::platform
