// HostedServiceContext: the sdk::ToolServiceContext a tool's gRPC service gets — reaches that
// tool's running instances from gRPC threads by dispatching onto the host thread.
#pragma once

#include <grove/sdk/toolservicecontext.h>

#include <string>

#include "toolhost/toolhost.h"

namespace grove::platform {

class HostedServiceContext final : public sdk::ToolServiceContext {
public:
    // Only instances run by `tool_id` are visible.
    HostedServiceContext(ToolHost::Private& host, std::string tool_id);

    Result<void> authorize(const grpc::ServerContextBase& call) override;
    Result<void> authorize_access(const grpc::ServerContextBase& call, CallAccess access) override;
    Result<void> with_instance(std::string_view space_id, std::string_view instance_id,
                               const std::function<void(sdk::ToolInstance&)>& work) override;
    std::vector<InstanceEntry> instances() override;

private:
    ToolHost::Private& host_;
    std::string tool_id_;
};

}  // namespace grove::platform
