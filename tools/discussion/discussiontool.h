// DiscussionTool: the Discussion tool's entry object — creates DiscussionInstances and the
// grove.tools.discussion.v1 gRPC service.
#pragma once

#include <grove/sdk/tool.h>

#include <memory>

namespace grove::tools::discussion {

class DiscussionService;

class DiscussionTool final : public sdk::Tool {
public:
    DiscussionTool();
    ~DiscussionTool() override;

    Result<std::unique_ptr<sdk::ToolInstance>> create_instance(sdk::ToolContext& context) override;
    grpc::Service* service(sdk::ToolServiceContext& context) override;

private:
    std::unique_ptr<DiscussionService> service_;
};

}  // namespace grove::tools::discussion
