#include "filestool.h"

#include "filesinstance.h"

namespace grove::tools::files {

Result<std::unique_ptr<sdk::ToolInstance>> FilesTool::create_instance(sdk::ToolContext& context) {
    return std::unique_ptr<sdk::ToolInstance>(std::make_unique<FilesInstance>(context));
}

}  // namespace grove::tools::files
