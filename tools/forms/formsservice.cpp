#include "formsservice.h"

#include <grove/sdk/grpcstatus.h>
#include <grove/sdk/pagination.h>
#include <grpcpp/server_context.h>

#include "formsinstance.h"

namespace grove::tools::forms {
namespace {

using sdk::grpc_status;

FormsInstance& forms_of(sdk::ToolInstance& instance) {
    return static_cast<FormsInstance&>(instance);  // the host hands out only our instances
}

grpc::Status bad(const std::string& message) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message);
}

std::string query_of(const v1::InstanceRef& instance) {
    return instance.space_id() + "/" + instance.instance_id();
}

// Values keyed by field id or name → by field id; an unknown key is an error naming it.
Result<Values> values_by_id(const FormsModel& model,
                            const google::protobuf::Map<std::string, v1::Value>& values) {
    Values out;
    for (const auto& [key, value] : values) {
        const FormField* field = model.resolve_field(key);
        if (!field)
            return make_error(ErrorCode::InvalidArgument,
                              "no field named or with the id '" + key.substr(0, 80) + "'");
        out[field->id] = value;
    }
    return out;
}

// The request as its idempotency fingerprint: its bytes without the request_id.
template <class Request>
std::string fingerprint(const Request& request) {
    Request copy = request;
    copy.clear_request_id();
    return canonical(copy);
}

}  // namespace

void FormsService::fill_schema(const FormsState& state, v1::Schema& out) {
    for (const FormField* field : state.ordered_fields(true)) {
        auto* entry = out.add_fields();
        entry->set_id(field->id);
        *entry->mutable_definition() = field->def;
    }
}

void FormsService::fill_record(const FormsState& state, const FormRecord& record, v1::Record& out) {
    out.set_id(sdk::to_hex(record.id));
    out.set_creator_id(sdk::to_hex(record.creator));
    out.set_created_ms(record.created_ms);
    for (const auto& [field_id, reg] : record.values) {
        v1::Value value = record.value(field_id);
        if (!is_empty(value)) (*out.mutable_values())[field_id] = std::move(value);
    }
    for (const std::string& problem : state.problems(record)) out.add_problems(problem);
}

grpc::Status FormsService::GetSchema(grpc::ServerContext* call, const v1::GetSchemaRequest* request,
                                     v1::Schema* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return grpc_status(context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) { fill_schema(forms_of(instance).state(), *response); }));
}

grpc::Status FormsService::UpdateSchema(grpc::ServerContext* call,
                                        const v1::UpdateSchemaRequest* request,
                                        v1::Schema* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return idempotency_.run("UpdateSchema " + query_of(request->instance()), request->request_id(),
                            fingerprint(*request), *response, [&] {
                                v1::ChangeSchema change;
                                for (const v1::FieldDef& def : request->add())
                                    *change.add_add()->mutable_def() = def;
                                for (const v1::Field& field : request->update()) {
                                    auto* update = change.add_update();
                                    update->set_field_id(field.id());
                                    *update->mutable_def() = field.definition();
                                }
                                Result<void> outcome;
                                auto done = context_.with_instance(
                                    request->instance().space_id(),
                                    request->instance().instance_id(),
                                    [&](sdk::ToolInstance& instance) {
                                        auto& forms = forms_of(instance);
                                        auto ids = forms.forms().change_schema(change);
                                        if (!ids) {
                                            outcome = ids.error();
                                            return;
                                        }
                                        fill_schema(forms.state(), *response);
                                    });
                                if (!done) return grpc_status(done);
                                return grpc_status(outcome);
                            });
}

grpc::Status FormsService::ListRecords(grpc::ServerContext* call,
                                       const v1::ListRecordsRequest* request,
                                       v1::ListRecordsResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    auto page = sdk::PageTokens::parse(
        static_cast<std::int32_t>(std::min<std::uint32_t>(request->page_size(), 1u << 30)),
        request->page_token(), query_of(request->instance()), {500, 5000});
    if (!page) return grpc_status(page.error());
    return grpc_status(context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            const FormsState& state = forms_of(instance).state();
            RecordId after{};
            auto it = state.records().begin();
            if (page->after && sdk::copy_id(sdk::as_bytes(*page->after), after))
                it = state.records().upper_bound(after);
            std::uint32_t count = 0;
            for (; it != state.records().end() && count < page->size; ++it) {
                if (it->second.deleted) continue;
                fill_record(state, it->second, *response->add_records());
                ++count;
                after = it->first;
            }
            // More live records after the last one sent: a token for them.
            for (; it != state.records().end(); ++it)
                if (!it->second.deleted) {
                    response->set_next_page_token(sdk::PageTokens::next(
                        std::string_view(reinterpret_cast<const char*>(after.data()), after.size()),
                        query_of(request->instance())));
                    break;
                }
        }));
}

grpc::Status FormsService::GetRecord(grpc::ServerContext* call, const v1::GetRecordRequest* request,
                                     v1::Record* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    auto id = record_from_hex(request->record_id());
    if (!id) return bad("record_id must be 64 hex digits");
    bool found = false;
    auto done =
        context_.with_instance(request->instance().space_id(), request->instance().instance_id(),
                               [&](sdk::ToolInstance& instance) {
                                   const FormsState& state = forms_of(instance).state();
                                   const FormRecord* record = state.find(*id);
                                   found = record && !record->deleted;
                                   if (found) fill_record(state, *record, *response);
                               });
    if (!done) return grpc_status(done);
    if (!found) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such record");
    return grpc::Status::OK;
}

grpc::Status FormsService::CreateRecord(grpc::ServerContext* call,
                                        const v1::CreateRecordRequest* request,
                                        v1::Record* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return idempotency_.run(
        "CreateRecord " + query_of(request->instance()), request->request_id(),
        fingerprint(*request), *response, [&] {
            Result<void> outcome;
            auto done = context_.with_instance(
                request->instance().space_id(), request->instance().instance_id(),
                [&](sdk::ToolInstance& instance) {
                    auto& forms = forms_of(instance);
                    auto values = values_by_id(forms.forms(), request->values());
                    if (!values) {
                        outcome = values.error();
                        return;
                    }
                    auto id = forms.forms().create_record(std::move(values.value()));
                    if (!id) {
                        outcome = id.error();
                        return;
                    }
                    fill_record(forms.state(), *forms.state().find(*id), *response);
                });
            if (!done) return grpc_status(done);
            return grpc_status(outcome);
        });
}

grpc::Status FormsService::UpdateRecord(grpc::ServerContext* call,
                                        const v1::UpdateRecordRequest* request,
                                        v1::Record* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    auto id = record_from_hex(request->record_id());
    if (!id) return bad("record_id must be 64 hex digits");
    return idempotency_.run(
        "UpdateRecord " + query_of(request->instance()), request->request_id(),
        fingerprint(*request), *response, [&] {
            Result<void> outcome;
            auto done = context_.with_instance(
                request->instance().space_id(), request->instance().instance_id(),
                [&](sdk::ToolInstance& instance) {
                    auto& forms = forms_of(instance);
                    auto values = values_by_id(forms.forms(), request->values());
                    if (!values) {
                        outcome = values.error();
                        return;
                    }
                    outcome = forms.forms().update_record(*id, *values);
                    if (outcome) fill_record(forms.state(), *forms.state().find(*id), *response);
                });
            if (!done) return grpc_status(done);
            return grpc_status(outcome);
        });
}

grpc::Status FormsService::DeleteRecord(grpc::ServerContext* call,
                                        const v1::DeleteRecordRequest* request,
                                        v1::DeleteRecordResponse*) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    auto id = record_from_hex(request->record_id());
    if (!id) return bad("record_id must be 64 hex digits");
    Result<void> outcome;
    auto done =
        context_.with_instance(request->instance().space_id(), request->instance().instance_id(),
                               [&](sdk::ToolInstance& instance) {
                                   outcome = forms_of(instance).forms().delete_record(*id);
                               });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status FormsService::Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                                 grpc::ServerWriter<v1::FormsEvent>* writer) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return watches_.serve(*call, request->instance().space_id(), request->instance().instance_id(),
                          request->from_cursor(), *writer);
}

void FormsService::attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                                Watches::Closed closed) {
    auto on_change = [publish = std::move(publish)](const FormsChange& change,
                                                    const FormsInstance& source) {
        if (change.kind == FormsChange::Kind::Schema) {
            v1::FormsEvent out;
            out.set_kind(v1::FormsEvent::KIND_SCHEMA_CHANGED);
            publish(std::move(out));
            return true;
        }
        for (const RecordId& id : change.records) {
            const FormRecord* record = source.state().find(id);
            if (!record) continue;
            v1::FormsEvent out;
            out.set_kind(record->deleted ? v1::FormsEvent::KIND_DELETED
                         : change.kind == FormsChange::Kind::Changed
                             ? v1::FormsEvent::KIND_CHANGED
                             : v1::FormsEvent::KIND_CREATED);
            out.set_record_id(sdk::to_hex(id));
            if (!record->deleted) fill_record(source.state(), *record, *out.mutable_record());
            publish(std::move(out));
        }
        return true;
    };
    forms_of(instance).add_listener(std::move(on_change), std::move(closed));
}

}  // namespace grove::tools::forms
