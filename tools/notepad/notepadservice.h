// NotepadService: grove.tools.notepad.v1.NotepadService for integrators — list documents, read
// one, create one, apply a text patch and watch changes of a Notepad instance over the local API.
#pragma once

#include <grove/sdk/toolservicecontext.h>
#include <grove/sdk/toolwatch.h>

#include "grove/tools/notepad/v1/notepad_service.grpc.pb.h"

namespace grove::tools::notepad {

class NotepadService final : public grove::tools::notepad::v1::NotepadService::Service {
public:
    explicit NotepadService(sdk::ToolServiceContext& context)
        : context_(context), watches_(context, &NotepadService::attach_watch) {}

    grpc::Status ListDocuments(grpc::ServerContext* call, const v1::ListDocumentsRequest* request,
                               v1::ListDocumentsResponse* response) override;
    grpc::Status ReadDocument(grpc::ServerContext* call, const v1::ReadDocumentRequest* request,
                              v1::ReadDocumentResponse* response) override;
    grpc::Status CreateDocument(grpc::ServerContext* call, const v1::CreateDocumentRequest* request,
                                v1::CreateDocumentResponse* response) override;
    grpc::Status ApplyPatch(grpc::ServerContext* call, const v1::ApplyPatchRequest* request,
                            v1::ApplyPatchResponse* response) override;
    grpc::Status Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                       grpc::ServerWriter<v1::NotepadEvent>* writer) override;

private:
    using Watches = sdk::ToolWatchStreams<v1::NotepadEvent>;
    // Turns the instance's changes into events for every Watch of it.
    static void attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                             Watches::Closed closed);

    sdk::ToolServiceContext& context_;
    Watches watches_;
};

}  // namespace grove::tools::notepad
