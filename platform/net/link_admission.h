// LinkAdmission: the acceptor's caps on links — in all, per source address, and not yet
// authenticated — checked when a link arrives; a refused link is told why and closed at once.
#pragma once

#include <grove/sdk/result.h>

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace grove::platform::net {

struct LinkLimits {
    std::size_t max_links = 10'000;
    std::size_t max_links_per_source = 64;  // one address (a NAT hides several devices)
    // Links still in their handshake: what they may make the process hold before anyone
    // is authenticated is bounded by this times the largest frame.
    std::size_t max_unauthenticated = 32;
    // gRPC's memory quota for the listener's transport buffers: a frame is buffered whole before
    // its size is checked, so this is what bounds many large frames arriving at once.
    std::size_t transport_memory_bytes = 256u << 20;
};

// The host part of a gRPC peer string ("ipv4:127.0.0.1:5000" → "ipv4:127.0.0.1",
// "ipv6:[::1]:5000" → "ipv6:[::1]").
std::string link_source(const std::string& grpc_peer);

class LinkAdmission {
public:
    explicit LinkAdmission(LinkLimits limits) : limits_(limits) {}

    // Held by an admitted link; releasing it frees its place.
    class Ticket {
    public:
        ~Ticket();
        // The handshake completed: no longer counted as unauthenticated.
        void authenticated();

    private:
        friend class LinkAdmission;
        Ticket(LinkAdmission& gate, std::string source) : gate_(gate), source_(std::move(source)) {}
        LinkAdmission& gate_;
        std::string source_;
        bool authenticated_ = false;
    };

    // A place for a link from `grpc_peer`, or ResourceExhausted saying which cap refused it.
    Result<std::unique_ptr<Ticket>> admit(const std::string& grpc_peer);

    std::size_t links() const;
    std::size_t unauthenticated() const;

private:
    LinkLimits limits_;
    mutable std::mutex mutex_;
    std::size_t links_ = 0;
    std::size_t unauthenticated_ = 0;
    std::map<std::string, std::size_t> per_source_;
};

}  // namespace grove::platform::net
