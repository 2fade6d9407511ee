#include "calendarservice.h"

#include <grove/sdk/grpcstatus.h>
#include <grove/sdk/markdown.h>
#include <grpcpp/server_context.h>

#include <memory>
#include <tuple>

#include "calendarinstance.h"
#include "timezones.h"

namespace grove::tools::calendar {
namespace {

constexpr std::uint32_t kDefaultPage = 500;
constexpr std::uint32_t kMaxPage = 5000;

using sdk::grpc_status;

CalendarInstance& calendar_of(sdk::ToolInstance& instance) {
    return static_cast<CalendarInstance&>(instance);  // the host hands out only our instances
}

grpc::Status bad(const std::string& message) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

// A page token: the sort key of the last occurrence sent, "start_ms/event hex/recurrence id".
using SortKey = std::tuple<std::int64_t, std::string, std::string>;

std::optional<SortKey> parse_token(const std::string& token) {
    const auto first = token.find('/');
    const auto second = first == std::string::npos ? first : token.find('/', first + 1);
    if (second == std::string::npos) return std::nullopt;
    try {
        return SortKey{std::stoll(token.substr(0, first)),
                       token.substr(first + 1, second - first - 1), token.substr(second + 1)};
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace

grpc::Status CalendarService::ListEvents(grpc::ServerContext* call,
                                         const v1::ListEventsRequest* request,
                                         v1::ListEventsResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    if (request->to_ms() <= request->from_ms()) return bad("to_ms must be after from_ms");
    if (request->to_ms() - request->from_ms() > std::int64_t{20} * 366 * 86'400'000)
        return bad("a range of at most 20 years");
    icaltimezone* zone = request->time_zone().empty() ? icaltimezone_get_utc_timezone()
                                                      : find_zone(request->time_zone());
    if (!zone) return bad("unknown time zone '" + request->time_zone() + "'");
    std::optional<SortKey> after;
    if (!request->page_token().empty()) {
        after = parse_token(request->page_token());
        if (!after) return bad("not a page token from this service");
    }
    const std::uint32_t page =
        request->page_size() == 0 ? kDefaultPage : std::min(request->page_size(), kMaxPage);
    return grpc_status(context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            auto& source = calendar_of(instance);
            const std::int64_t from = request->from_ms() / 1000,
                               to = (request->to_ms() + 999) / 1000;
            std::vector<Occurrence> all;
            for (const auto& [id, event] : source.state().events())
                for (Occurrence& occurrence : expand(event, from, to, 100'000))
                    all.push_back(std::move(occurrence));
            auto key = [](const Occurrence& o) {
                return SortKey{o.start * 1000, sdk::to_hex(o.event->id), o.recurrence_id};
            };
            std::sort(all.begin(), all.end(),
                      [&](const Occurrence& a, const Occurrence& b) { return key(a) < key(b); });
            std::vector<const Occurrence*> rest;
            for (const Occurrence& occurrence : all)
                if (!after || *after < key(occurrence)) rest.push_back(&occurrence);
            for (std::size_t i = 0; i < rest.size() && i < page; ++i) {
                const Occurrence& occurrence = *rest[i];
                auto* out = response->add_occurrences();
                out->set_event_id(sdk::to_hex(occurrence.event->id));
                out->set_uid(occurrence.event->uid);
                out->set_recurrence_id(occurrence.recurrence_id);
                out->set_start_ms(occurrence.start * 1000);
                out->set_end_ms(occurrence.end * 1000);
                *out->mutable_fields() = *occurrence.fields;
                out->set_recurring(occurrence.event->recurring());
                if (occurrence.all_day) {
                    out->set_start_local(display_time(occurrence.start, nullptr).substr(0, 10));
                    out->set_end_local(display_time(occurrence.end, nullptr).substr(0, 10));
                } else {
                    out->set_start_local(display_time(occurrence.start, zone));
                    out->set_end_local(display_time(occurrence.end, zone));
                }
                for (const std::string& hex : occurrence.fields->attendees().values()) {
                    sdk::IdentityId identity{};
                    if (!sdk::from_hex(hex, identity)) continue;
                    auto* attendee = out->add_attendees();
                    attendee->set_identity_id(hex);
                    attendee->set_name(source.calendar().member_name(identity));
                    attendee->set_response(occurrence.event->response_of(identity));
                }
                out->set_description_html(
                    sdk::markdown_to_safe_html(occurrence.fields->description()));
            }
            if (rest.size() > page) {
                auto [start, event, recurrence] = key(*rest[page - 1]);
                response->set_next_page_token(std::to_string(start) + "/" + event + "/" +
                                              recurrence);
            }
        }));
}

grpc::Status CalendarService::CreateEvent(grpc::ServerContext* call,
                                          const v1::CreateEventRequest* request,
                                          v1::EventResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    Result<void> outcome;
    auto done = context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            auto id = calendar_of(instance).calendar().create_event(request->fields());
            if (!id) {
                outcome = id.error();
                return;
            }
            response->set_event_id(sdk::to_hex(*id));
        });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status CalendarService::UpdateEvent(grpc::ServerContext* call,
                                          const v1::UpdateEventRequest* request,
                                          v1::EventResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    EventId id{};
    if (!sdk::from_hex(request->event_id(), id)) return bad("event_id must be 64 hex digits");
    Result<void> outcome;
    auto done =
        context_.with_instance(request->instance().space_id(), request->instance().instance_id(),
                               [&](sdk::ToolInstance& instance) {
                                   auto changed = calendar_of(instance).calendar().update_event(
                                       id, static_cast<EditScope>(request->scope()),
                                       request->recurrence_id(), request->fields());
                                   if (!changed) {
                                       outcome = changed.error();
                                       return;
                                   }
                                   response->set_event_id(sdk::to_hex(*changed));
                               });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status CalendarService::DeleteEvent(grpc::ServerContext* call,
                                          const v1::DeleteEventRequest* request,
                                          v1::DeleteEventResponse*) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    EventId id{};
    if (!sdk::from_hex(request->event_id(), id)) return bad("event_id must be 64 hex digits");
    Result<void> outcome;
    auto done = context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            outcome = calendar_of(instance).calendar().delete_event(
                id, static_cast<EditScope>(request->scope()), request->recurrence_id());
        });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status CalendarService::Respond(grpc::ServerContext* call, const v1::RespondRequest* request,
                                      v1::RespondResponse*) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    EventId id{};
    if (!sdk::from_hex(request->event_id(), id)) return bad("event_id must be 64 hex digits");
    Result<void> outcome;
    auto done = context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            outcome = calendar_of(instance).calendar().respond(id, request->response());
        });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status CalendarService::ImportIcs(grpc::ServerContext* call,
                                        const v1::ImportIcsRequest* request,
                                        v1::ImportIcsResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    Result<void> outcome;
    auto done = context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            auto imported = calendar_of(instance).calendar().import_ics(request->ics());
            if (!imported) {
                outcome = imported.error();
                return;
            }
            response->set_created(static_cast<std::uint32_t>(imported->created));
            response->set_updated(static_cast<std::uint32_t>(imported->updated));
        });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status CalendarService::ExportIcs(grpc::ServerContext* call,
                                        const v1::ExportIcsRequest* request,
                                        v1::ExportIcsResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    std::optional<EventId> only;
    if (!request->event_id().empty()) {
        EventId id{};
        if (!sdk::from_hex(request->event_id(), id)) return bad("event_id must be 64 hex digits");
        only = id;
    }
    bool found = true;
    auto done =
        context_.with_instance(request->instance().space_id(), request->instance().instance_id(),
                               [&](sdk::ToolInstance& instance) {
                                   auto& source = calendar_of(instance);
                                   if (only) {
                                       const CalendarEvent* event = source.state().find(*only);
                                       found = event && !event->deleted;
                                   }
                                   if (found) response->set_ics(source.calendar().export_ics(only));
                               });
    if (!done) return grpc_status(done);
    if (!found) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such event");
    return grpc::Status::OK;
}

grpc::Status CalendarService::Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                                    grpc::ServerWriter<v1::CalendarEvent>* writer) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return watches_.serve(*call, request->instance().space_id(), request->instance().instance_id(),
                          request->from_cursor(), *writer);
}

void CalendarService::attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                                   Watches::Closed closed) {
    auto on_change = [publish = std::move(publish)](const CalendarChange& change,
                                                    const CalendarInstance& source) {
        for (const EventId& id : change.events) {
            const CalendarEvent* event = source.state().find(id);
            if (!event) continue;
            v1::CalendarEvent out;
            const bool created =
                std::find(change.created.begin(), change.created.end(), id) != change.created.end();
            out.set_kind(event->deleted ? v1::CalendarEvent::KIND_DELETED
                         : created      ? v1::CalendarEvent::KIND_CREATED
                                        : v1::CalendarEvent::KIND_CHANGED);
            out.set_event_id(sdk::to_hex(id));
            out.set_uid(event->uid);
            *out.mutable_fields() = event->resolved;
            publish(std::move(out));
        }
        return true;
    };
    calendar_of(instance).add_listener(std::move(on_change), std::move(closed));
}

}  // namespace grove::tools::calendar
