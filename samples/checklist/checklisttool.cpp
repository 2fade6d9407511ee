// ChecklistTool: the Checklist library's entry object, exported to the Grove host with
// GROVE_TOOL_EXPORT (the SDK ABI entry point first, then this factory).
#include <grove/sdk/tool.h>

#include "checklistinstance.h"

namespace example::checklist {

class ChecklistTool final : public grove::sdk::Tool {
public:
    grove::Result<std::unique_ptr<grove::sdk::ToolInstance>> create_instance(
        grove::sdk::ToolContext& context) override {
        return std::unique_ptr<grove::sdk::ToolInstance>(
            std::make_unique<ChecklistInstance>(context));
    }
};

}  // namespace example::checklist

GROVE_TOOL_EXPORT(example::checklist::ChecklistTool)
