// FilesTool: the Files tool's entry object — creates FilesInstances, each with its FilesModel, and
// the grove.tools.files.v1 gRPC service.
#pragma once

#include <grove/sdk/tool.h>

#include <memory>

namespace grove::tools::files {

class FilesService;

class FilesTool final : public sdk::Tool {
public:
    FilesTool();
    ~FilesTool() override;

    Result<std::unique_ptr<sdk::ToolInstance>> create_instance(sdk::ToolContext& context) override;
    grpc::Service* service(sdk::ToolServiceContext& context) override;

private:
    std::unique_ptr<FilesService> service_;
};

}  // namespace grove::tools::files
