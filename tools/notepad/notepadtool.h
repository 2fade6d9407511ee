// NotepadTool: the Notepad tool's entry object — creates NotepadInstances.
#pragma once

#include <grove/sdk/tool.h>

#include <memory>

namespace grove::tools::notepad {

class NotepadTool final : public sdk::Tool {
public:
    NotepadTool();
    ~NotepadTool() override;

    Result<std::unique_ptr<sdk::ToolInstance>> create_instance(sdk::ToolContext& context) override;
};

}  // namespace grove::tools::notepad
