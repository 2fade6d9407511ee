#include "notepadtool.h"

#include "notepadinstance.h"
#include "notepadservice.h"

namespace grove::tools::notepad {

NotepadTool::NotepadTool() = default;

NotepadTool::~NotepadTool() = default;

Result<std::unique_ptr<sdk::ToolInstance>> NotepadTool::create_instance(sdk::ToolContext& context) {
    return std::unique_ptr<sdk::ToolInstance>(std::make_unique<NotepadInstance>(context));
}

}  // namespace grove::tools::notepad

namespace grove::tools::notepad {

grpc::Service* NotepadTool::service(sdk::ToolServiceContext& context) {
    if (!service_) service_ = std::make_unique<NotepadService>(context);
    return service_.get();
}

}  // namespace grove::tools::notepad
