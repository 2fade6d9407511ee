// SketchTool: the Sketchpad tool's entry object — creates SketchInstances and the
// grove.tools.sketchpad.v1 gRPC service.
#pragma once

#include <grove/sdk/tool.h>

#include <memory>

namespace grove::tools::sketchpad {

class SketchService;

class SketchTool final : public sdk::Tool {
public:
    SketchTool();
    ~SketchTool() override;

    Result<std::unique_ptr<sdk::ToolInstance>> create_instance(sdk::ToolContext& context) override;
    grpc::Service* service(sdk::ToolServiceContext& context) override;

private:
    std::unique_ptr<SketchService> service_;
};

}  // namespace grove::tools::sketchpad
