#include "sketchtool.h"

#include "sketchinstance.h"
#include "sketchservice.h"

namespace grove::tools::sketchpad {

SketchTool::SketchTool() = default;

SketchTool::~SketchTool() = default;

Result<std::unique_ptr<sdk::ToolInstance>> SketchTool::create_instance(sdk::ToolContext& context) {
    return std::unique_ptr<sdk::ToolInstance>(std::make_unique<SketchInstance>(context));
}

grpc::Service* SketchTool::service(sdk::ToolServiceContext& context) {
    if (!service_) service_ = std::make_unique<SketchService>(context);
    return service_.get();
}

}  // namespace grove::tools::sketchpad
