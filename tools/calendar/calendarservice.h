// CalendarService: grove.tools.calendar.v1.CalendarService for integrators — occurrences of a
// range a page at a time, create/update/delete with scopes, answers, iCalendar import/export and
// a stream of changes, over the peer's local API.
#pragma once

#include <grove/sdk/toolservicecontext.h>
#include <grove/sdk/toolwatch.h>

#include "grove/tools/calendar/v1/calendar_service.grpc.pb.h"

namespace grove::tools::calendar {

class CalendarService final : public grove::tools::calendar::v1::CalendarService::Service {
public:
    explicit CalendarService(sdk::ToolServiceContext& context)
        : context_(context), watches_(context, &CalendarService::attach_watch) {}

    grpc::Status ListEvents(grpc::ServerContext* call, const v1::ListEventsRequest* request,
                            v1::ListEventsResponse* response) override;
    grpc::Status CreateEvent(grpc::ServerContext* call, const v1::CreateEventRequest* request,
                             v1::EventResponse* response) override;
    grpc::Status UpdateEvent(grpc::ServerContext* call, const v1::UpdateEventRequest* request,
                             v1::EventResponse* response) override;
    grpc::Status DeleteEvent(grpc::ServerContext* call, const v1::DeleteEventRequest* request,
                             v1::DeleteEventResponse* response) override;
    grpc::Status Respond(grpc::ServerContext* call, const v1::RespondRequest* request,
                         v1::RespondResponse* response) override;
    grpc::Status ImportIcs(grpc::ServerContext* call, const v1::ImportIcsRequest* request,
                           v1::ImportIcsResponse* response) override;
    grpc::Status ExportIcs(grpc::ServerContext* call, const v1::ExportIcsRequest* request,
                           v1::ExportIcsResponse* response) override;
    grpc::Status Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                       grpc::ServerWriter<v1::CalendarEvent>* writer) override;

private:
    using Watches = sdk::ToolWatchStreams<v1::CalendarEvent>;
    // Turns the instance's changes into events for every Watch of it.
    static void attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                             Watches::Closed closed);

    sdk::ToolServiceContext& context_;
    Watches watches_;
};

}  // namespace grove::tools::calendar
