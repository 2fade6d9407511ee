#include "notepadtool.h"

#include "notepadinstance.h"

namespace grove::tools::notepad {

NotepadTool::NotepadTool() = default;

NotepadTool::~NotepadTool() = default;

Result<std::unique_ptr<sdk::ToolInstance>> NotepadTool::create_instance(sdk::ToolContext& context) {
    return std::unique_ptr<sdk::ToolInstance>(std::make_unique<NotepadInstance>(context));
}

}  // namespace grove::tools::notepad
