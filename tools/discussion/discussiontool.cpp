#include "discussiontool.h"

#include "discussioninstance.h"
#include "discussionservice.h"

namespace grove::tools::discussion {

DiscussionTool::DiscussionTool() = default;

DiscussionTool::~DiscussionTool() = default;

Result<std::unique_ptr<sdk::ToolInstance>> DiscussionTool::create_instance(
    sdk::ToolContext& context) {
    return std::unique_ptr<sdk::ToolInstance>(std::make_unique<DiscussionInstance>(context));
}

grpc::Service* DiscussionTool::service(sdk::ToolServiceContext& context) {
    if (!service_) service_ = std::make_unique<DiscussionService>(context);
    return service_.get();
}

}  // namespace grove::tools::discussion
