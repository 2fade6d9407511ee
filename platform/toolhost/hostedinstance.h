// HostedInstance: one tool instance inside the host — its status, the core's bridge, the
// context given to the tool, the tool's model, and the operations kept while it cannot run.
#pragma once

#include <grove/sdk/blobstore.h>
#include <grove/sdk/ephemeralmessage.h>
#include <grove/sdk/notification.h>
#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "toolhost/instancebridge.h"
#include "toolhost/instancestatus.h"
#include "toolhost/keptoperation.h"
#include "toolhost/toolhost.h"

class QObject;
namespace grove::sdk {
class ToolInstance;
}

namespace grove::platform {

class HostedToolContext;
class ToolSpec;

class HostedInstance {
public:
    using Observer = std::function<void(const InstanceStatus&)>;

    // Starts as a placeholder with `message`; open() makes it run.
    HostedInstance(const NewToolInstance& info, std::unique_ptr<InstanceBridge> bridge,
                   sdk::BlobStore& fallback_blobs, const Observer& observer);
    ~HostedInstance();
    HostedInstance(const HostedInstance&) = delete;
    HostedInstance& operator=(const HostedInstance&) = delete;

    const InstanceStatus& status() const { return status_; }
    bool running() const { return status_.state == InstanceState::Running; }
    // Whether open(spec) is worth trying: the instance never ran and `spec` has not failed on it.
    bool could_open_with(const ToolSpec& spec) const;
    // The tool spec running the instance (or that failed on it), else null.
    const ToolSpec* spec() const { return spec_; }

    // Creates the tool's model through `spec` (running), restores the kept snapshot and replays
    // the kept operations. On an error or exception the instance becomes Failed; returns whether
    // it runs.
    bool open(ToolSpec& spec);
    void set_placeholder(std::string message);

    Result<void> apply(const sdk::Operation& operation);
    Result<sdk::Digest> digest();
    Result<sdk::Bytes> snapshot();
    Result<void> restore(sdk::ByteView snapshot);
    void rename(const std::string& name);
    void deliver_ephemeral(const sdk::EphemeralMessage& message);
    void members_changed();
    // The model while running, else null.
    QObject* model();
    // The tool's instance object while running, else null (for ToolServiceContext).
    sdk::ToolInstance* tool_instance() { return running() ? instance_.get() : nullptr; }

    InstanceBridge& bridge() { return *bridge_; }
    sdk::BlobStore& blobs();
    // Called by the host before the instance is destroyed: submit() refuses from then on.
    void mark_removed();
    bool removed() const { return removed_; }
    // Status changes reach the observer only after this (the host reports the addition itself).
    void start_notifying() { notifying_ = true; }

    // ToolContext::notify goes here (set by the host once, right after construction).
    using Notifier = std::function<Result<bool>(const sdk::Notification&)>;
    void set_notifier(Notifier notifier) { notifier_ = std::move(notifier); }
    Result<bool> notify_person(const sdk::Notification& notification);

private:
    void fail(std::string message);
    void notify();

    InstanceStatus status_;
    std::unique_ptr<InstanceBridge> bridge_;
    Notifier notifier_;
    sdk::BlobStore& fallback_blobs_;
    const Observer& observer_;
    std::unique_ptr<HostedToolContext> context_;
    // Declared after the context and bridge: destroyed first. Its deleter keeps the library.
    std::shared_ptr<sdk::ToolInstance> instance_;
    const ToolSpec* spec_ = nullptr;
    std::vector<const ToolSpec*> failed_specs_;
    bool ever_ran_ = false;
    bool removed_ = false;
    bool notifying_ = false;
    std::optional<sdk::Bytes> kept_snapshot_;
    std::vector<KeptOperation> kept_;
};

}  // namespace grove::platform
