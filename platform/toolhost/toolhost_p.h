// ToolHost::Private: the host's internals — tool specs, hosted instances, the fallback blob
// store and the dispatcher — shared with HostedServiceContext. Not part of the seam.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "toolhost/crashguard.h"
#include "toolhost/disabledtools.h"
#include "toolhost/hostedinstance.h"
#include "toolhost/hostthreaddispatcher.h"
#include "toolhost/memoryblobstore.h"
#include "toolhost/notificationledger.h"
#include "toolhost/toolhost.h"
#include "toolhost/toolspec.h"

namespace grove::platform {

class ToolHost::Private {
public:
    ToolHostOptions options;
    std::unique_ptr<CrashGuard> crash_guard = std::make_unique<CrashGuard>();
    DisabledTools disabled;
    std::vector<std::unique_ptr<ToolSpec>> specs;
    MemoryBlobStore blobs;
    HostedInstance::Observer observer;
    HostedInstance::Observer removal_observer;  // before an instance is destroyed
    HostThreadDispatcher default_dispatcher;
    Dispatcher dispatcher;
    CallAuthorizer authorizer;
    NotificationLedger notifications;
    std::function<void(const ToolNotification&)> notification_sink;
    // Declared last: instances (and the models in them) go before everything above.
    std::map<InstanceAddress, std::unique_ptr<HostedInstance>> instances;

    HostedInstance* find(const InstanceAddress& address) const;
    // The running spec for `tool_id`, or null.
    ToolSpec* running_spec(std::string_view tool_id) const;
    // The spec that speaks for `tool_id` (running, else the best non-duplicate), or null.
    ToolSpec* spec_for(std::string_view tool_id) const;
    // "needs Discussion ≥ 1.2 (…why…)" for an instance no running tool can open.
    std::string placeholder_message(const HostedInstance& instance) const;
    // Opens the instance if a running tool provides its required version, else explains why not.
    void open_or_explain(HostedInstance& instance);
    // False when the work could not be run on the host thread (it then never runs).
    bool dispatch(const std::function<void()>& work);
    // ToolContext::notify for `instance`: shown through the sink once per key.
    Result<bool> notify(const HostedInstance& instance, const sdk::Notification& notification);
};

}  // namespace grove::platform
