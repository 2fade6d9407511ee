// FilesService: grove.tools.files.v1.FilesService for integrators — list, stat, mkdir, move, trash
// and restore, versions, and uploads/downloads streamed in chunks off the tool host thread.
#pragma once

#include <grove/sdk/toolservicecontext.h>
#include <grove/sdk/toolwatch.h>

#include "grove/tools/files/v1/files_service.grpc.pb.h"

namespace grove::tools::files {

class FilesService final : public grove::tools::files::v1::FilesService::Service {
public:
    explicit FilesService(sdk::ToolServiceContext& context)
        : context_(context), watches_(context, &FilesService::attach_watch) {}

    grpc::Status List(grpc::ServerContext* call, const v1::ListRequest* request,
                      v1::ListResponse* response) override;
    grpc::Status ListTrash(grpc::ServerContext* call, const v1::ListTrashRequest* request,
                           v1::ListResponse* response) override;
    grpc::Status Stat(grpc::ServerContext* call, const v1::StatRequest* request,
                      v1::ItemResponse* response) override;
    grpc::Status Mkdir(grpc::ServerContext* call, const v1::MkdirRequest* request,
                       v1::ItemResponse* response) override;
    grpc::Status Move(grpc::ServerContext* call, const v1::MoveRequest* request,
                      v1::ItemResponse* response) override;
    grpc::Status Trash(grpc::ServerContext* call, const v1::ItemRequest* request,
                       v1::ItemResponse* response) override;
    grpc::Status Restore(grpc::ServerContext* call, const v1::ItemRequest* request,
                         v1::ItemResponse* response) override;
    grpc::Status Upload(grpc::ServerContext* call, grpc::ServerReader<v1::UploadRequest>* reader,
                        v1::UploadResponse* response) override;
    grpc::Status Download(grpc::ServerContext* call, const v1::DownloadRequest* request,
                          grpc::ServerWriter<v1::DownloadResponse>* writer) override;
    grpc::Status Versions(grpc::ServerContext* call, const v1::ItemRequest* request,
                          v1::VersionsResponse* response) override;
    grpc::Status RestoreVersion(grpc::ServerContext* call, const v1::RestoreVersionRequest* request,
                                v1::ItemResponse* response) override;
    grpc::Status Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                       grpc::ServerWriter<v1::FilesEvent>* writer) override;

private:
    using Watches = sdk::ToolWatchStreams<v1::FilesEvent>;
    // Turns the instance's changes into events for every Watch of it.
    static void attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                             Watches::Closed closed);

    sdk::ToolServiceContext& context_;
    Watches watches_;
};

}  // namespace grove::tools::files
