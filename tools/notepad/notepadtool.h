// NotepadTool: the Notepad tool's entry object — creates NotepadInstances and the
// grove.tools.notepad.v1 gRPC service.
#pragma once

#include <grove/sdk/tool.h>

#include <memory>

namespace grove::tools::notepad {

class NotepadService;

class NotepadTool final : public sdk::Tool {
public:
    NotepadTool();
    ~NotepadTool() override;

    Result<std::unique_ptr<sdk::ToolInstance>> create_instance(sdk::ToolContext& context) override;
    grpc::Service* service(sdk::ToolServiceContext& context) override;

private:
    std::unique_ptr<NotepadService> service_;
};

}  // namespace grove::tools::notepad
