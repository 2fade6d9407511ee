// Many idle, authenticated device links from this process to one relay — each with its own
// fresh device key and a session that says nothing — and the process's thread count and RSS.
#pragma once

#include <fstream>
#include <memory>
#include <string>
#include <thread>
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
    // Dials `count` links to the relay at `address`, `per_channel` streams per connection, at
    // most `window` in their handshake at once (a relay caps those), redialing refused ones,
    // until all are established or `timeout` passed (then established() says how many are).
    IdleLinks(const std::string& address, std::size_t count, std::size_t per_channel = 50,
              std::size_t window = 32, std::chrono::seconds timeout = std::chrono::minutes(5))
        : address_(address), per_channel_(per_channel) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            std::size_t up = 0, handshaking = 0;
            for (auto& l : links_) {
                if (l->established()) {
                    ++up;
                } else if (!l->closed()) {
                    ++handshaking;
                } else if (handshaking < window) {
                    l = dial_one();
                    ++handshaking;
                }
            }
            if (up == count || std::chrono::steady_clock::now() > deadline) break;
            while (links_.size() < count && handshaking < window) {
                links_.push_back(dial_one());
                ++handshaking;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
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
    std::shared_ptr<grove::platform::net::Link> dial_one() {
        using namespace grove::platform::net;
        if (dialed_++ % per_channel_ == 0) {
            grpc::ChannelArguments args;
            // A distinct argument: a connection of its own (gRPC shares equal channels').
            args.SetInt("grove.idle_links.channel", static_cast<int>(dialed_));
            channel_ =
                grpc::CreateCustomChannel(address_, grpc::InsecureChannelCredentials(), args);
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
            Link::Side::Dialer, options, address_);
        link->dial<grove::net::v1::Relay>(channel_);
        return link;
    }

    std::string address_;
    std::size_t per_channel_;
    std::size_t dialed_ = 0;
    std::shared_ptr<grpc::Channel> channel_;
    std::vector<std::shared_ptr<grpc::Channel>> channels_;
    struct Silent : grove::platform::net::LinkSession {
        Result<void> handle(const grove::net::v1::LinkMessage&) override { return {}; }
        Result<bool> pump() override { return false; }
        void tick() override {}
    };
    std::vector<std::shared_ptr<grove::platform::net::Link>> links_;
};

}  // namespace grove::test
