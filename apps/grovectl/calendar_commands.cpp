#include "calendar_commands.h"

#include <grpcpp/client_context.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "api_format.h"
#include "command_context.h"
#include "exit_codes.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "grove/tools/calendar/v1/calendar_service.grpc.pb.h"
#include "terminal_text.h"
#include "tool_instance_lookup.h"

namespace grove::apps::grovectl {

namespace {

// What the chosen `calendar` command was given.
struct CalendarCommandLine {
    std::string space;
    std::string instance;
    std::string title;
    std::string start;
    std::string end;
    std::string zone;
    std::string rrule;
    std::string location;
    std::string description;
    std::string event;
    std::string recurrence;
    std::string scope = "all";
    std::string answer;
    std::string from;
    std::string to;
    std::string file = "-";
};

namespace v1 = grove::api::v1;
namespace cv1 = grove::tools::calendar::v1;
using nlohmann::json;

// "2027-03-01T09:30" / "2027-03-01T09:30:00" → "20270301T093000"; "2027-03-01" → "20270301".
bool to_local(const std::string& text, std::string& out, bool& all_day) {
    std::string digits;
    for (char c : text)
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits.push_back(c);
        else if (c != '-' && c != ':' && c != 'T' && c != ' ')
            return false;
    if (digits.size() == 8) {
        out = digits;
        all_day = true;
        return true;
    }
    if (digits.size() == 12) digits += "00";
    if (digits.size() != 14) return false;
    out = digits.substr(0, 8) + "T" + digits.substr(8);
    all_day = false;
    return true;
}

// "2027-03-01" → UTC ms at midnight; empty: now.
bool to_ms(const std::string& date, std::int64_t& out) {
    if (date.empty()) {
        out = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
        return true;
    }
    int y = 0, m = 0, d = 0;
    if (std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return false;
    // Days from civil (Howard Hinnant's algorithm).
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    out = (static_cast<std::int64_t>(era) * 146097 + doe - 719468) * 86'400'000;
    return true;
}

const char* answer_name(cv1::Response response) {
    switch (response) {
        case cv1::RESPONSE_ACCEPTED:
            return "accepted";
        case cv1::RESPONSE_DECLINED:
            return "declined";
        case cv1::RESPONSE_TENTATIVE:
            return "maybe";
        default:
            return "no answer";
    }
}

json to_json(const cv1::OccurrenceView& o) {
    json attendees = json::array();
    for (const auto& a : o.attendees())
        attendees.push_back(
            {{"id", a.identity_id()}, {"name", a.name()}, {"response", answer_name(a.response())}});
    return {{"event_id", o.event_id()},
            {"uid", o.uid()},
            {"recurrence_id", o.recurrence_id()},
            {"title", o.fields().title()},
            {"start_ms", o.start_ms()},
            {"end_ms", o.end_ms()},
            {"start", o.start_local()},
            {"end", o.end_local()},
            {"all_day", o.fields().timing().all_day()},
            {"time_zone", o.fields().timing().tzid()},
            {"location", o.fields().location()},
            {"rrule", o.fields().rrule()},
            {"recurring", o.recurring()},
            {"attendees", attendees}};
}

// One `calendar` command's connection and output.
class CalendarClient {
public:
    explicit CalendarClient(CommandContext& context)
        : client_(context.client()),
          calendar_(cv1::CalendarService::NewStub(context.client().channel())),
          json_(context.json()),
          out_(context.out()),
          err_(context.err()) {}

    int list(const CalendarCommandLine& line);
    int add(const CalendarCommandLine& line);
    int remove(const CalendarCommandLine& line);
    int rsvp(const CalendarCommandLine& line);
    int import(const CalendarCommandLine& line);
    int export_(const CalendarCommandLine& line);

private:
    int fail(const grpc::Status& status, const std::string& doing) {
        err_ << "grovectl: " << doing << ": " << terminal_safe(status.error_message()) << '\n';
        return exit_code_for(status.error_code());
    }
    int usage(const std::string& message) {
        err_ << "grovectl: " << message << '\n';
        return kExitUsage;
    }
    int resolve_instance(const CalendarCommandLine& line, cv1::InstanceRef& out);
    bool scope_of(const std::string& text, cv1::Scope& out) {
        if (text == "all")
            out = cv1::SCOPE_ALL;
        else if (text == "this")
            out = cv1::SCOPE_THIS;
        else if (text == "following")
            out = cv1::SCOPE_THIS_AND_FOLLOWING;
        else
            return false;
        return true;
    }

    ApiClient& client_;
    std::unique_ptr<cv1::CalendarService::Stub> calendar_;
    bool json_;
    std::ostream& out_;
    std::ostream& err_;
};

int CalendarClient::resolve_instance(const CalendarCommandLine& line, cv1::InstanceRef& out) {
    return find_tool_instance(client_, err_, line.space, line.instance, "cannot find the Calendar instance", out);
}

int CalendarClient::list(const CalendarCommandLine& line) {
    cv1::ListEventsRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    std::int64_t from = 0, to = 0;
    if (!to_ms(line.from, from)) return usage("--from is YYYY-MM-DD");
    if (line.to.empty())
        to = from + std::int64_t{31} * 86'400'000;
    else if (!to_ms(line.to, to))
        return usage("--to is YYYY-MM-DD");
    request.set_from_ms(from);
    request.set_to_ms(to);
    request.set_time_zone(line.zone);
    json all = json::array();
    for (;;) {
        cv1::ListEventsResponse response;
        auto context = client_.context(ApiClient::kDefaultDeadline);
        const auto status = calendar_->ListEvents(context.get(), request, &response);
        if (!status.ok()) return fail(status, "cannot list the events");
        for (const auto& o : response.occurrences()) {
            if (json_) {
                all.push_back(to_json(o));
                continue;
            }
            out_ << o.event_id().substr(0, 8) << "  " << o.start_local() << " – " << o.end_local()
                 << "  " << terminal_safe(o.fields().title());
            if (!o.fields().location().empty())
                out_ << "  @ " << terminal_safe(o.fields().location());
            if (o.recurring()) out_ << "  ↻ " << o.recurrence_id();
            out_ << '\n';
        }
        if (response.next_page_token().empty()) break;
        request.set_page_token(response.next_page_token());
    }
    if (json_) out_ << json{{"occurrences", all}}.dump() << '\n';
    return kExitOk;
}

int CalendarClient::add(const CalendarCommandLine& line) {
    cv1::CreateEventRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    auto& fields = *request.mutable_fields();
    fields.set_title(line.title);
    bool all_day = false, end_all_day = false;
    std::string start, end;
    if (!to_local(line.start, start, all_day))
        return usage("START is YYYY-MM-DDTHH:MM (or YYYY-MM-DD for a whole day)");
    if (!to_local(line.end, end, end_all_day) || end_all_day != all_day)
        return usage("END is in the same form as START");
    fields.mutable_timing()->set_start(start);
    fields.mutable_timing()->set_end(end);
    fields.mutable_timing()->set_all_day(all_day);
    if (!all_day) fields.mutable_timing()->set_tzid(line.zone.empty() ? "UTC" : line.zone);
    if (!line.rrule.empty()) fields.set_rrule(line.rrule);
    if (!line.location.empty()) fields.set_location(line.location);
    if (!line.description.empty()) fields.set_description(line.description);
    cv1::EventResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = calendar_->CreateEvent(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot add the event");
    if (json_)
        out_ << json{{"event_id", response.event_id()}}.dump() << '\n';
    else
        out_ << response.event_id() << '\n';
    return kExitOk;
}

int CalendarClient::remove(const CalendarCommandLine& line) {
    cv1::DeleteEventRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    cv1::Scope scope{};
    if (!scope_of(line.scope, scope)) return usage("--scope is all, this or following");
    request.set_event_id(line.event);
    request.set_scope(scope);
    request.set_recurrence_id(line.recurrence);
    cv1::DeleteEventResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = calendar_->DeleteEvent(context.get(), request, &response);
    return status.ok() ? kExitOk : fail(status, "cannot delete the event");
}

int CalendarClient::rsvp(const CalendarCommandLine& line) {
    cv1::RespondRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    if (line.answer == "yes" || line.answer == "accept")
        request.set_response(cv1::RESPONSE_ACCEPTED);
    else if (line.answer == "no" || line.answer == "decline")
        request.set_response(cv1::RESPONSE_DECLINED);
    else if (line.answer == "maybe")
        request.set_response(cv1::RESPONSE_TENTATIVE);
    else
        return usage("the answer is yes, no or maybe");
    request.set_event_id(line.event);
    cv1::RespondResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = calendar_->Respond(context.get(), request, &response);
    return status.ok() ? kExitOk : fail(status, "cannot answer");
}

int CalendarClient::import(const CalendarCommandLine& line) {
    cv1::ImportIcsRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    std::string text;
    if (line.file == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
        std::ifstream in(line.file, std::ios::binary);
        if (!in) return usage("cannot read " + line.file);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    request.set_ics(std::move(text));
    cv1::ImportIcsResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = calendar_->ImportIcs(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot import " + line.file);
    if (json_)
        out_ << json{{"created", response.created()}, {"updated", response.updated()}}.dump()
             << '\n';
    else
        out_ << response.created() << " added, " << response.updated() << " updated\n";
    return kExitOk;
}

int CalendarClient::export_(const CalendarCommandLine& line) {
    cv1::ExportIcsRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    request.set_event_id(line.event);
    cv1::ExportIcsResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = calendar_->ExportIcs(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot export");
    if (line.file == "-") {
        out_ << response.ics();
        return kExitOk;
    }
    std::ofstream out(line.file, std::ios::binary | std::ios::trunc);
    out << response.ics();
    if (!out) return usage("cannot write " + line.file);
    return kExitOk;
}

}  // namespace

void add_calendar_commands(CommandLine& cli) {
    CLI::App* group = cli.group("calendar", "List, add and exchange the events of a Calendar");
    auto& line = cli.keep<CalendarCommandLine>();
    auto with_instance = [&](CLI::App* command) {
        command->add_option("SPACE", line.space, "Space id, id prefix or unambiguous name")
            ->required();
        command->add_option("INSTANCE", line.instance, "Calendar instance id, id prefix or name")
            ->required();
        return command;
    };
    auto run = [&cli, &line](CLI::App* command,
                             int (CalendarClient::*method)(const CalendarCommandLine&)) {
        cli.on_run(command, [&line, method](CommandContext& context) {
            CalendarClient client(context);
            return (client.*method)(line);
        });
    };
    auto* list =
        with_instance(cli.command(group, "list", "Occurrences in a range, recurrences expanded"));
    list->add_option("--from", line.from, "First day, YYYY-MM-DD (default: now)")
        ->type_name("DATE");
    list->add_option("--to", line.to, "Day after the last, YYYY-MM-DD (default: 31 days on)")
        ->type_name("DATE");
    list->add_option("--zone", line.zone, "Show times in this IANA zone (default: UTC)")
        ->type_name("TZ");
    run(list, &CalendarClient::list);

    auto* add = with_instance(cli.command(group, "add", "Add an event; prints its id"));
    add->add_option("TITLE", line.title, "The title")->required();
    add->add_option("START", line.start, "YYYY-MM-DDTHH:MM, or YYYY-MM-DD for whole days")
        ->required();
    add->add_option("END", line.end, "Same form; whole days: the day after the last")->required();
    add->add_option("--zone", line.zone, "The event's IANA zone (default: UTC)")->type_name("TZ");
    add->add_option("--rrule", line.rrule, "An RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=MO")
        ->type_name("RULE");
    add->add_option("--location", line.location, "Where")->type_name("TEXT");
    add->add_option("--description", line.description, "Markdown")->type_name("TEXT");
    run(add, &CalendarClient::add);

    auto* remove = with_instance(cli.command(group, "delete", "Delete an event or occurrences"));
    remove->add_option("EVENT", line.event, "Event id (hex)")->required();
    remove->add_option("--scope", line.scope, "all (default), this or following")->type_name("S");
    remove->add_option("--occurrence", line.recurrence, "Recurrence id, for this/following")
        ->type_name("ID");
    run(remove, &CalendarClient::remove);

    auto* rsvp = with_instance(cli.command(group, "rsvp", "Answer an invitation"));
    rsvp->add_option("EVENT", line.event, "Event id (hex)")->required();
    rsvp->add_option("ANSWER", line.answer, "yes, no or maybe")->required();
    run(rsvp, &CalendarClient::rsvp);

    auto* import =
        with_instance(cli.command(group, "import", "Import an .ics file, all or nothing"));
    import->add_option("FILE", line.file, "The file ('-' = stdin)")->required();
    run(import, &CalendarClient::import);

    auto* export_ = with_instance(cli.command(group, "export", "Write the calendar as .ics"));
    export_->add_option("--event", line.event, "Only this event")->type_name("ID");
    export_->add_option("--output", line.file, "The file ('-' = stdout, the default)")
        ->type_name("F");
    run(export_, &CalendarClient::export_);
}

}  // namespace grove::apps::grovectl
