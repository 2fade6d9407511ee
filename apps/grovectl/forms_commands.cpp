#include "forms_commands.h"

#include <grpcpp/client_context.h>

#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "command_context.h"
#include "exit_codes.h"
#include "grove/tools/forms/v1/forms_service.grpc.pb.h"
#include "terminal_text.h"
#include "tool_instance_lookup.h"

namespace grove::apps::grovectl {

namespace {

// What the chosen `forms` command was given.
struct FormsCommandLine {
    std::string space;
    std::string instance;
    std::string record;
    std::vector<std::string> assignments;  // NAME=VALUE
    std::string request_id;
    std::string file = "-";
};

namespace fv1 = grove::tools::forms::v1;
using nlohmann::json;

// A value as one line of text: multi-values joined by "; ".
std::string text_of(const fv1::Value& value) {
    switch (value.kind_case()) {
        case fv1::Value::kText:
            return value.text();
        case fv1::Value::kNumber: {
            std::ostringstream out;
            out.precision(15);
            out << value.number();
            return out.str();
        }
        case fv1::Value::kFlag:
            return value.flag() ? "yes" : "no";
        case fv1::Value::kItems: {
            std::string out;
            for (const std::string& item : value.items().values())
                out += (out.empty() ? "" : "; ") + item;
            return out;
        }
        default:
            return {};
    }
}

json json_of(const fv1::Value& value) {
    switch (value.kind_case()) {
        case fv1::Value::kNumber:
            return value.number();
        case fv1::Value::kFlag:
            return value.flag();
        case fv1::Value::kItems:
            return json(std::vector<std::string>(value.items().values().begin(),
                                                 value.items().values().end()));
        default:
            return value.text();
    }
}

// A CSV cell (RFC 4180); a leading =, +, - or @ is kept from being read as a formula.
std::string csv_cell(std::string value) {
    if (!value.empty() && std::string("=+-@").find(value[0]) != std::string::npos &&
        !(value[0] == '-' && value.size() > 1 &&
          std::isdigit(static_cast<unsigned char>(value[1]))))
        value.insert(value.begin(), '\'');
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// One `forms` command's connection and output.
class FormsClient {
public:
    explicit FormsClient(CommandContext& context)
        : client_(context.client()),
          forms_(fv1::FormsService::NewStub(context.client().channel())),
          json_(context.json()),
          out_(context.out()),
          err_(context.err()) {}

    int list(const FormsCommandLine& line);
    int show(const FormsCommandLine& line);
    int create(const FormsCommandLine& line);
    int export_(const FormsCommandLine& line);

private:
    int fail(const grpc::Status& status, const std::string& doing) {
        err_ << "grovectl: " << doing << ": " << terminal_safe(status.error_message()) << '\n';
        return exit_code_for(status.error_code());
    }
    int usage(const std::string& message) {
        err_ << "grovectl: " << message << '\n';
        return kExitUsage;
    }
    // The instance and its live fields in form order.
    int prepare(const FormsCommandLine& line);
    int all_records(std::vector<fv1::Record>& out);
    json record_json(const fv1::Record& record) const;

    ApiClient& client_;
    std::unique_ptr<fv1::FormsService::Stub> forms_;
    bool json_;
    std::ostream& out_;
    std::ostream& err_;
    fv1::InstanceRef instance_;
    std::vector<fv1::Field> fields_;
};

int FormsClient::prepare(const FormsCommandLine& line) {
    if (int code = find_tool_instance(client_, err_, line.space, line.instance,
                                      "cannot find the Forms instance", instance_))
        return code;
    fv1::GetSchemaRequest request;
    *request.mutable_instance() = instance_;
    fv1::Schema schema;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = forms_->GetSchema(context.get(), request, &schema);
    if (!status.ok()) return fail(status, "cannot read the form's fields");
    for (const auto& field : schema.fields())
        if (!field.definition().retired()) fields_.push_back(field);
    return kExitOk;
}

int FormsClient::all_records(std::vector<fv1::Record>& out) {
    fv1::ListRecordsRequest request;
    *request.mutable_instance() = instance_;
    request.set_page_size(1000);
    for (;;) {
        fv1::ListRecordsResponse response;
        auto context = client_.context(ApiClient::kDefaultDeadline);
        const auto status = forms_->ListRecords(context.get(), request, &response);
        if (!status.ok()) return fail(status, "cannot list the records");
        for (auto& record : *response.mutable_records()) out.push_back(std::move(record));
        if (response.next_page_token().empty()) return kExitOk;
        request.set_page_token(response.next_page_token());
    }
}

json FormsClient::record_json(const fv1::Record& record) const {
    json values = json::object();
    for (const auto& field : fields_) {
        auto it = record.values().find(field.id());
        if (it != record.values().end()) values[field.definition().name()] = json_of(it->second);
    }
    return {
        {"id", record.id()},
        {"creator_id", record.creator_id()},
        {"created_ms", record.created_ms()},
        {"values", values},
        {"problems", std::vector<std::string>(record.problems().begin(), record.problems().end())}};
}

int FormsClient::list(const FormsCommandLine& line) {
    if (int code = prepare(line)) return code;
    std::vector<fv1::Record> records;
    if (int code = all_records(records)) return code;
    if (json_) {
        json all = json::array();
        for (const auto& record : records) all.push_back(record_json(record));
        out_ << json{{"records", all}}.dump() << '\n';
        return kExitOk;
    }
    for (const auto& record : records) {
        out_ << record.id().substr(0, 8);
        int shown = 0;
        for (const auto& field : fields_) {
            if (shown == 4) break;
            auto it = record.values().find(field.id());
            out_ << "  " << terminal_safe(it == record.values().end() ? "—" : text_of(it->second));
            ++shown;
        }
        if (record.problems_size()) out_ << "  ⚠ " << terminal_safe(record.problems(0));
        out_ << '\n';
    }
    return kExitOk;
}

int FormsClient::show(const FormsCommandLine& line) {
    if (int code = prepare(line)) return code;
    std::string id = line.record;
    if (id.size() < 64) {  // an id prefix, as `list` shows them
        std::vector<fv1::Record> records;
        if (int code = all_records(records)) return code;
        std::vector<std::string> matches;
        for (const auto& record : records)
            if (record.id().rfind(line.record, 0) == 0) matches.push_back(record.id());
        if (matches.size() != 1)
            return matches.empty()
                       ? (err_ << "grovectl: no record " << terminal_safe(line.record) << '\n',
                          kExitNotFound)
                       : usage("several records start with " + line.record);
        id = matches.front();
    }
    fv1::GetRecordRequest request;
    *request.mutable_instance() = instance_;
    request.set_record_id(id);
    fv1::Record record;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = forms_->GetRecord(context.get(), request, &record);
    if (!status.ok()) return fail(status, "cannot read the record");
    if (json_) {
        out_ << record_json(record).dump() << '\n';
        return kExitOk;
    }
    out_ << "id: " << record.id() << '\n';
    for (const auto& field : fields_) {
        auto it = record.values().find(field.id());
        out_ << terminal_safe(field.definition().name()) << ": "
             << terminal_safe(it == record.values().end() ? "" : text_of(it->second)) << '\n';
    }
    for (const auto& problem : record.problems()) out_ << "⚠ " << terminal_safe(problem) << '\n';
    return kExitOk;
}

int FormsClient::create(const FormsCommandLine& line) {
    if (int code = prepare(line)) return code;
    fv1::CreateRecordRequest request;
    *request.mutable_instance() = instance_;
    request.set_request_id(line.request_id);
    for (const std::string& assignment : line.assignments) {
        const auto equals = assignment.find('=');
        if (equals == std::string::npos || equals == 0)
            return usage("values are NAME=VALUE: '" + assignment + "'");
        const std::string name = assignment.substr(0, equals), text = assignment.substr(equals + 1);
        const fv1::Field* field = nullptr;
        for (const auto& candidate : fields_)
            if (candidate.definition().name() == name || candidate.id() == name) field = &candidate;
        if (!field) return usage("the form has no field '" + name + "'");
        fv1::Value value;
        switch (field->definition().type()) {
            case fv1::FIELD_TYPE_NUMBER: {
                char* end = nullptr;
                value.set_number(std::strtod(text.c_str(), &end));
                if (text.empty() || *end) return usage(name + ": '" + text + "' is not a number");
                break;
            }
            case fv1::FIELD_TYPE_CHECKBOX:
                if (text != "yes" && text != "no") return usage(name + ": yes or no");
                value.set_flag(text == "yes");
                break;
            case fv1::FIELD_TYPE_MULTI_CHOICE:
            case fv1::FIELD_TYPE_LINK:
            case fv1::FIELD_TYPE_FILE: {
                std::istringstream items(text);
                for (std::string item; std::getline(items, item, ';');) {
                    item.erase(0, item.find_first_not_of(' '));
                    item.erase(item.find_last_not_of(' ') + 1);
                    if (!item.empty()) value.mutable_items()->add_values(item);
                }
                break;
            }
            default:
                value.set_text(text);
        }
        (*request.mutable_values())[field->id()] = std::move(value);
    }
    fv1::Record record;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = forms_->CreateRecord(context.get(), request, &record);
    if (!status.ok()) return fail(status, "cannot create the record");
    if (json_)
        out_ << record_json(record).dump() << '\n';
    else
        out_ << record.id() << '\n';
    return kExitOk;
}

int FormsClient::export_(const FormsCommandLine& line) {
    if (int code = prepare(line)) return code;
    std::vector<fv1::Record> records;
    if (int code = all_records(records)) return code;
    std::ostringstream csv;
    csv << "id";
    for (const auto& field : fields_) csv << ',' << csv_cell(field.definition().name());
    csv << "\r\n";
    for (const auto& record : records) {
        csv << record.id();
        for (const auto& field : fields_) {
            auto it = record.values().find(field.id());
            csv << ',' << csv_cell(it == record.values().end() ? "" : text_of(it->second));
        }
        csv << "\r\n";
    }
    if (line.file == "-") {
        out_ << csv.str();
    } else {
        std::ofstream file(line.file, std::ios::binary);
        if (!(file << csv.str())) return usage("cannot write " + line.file);
    }
    return kExitOk;
}

}  // namespace

void add_forms_commands(CommandLine& cli) {
    CLI::App* group = cli.group("forms", "List, show, create and export the records of a Forms");
    auto& line = cli.keep<FormsCommandLine>();
    auto with_instance = [&](CLI::App* command) {
        command->add_option("SPACE", line.space, "Space id, id prefix or unambiguous name")
            ->required();
        command->add_option("INSTANCE", line.instance, "Forms instance id, id prefix or name")
            ->required();
        return command;
    };
    auto run = [&cli, &line](CLI::App* command,
                             int (FormsClient::*method)(const FormsCommandLine&)) {
        cli.on_run(command, [&line, method](CommandContext& context) {
            FormsClient client(context);
            return (client.*method)(line);
        });
    };
    run(with_instance(cli.command(group, "list", "The records, oldest id first")),
        &FormsClient::list);

    auto* show = with_instance(cli.command(group, "show", "One record's values by field name"));
    show->add_option("RECORD", line.record, "Record id or id prefix")->required();
    run(show, &FormsClient::show);

    auto* create = with_instance(cli.command(
        group, "create", "Create a record from NAME=VALUE pairs (lists: a; b); prints its id"));
    create->add_option("VALUES", line.assignments, "Field name (or id) = value")->required();
    create
        ->add_option("--request-id", line.request_id,
                     "An idempotency key: a retry with it creates nothing twice")
        ->type_name("ID");
    run(create, &FormsClient::create);

    auto* export_ = with_instance(cli.command(group, "export", "Write the records as CSV"));
    export_->add_option("--output", line.file, "The file ('-' = stdout, the default)")
        ->type_name("F");
    run(export_, &FormsClient::export_);
}

}  // namespace grove::apps::grovectl
