#include "filestool.h"

#include "filesinstance.h"
#include "filesservice.h"

namespace grove::tools::files {

FilesTool::FilesTool() = default;

FilesTool::~FilesTool() = default;

Result<std::unique_ptr<sdk::ToolInstance>> FilesTool::create_instance(sdk::ToolContext& context) {
    return std::unique_ptr<sdk::ToolInstance>(std::make_unique<FilesInstance>(context));
}

grpc::Service* FilesTool::service(sdk::ToolServiceContext& context) {
    if (!service_) service_ = std::make_unique<FilesService>(context);
    return service_.get();
}

}  // namespace grove::tools::files
