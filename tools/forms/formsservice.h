// FormsService: grove.tools.forms.v1.FormsService for integrators — the schema, records a page at
// a time, create/update/delete with idempotency keys and a stream of changes with a resume
// cursor, over the peer's local API.
#pragma once

#include <grove/sdk/idempotency.h>
#include <grove/sdk/toolservicecontext.h>
#include <grove/sdk/toolwatch.h>

#include "grove/tools/forms/v1/forms_service.grpc.pb.h"

namespace grove::tools::forms {

class FormsState;
struct FormRecord;

class FormsService final : public grove::tools::forms::v1::FormsService::Service {
public:
    explicit FormsService(sdk::ToolServiceContext& context)
        : context_(context), watches_(context, &FormsService::attach_watch) {}

    grpc::Status GetSchema(grpc::ServerContext* call, const v1::GetSchemaRequest* request,
                           v1::Schema* response) override;
    grpc::Status UpdateSchema(grpc::ServerContext* call, const v1::UpdateSchemaRequest* request,
                              v1::Schema* response) override;
    grpc::Status ListRecords(grpc::ServerContext* call, const v1::ListRecordsRequest* request,
                             v1::ListRecordsResponse* response) override;
    grpc::Status GetRecord(grpc::ServerContext* call, const v1::GetRecordRequest* request,
                           v1::Record* response) override;
    grpc::Status CreateRecord(grpc::ServerContext* call, const v1::CreateRecordRequest* request,
                              v1::Record* response) override;
    grpc::Status UpdateRecord(grpc::ServerContext* call, const v1::UpdateRecordRequest* request,
                              v1::Record* response) override;
    grpc::Status DeleteRecord(grpc::ServerContext* call, const v1::DeleteRecordRequest* request,
                              v1::DeleteRecordResponse* response) override;
    grpc::Status Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                       grpc::ServerWriter<v1::FormsEvent>* writer) override;

    // The schema and a record as the API shows them.
    static void fill_schema(const FormsState& state, v1::Schema& out);
    static void fill_record(const FormsState& state, const FormRecord& record, v1::Record& out);

private:
    using Watches = sdk::ToolWatchStreams<v1::FormsEvent>;
    // Turns the instance's changes into events for every Watch of it.
    static void attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                             Watches::Closed closed);

    sdk::ToolServiceContext& context_;
    Watches watches_;
    sdk::IdempotencyKeys idempotency_;
};

}  // namespace grove::tools::forms
