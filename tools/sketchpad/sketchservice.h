// SketchService: grove.tools.sketchpad.v1.SketchpadService for integrators — list pages and shapes,
// add a shape, export a page as SVG or PNG and watch changes of a Sketchpad instance.
#pragma once

#include <grove/sdk/toolservicecontext.h>
#include <grove/sdk/toolwatch.h>

#include "grove/tools/sketchpad/v1/sketchpad_service.grpc.pb.h"

namespace grove::tools::sketchpad {

class SketchService final : public grove::tools::sketchpad::v1::SketchpadService::Service {
public:
    explicit SketchService(sdk::ToolServiceContext& context)
        : context_(context), watches_(context, &SketchService::attach_watch) {}

    grpc::Status ListPages(grpc::ServerContext* call, const v1::ListPagesRequest* request,
                           v1::ListPagesResponse* response) override;
    grpc::Status ListShapes(grpc::ServerContext* call, const v1::ListShapesRequest* request,
                            v1::ListShapesResponse* response) override;
    grpc::Status AddShape(grpc::ServerContext* call, const v1::AddShapeRequest* request,
                          v1::AddShapeResponse* response) override;
    grpc::Status Export(grpc::ServerContext* call, const v1::ExportRequest* request,
                        v1::ExportResponse* response) override;
    grpc::Status Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                       grpc::ServerWriter<v1::SketchEvent>* writer) override;

private:
    using Watches = sdk::ToolWatchStreams<v1::SketchEvent>;
    // Turns the instance's changes into events for every Watch of it.
    static void attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                             Watches::Closed closed);

    sdk::ToolServiceContext& context_;
    Watches watches_;
};

}  // namespace grove::tools::sketchpad
