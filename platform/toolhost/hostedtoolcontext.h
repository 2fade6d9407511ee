// HostedToolContext: the sdk::ToolContext a tool instance sees — forwards to the core's
// InstanceBridge after the host's own checks (instance running, size limits, write permission).
#pragma once

#include <grove/sdk/toolcontext.h>

namespace grove::platform {

class HostedInstance;

class HostedToolContext final : public sdk::ToolContext {
public:
    explicit HostedToolContext(HostedInstance& instance) : instance_(instance) {}

    sdk::SpaceId space_id() const override;
    sdk::InstanceId instance_id() const override;
    std::string instance_name() const override;
    Result<sdk::OpId> submit(sdk::ByteView operation) override;
    sdk::LocalMember me() const override;
    std::vector<sdk::Member> members() const override;
    bool permits(const sdk::IdentityId& who, sdk::Permission what) const override;
    Result<void> send_ephemeral(sdk::ByteView payload) override;
    sdk::BlobStore& blobs() override;
    void log(sdk::LogLevel level, std::string_view message) override;
    Result<bool> notify(const sdk::Notification& notification) override;

private:
    HostedInstance& instance_;
};

}  // namespace grove::platform
