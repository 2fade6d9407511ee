#include "calendartool.h"

#include "calendarinstance.h"
#include "calendarservice.h"

namespace grove::tools::calendar {

CalendarTool::CalendarTool() = default;

CalendarTool::~CalendarTool() = default;

Result<std::unique_ptr<sdk::ToolInstance>> CalendarTool::create_instance(
    sdk::ToolContext& context) {
    return std::unique_ptr<sdk::ToolInstance>(std::make_unique<CalendarInstance>(context));
}

grpc::Service* CalendarTool::service(sdk::ToolServiceContext& context) {
    if (!service_) service_ = std::make_unique<CalendarService>(context);
    return service_.get();
}

}  // namespace grove::tools::calendar
