// FilesTool: the Files tool's entry object — creates FilesInstances, each with its FilesModel.
#pragma once

#include <grove/sdk/tool.h>

namespace grove::tools::files {

class FilesTool final : public sdk::Tool {
public:
    Result<std::unique_ptr<sdk::ToolInstance>> create_instance(sdk::ToolContext& context) override;
};

}  // namespace grove::tools::files
