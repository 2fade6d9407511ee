// CalendarTool: the Calendar tool's entry object — creates CalendarInstances and the
// grove.tools.calendar.v1 gRPC service.
#pragma once

#include <grove/sdk/tool.h>

#include <memory>

namespace grove::tools::calendar {

class CalendarService;

class CalendarTool final : public sdk::Tool {
public:
    CalendarTool();
    ~CalendarTool() override;

    Result<std::unique_ptr<sdk::ToolInstance>> create_instance(sdk::ToolContext& context) override;
    grpc::Service* service(sdk::ToolServiceContext& context) override;

private:
    std::unique_ptr<CalendarService> service_;
};

}  // namespace grove::tools::calendar
