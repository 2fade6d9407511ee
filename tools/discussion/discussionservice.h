// DiscussionService: grove.tools.discussion.v1.DiscussionService for integrators — list topics,
// read a thread, post, reply, search and watch a Discussion instance over the local gRPC API.
#pragma once

#include <grove/sdk/idempotency.h>
#include <grove/sdk/toolservicecontext.h>
#include <grove/sdk/toolwatch.h>

#include "grove/tools/discussion/v1/discussion_service.grpc.pb.h"

namespace grove::tools::discussion {

class DiscussionService final : public grove::tools::discussion::v1::DiscussionService::Service {
public:
    explicit DiscussionService(sdk::ToolServiceContext& context)
        : context_(context), watches_(context, &DiscussionService::attach_watch) {}

    grpc::Status ListTopics(grpc::ServerContext* call, const v1::ListTopicsRequest* request,
                            v1::ListTopicsResponse* response) override;
    grpc::Status GetThread(grpc::ServerContext* call, const v1::GetThreadRequest* request,
                           v1::GetThreadResponse* response) override;
    grpc::Status Post(grpc::ServerContext* call, const v1::PostRequest* request,
                      v1::PostResponse* response) override;
    grpc::Status Reply(grpc::ServerContext* call, const v1::ReplyRequest* request,
                       v1::PostResponse* response) override;
    grpc::Status Search(grpc::ServerContext* call, const v1::SearchRequest* request,
                        v1::SearchResponse* response) override;
    grpc::Status Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                       grpc::ServerWriter<v1::DiscussionEvent>* writer) override;

private:
    using Watches = sdk::ToolWatchStreams<v1::DiscussionEvent>;
    // Turns the instance's changes into events for every Watch of it.
    static void attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                             Watches::Closed closed);

    sdk::ToolServiceContext& context_;
    Watches watches_;
    sdk::IdempotencyKeys requests_;  // Post and Reply request_ids
};

}  // namespace grove::tools::discussion
