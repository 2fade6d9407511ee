// FormsTool: the Forms tool's entry object — creates FormsInstances and the
// grove.tools.forms.v1 gRPC service.
#pragma once

#include <grove/sdk/tool.h>

#include <memory>

namespace grove::tools::forms {

class FormsService;

class FormsTool final : public sdk::Tool {
public:
    FormsTool();
    ~FormsTool() override;

    Result<std::unique_ptr<sdk::ToolInstance>> create_instance(sdk::ToolContext& context) override;
    grpc::Service* service(sdk::ToolServiceContext& context) override;

private:
    std::unique_ptr<FormsService> service_;
};

}  // namespace grove::tools::forms
