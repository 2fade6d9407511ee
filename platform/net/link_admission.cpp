#include "net/link_admission.h"

namespace grove::platform::net {

std::string link_source(const std::string& grpc_peer) {
    auto colon = grpc_peer.rfind(':');
    auto scheme = grpc_peer.find(':');
    if (colon == std::string::npos || colon == scheme) return grpc_peer;  // "unix:/path"
    return grpc_peer.substr(0, colon);
}

Result<std::unique_ptr<LinkAdmission::Ticket>> LinkAdmission::admit(const std::string& grpc_peer) {
    std::string source = link_source(grpc_peer);
    std::lock_guard lock(mutex_);
    if (links_ >= limits_.max_links)
        return make_error(ErrorCode::ResourceExhausted,
                          "too many links (" + std::to_string(limits_.max_links) + "): try later");
    auto& from_source = per_source_[source];
    if (from_source >= limits_.max_links_per_source) {
        return make_error(ErrorCode::ResourceExhausted,
                          "too many links from " + source + " (" +
                              std::to_string(limits_.max_links_per_source) + ")");
    }
    if (unauthenticated_ >= limits_.max_unauthenticated)
        return make_error(ErrorCode::ResourceExhausted,
                          "too many links in their handshake: try later");
    ++links_;
    ++unauthenticated_;
    ++from_source;
    return std::unique_ptr<Ticket>(new Ticket(*this, std::move(source)));
}

void LinkAdmission::Ticket::authenticated() {
    std::lock_guard lock(gate_.mutex_);
    if (authenticated_) return;
    authenticated_ = true;
    --gate_.unauthenticated_;
}

LinkAdmission::Ticket::~Ticket() {
    std::lock_guard lock(gate_.mutex_);
    --gate_.links_;
    if (!authenticated_) --gate_.unauthenticated_;
    auto it = gate_.per_source_.find(source_);
    if (--it->second == 0) gate_.per_source_.erase(it);
}

std::size_t LinkAdmission::links() const {
    std::lock_guard lock(mutex_);
    return links_;
}

std::size_t LinkAdmission::unauthenticated() const {
    std::lock_guard lock(mutex_);
    return unauthenticated_;
}

}  // namespace grove::platform::net
