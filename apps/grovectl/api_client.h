// ApiClient: grovectl's connection to a peer's local API — channel, token metadata, deadlines.
// Each call returns the gRPC status; the caller maps it to a message and an exit code.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <chrono>
#include <memory>
#include <string>

#include "grove/api/v1/api.grpc.pb.h"
#include "grove/tools/discussion/v1/discussion_service.grpc.pb.h"

namespace grove::apps::grovectl {

class ApiClient {
public:
    // Unary calls get `kDefaultDeadline`; calls that run the passphrase KDF get `kKdfDeadline`.
    static constexpr std::chrono::seconds kDefaultDeadline{30};
    static constexpr std::chrono::seconds kKdfDeadline{120};

    // TLS towards a TCP listener (PEM contents): the CA that signed groved's certificate, and
    // optionally a client certificate and key (for groved --tls-client-ca).
    struct Tls {
        std::string ca_pem;
        std::string cert_pem;
        std::string key_pem;
        std::string server_name;  // the name to check the certificate against (default: host)
        bool enabled() const { return !ca_pem.empty(); }
    };

    ApiClient(std::string address, std::string token, const Tls& tls = {});

    const std::string& address() const { return address_; }
    // The channel, for stubs of tool services not listed below.
    std::shared_ptr<grpc::Channel> channel() const { return channel_; }

    // A context carrying the token and (unless zero) a deadline.
    std::unique_ptr<grpc::ClientContext> context(std::chrono::seconds deadline) const;

    grove::api::v1::AccountService::Stub& accounts() { return *accounts_; }
    grove::api::v1::SpaceService::Stub& spaces() { return *spaces_; }
    grove::api::v1::ChatService::Stub& chat() { return *chat_; }
    grove::api::v1::EventService::Stub& events() { return *events_; }
    grove::api::v1::ToolService::Stub& tools() { return *tools_; }
    grove::api::v1::SyncService::Stub& sync() { return *sync_; }
    grove::api::v1::MemberService::Stub& members() { return *members_; }
    grove::api::v1::TokenService::Stub& tokens() { return *tokens_; }
    grove::api::v1::ContactService::Stub& contacts() { return *contacts_; }
    grove::api::v1::DeviceService::Stub& devices() { return *devices_; }
    // The Discussion tool's service, served on the same API by a peer running the tool.
    grove::tools::discussion::v1::DiscussionService::Stub& discussion() { return *discussion_; }

private:
    std::string address_;
    std::string token_;
    std::shared_ptr<grpc::Channel> channel_;
    std::unique_ptr<grove::api::v1::AccountService::Stub> accounts_;
    std::unique_ptr<grove::api::v1::SpaceService::Stub> spaces_;
    std::unique_ptr<grove::api::v1::ChatService::Stub> chat_;
    std::unique_ptr<grove::api::v1::EventService::Stub> events_;
    std::unique_ptr<grove::api::v1::ToolService::Stub> tools_;
    std::unique_ptr<grove::api::v1::SyncService::Stub> sync_;
    std::unique_ptr<grove::api::v1::MemberService::Stub> members_;
    std::unique_ptr<grove::api::v1::TokenService::Stub> tokens_;
    std::unique_ptr<grove::api::v1::ContactService::Stub> contacts_;
    std::unique_ptr<grove::api::v1::DeviceService::Stub> devices_;
    std::unique_ptr<grove::tools::discussion::v1::DiscussionService::Stub> discussion_;
};

}  // namespace grove::apps::grovectl
