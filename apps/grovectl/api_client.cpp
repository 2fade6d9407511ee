#include "api_client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

namespace grove::apps::grovectl {

ApiClient::ApiClient(std::string address, std::string token, const Tls& tls)
    : address_(std::move(address)), token_(std::move(token)) {
    grpc::ChannelArguments arguments;
    arguments.SetMaxReceiveMessageSize(256 * 1024 * 1024);  // long chat histories
    std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
    if (tls.enabled()) {
        grpc::SslCredentialsOptions ssl;
        ssl.pem_root_certs = tls.ca_pem;
        ssl.pem_cert_chain = tls.cert_pem;
        ssl.pem_private_key = tls.key_pem;
        credentials = grpc::SslCredentials(ssl);
        if (!tls.server_name.empty()) arguments.SetSslTargetNameOverride(tls.server_name);
    }
    channel_ = grpc::CreateCustomChannel(address_, credentials, arguments);
}

std::unique_ptr<grpc::ClientContext> ApiClient::context(std::chrono::seconds deadline) const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token_);
    if (deadline.count() > 0) context->set_deadline(std::chrono::system_clock::now() + deadline);
    return context;
}

}  // namespace grove::apps::grovectl
