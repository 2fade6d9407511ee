// Many idle, authenticated device links from this process to one relay — each with its own
// fresh device key and a session that says nothing — and the process's thread count and RSS.
#pragma once

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "crypto/primitives.h"
#include "grove/net/v1/relay.grpc.pb.h"
#include "net/link.h"

namespace grove::test {

namespace crypto = grove::platform::crypto;

// "Threads:" / "VmRSS:" of /proc/self/status (RSS in bytes).
inline std::size_t proc_status_field(const std::string& name) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(name + ":", 0) == 0) return std::stoull(line.substr(name.size() + 1));
    return 0;
}
inline std::size_t process_threads() {
    return proc_status_field("Threads");
}
inline std::size_t process_rss_bytes() {
    return proc_status_field("VmRSS") * 1024;
}

class IdleLinks {
public:
    // Dials `count` links to the relay at `address`, `per_channel` streams per connection.
    IdleLinks(const std::string& address, std::size_t count, std::size_t per_channel = 50) {
        using namespace grove::platform::net;
        std::shared_ptr<grpc::Channel> channel;
        for (std::size_t i = 0; i < count; ++i) {
            if (i % per_channel == 0) {
                grpc::ChannelArguments args;
                args.SetInt("grove.idle_links.channel",
                            static_cast<int>(i));  // one connection each
                channel =
                    grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
            }
            auto key = std::make_shared<crypto::SigningKeyPair>(crypto::SigningKeyPair::generate());
            LinkIdentity identity{[key] { return key->public_key; },
                                  [key](grove::platform::ByteView m) -> Result<crypto::Signature> {
                                      return crypto::sign(key->secret_key, m);
                                  },
                                  [] { return true; }};
            LinkOptions options;
            options.tick = std::chrono::hours(1);
            options.sync.remote_is_relay = true;
            auto link = Link::make(
                identity,
                [](const crypto::SignPublicKey&, const crypto::Hash&, LinkSession::Sender)
                    -> std::unique_ptr<LinkSession> { return std::make_unique<Silent>(); },
                Link::Side::Dialer, options, address);
            link->dial<grove::net::v1::Relay>(channel);
            links_.push_back(std::move(link));
        }
    }
    ~IdleLinks() { close_all(); }

    std::size_t established() const {
        std::size_t n = 0;
        for (const auto& l : links_) n += l->established() ? 1 : 0;
        return n;
    }
    void close_all() {
        for (auto& l : links_) l->close();
        for (auto& l : links_) (void)l->wait_closed();
        links_.clear();
    }

private:
    struct Silent : grove::platform::net::LinkSession {
        Result<void> handle(const grove::net::v1::LinkMessage&) override { return {}; }
        Result<bool> pump() override { return false; }
        void tick() override {}
    };
    std::vector<std::shared_ptr<grove::platform::net::Link>> links_;
};

}  // namespace grove::test
