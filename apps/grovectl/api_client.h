// ApiClient: grovectl's connection to a peer's local API — channel, token metadata, deadlines,
// and one stub per gRPC service, made when first asked for (the API's or a tool's service).
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <typeindex>

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

    // The stub of a generated gRPC service (`grove::api::v1::ChatService::Stub`, …) on this
    // channel; one per type, alive as long as the client.
    template <class Stub>
    Stub& stub() {
        auto& slot = stubs_[std::type_index(typeid(Stub))];
        if (!slot) slot = std::make_shared<Stub>(channel_);
        return *std::static_pointer_cast<Stub>(slot);
    }

private:
    std::string address_;
    std::string token_;
    std::shared_ptr<grpc::Channel> channel_;
    std::map<std::type_index, std::shared_ptr<void>> stubs_;
};

}  // namespace grove::apps::grovectl
