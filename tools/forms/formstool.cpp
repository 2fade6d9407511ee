#include "formstool.h"

#include "formsinstance.h"
#include "formsservice.h"

namespace grove::tools::forms {

FormsTool::FormsTool() = default;

FormsTool::~FormsTool() = default;

Result<std::unique_ptr<sdk::ToolInstance>> FormsTool::create_instance(sdk::ToolContext& context) {
    return std::unique_ptr<sdk::ToolInstance>(std::make_unique<FormsInstance>(context));
}

grpc::Service* FormsTool::service(sdk::ToolServiceContext& context) {
    if (!service_) service_ = std::make_unique<FormsService>(context);
    return service_.get();
}

}  // namespace grove::tools::forms
