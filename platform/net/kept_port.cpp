#include "net/kept_port.h"

#include <fstream>

namespace grove::platform::net {

namespace {

// "host:0" → "host:<kept port>" when one is kept; otherwise as given.
std::string with_kept_port(const std::string& listen, const std::filesystem::path& port_file) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || listen.substr(colon + 1) != "0") return listen;
    std::ifstream in(port_file);
    long port = 0;
    if (!(in >> port) || port < 1 || port > 65535) return listen;
    return listen.substr(0, colon + 1) + std::to_string(port);
}

void keep_port(const std::string& bound, const std::filesystem::path& port_file) {
    const auto colon = bound.rfind(':');
    if (colon == std::string::npos) return;
    const auto tmp = port_file.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << bound.substr(colon + 1) << "\n";
        if (!out) return;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, port_file, ec);
}

}  // namespace

Result<KeptPortNode> start_with_kept_port(Peer& peer, PeerNodeOptions options,
                                          const std::filesystem::path& port_file) {
    const std::string asked = options.listen;
    options.listen = with_kept_port(asked, port_file);
    KeptPortNode out;
    auto node = PeerNode::start(peer, options);
    if (!node && options.listen != asked) {
        const std::string kept = options.listen.substr(options.listen.rfind(':') + 1);
        options.listen = asked;
        node = PeerNode::start(peer, options);
        if (node)
            out.warning = "the peer-link port kept in the profile (" + kept +
                          ") is taken by another program; listening on " +
                          (*node)->listen_address() + " instead";
    }
    if (!node) return node.error();
    out.node = std::move(node).value();
    if (!asked.empty() && asked != out.node->listen_address())
        keep_port(out.node->listen_address(), port_file);
    return out;
}

}  // namespace grove::platform::net
