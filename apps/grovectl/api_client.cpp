#include "api_client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;

ApiClient::ApiClient(std::string address, std::string token)
    : address_(std::move(address)), token_(std::move(token)) {
    grpc::ChannelArguments arguments;
    arguments.SetMaxReceiveMessageSize(256 * 1024 * 1024);  // long chat histories
    channel_ = grpc::CreateCustomChannel(address_, grpc::InsecureChannelCredentials(), arguments);
    accounts_ = v1::AccountService::NewStub(channel_);
    spaces_ = v1::SpaceService::NewStub(channel_);
    chat_ = v1::ChatService::NewStub(channel_);
    events_ = v1::EventService::NewStub(channel_);
    tools_ = v1::ToolService::NewStub(channel_);
    sync_ = v1::SyncService::NewStub(channel_);
    discussion_ = grove::tools::discussion::v1::DiscussionService::NewStub(channel_);
}

std::unique_ptr<grpc::ClientContext> ApiClient::context(std::chrono::seconds deadline) const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token_);
    if (deadline.count() > 0) context->set_deadline(std::chrono::system_clock::now() + deadline);
    return context;
}

}  // namespace grove::apps::grovectl
