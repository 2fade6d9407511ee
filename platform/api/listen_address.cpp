#include "api/listen_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>

namespace grove::platform::api {
namespace {

Error bad(const std::string& text, const std::string& why) {
    return make_error(ErrorCode::InvalidArgument,
                      "invalid API address '" + text + "': " + why +
                          " (expected unix:PATH, HOST:PORT or [IPV6]:PORT)");
}

}  // namespace

ListenAddress ListenAddress::unix_socket(const std::filesystem::path& path) {
    ListenAddress out;
    out.kind_ = Kind::Unix;
    out.path_ = std::filesystem::absolute(path).lexically_normal();
    return out;
}

Result<ListenAddress> ListenAddress::parse(const std::string& text) {
    if (text.rfind("unix:", 0) == 0) {
        std::string path = text.substr(5);
        if (path.rfind("//", 0) == 0) path.erase(0, 2);  // unix:///abs/path
        if (path.empty()) return bad(text, "empty socket path");
        return unix_socket(path);  // ApiServer checks the length (sun_path) with advice
    }

    std::string host;
    std::string port_text;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find("]:");
        if (close == std::string::npos) return bad(text, "missing ']:PORT'");
        host = text.substr(1, close - 1);
        port_text = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos) return bad(text, "missing ':PORT'");
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
        if (host.find(':') != std::string::npos)
            return bad(text, "write IPv6 addresses in brackets, like [::1]:7000");
    }
    if (host.empty()) return bad(text, "missing host (use 127.0.0.1 for loopback)");
    int port = -1;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535)
        return bad(text, "the port must be a number from 0 to 65535");

    ListenAddress out;
    out.kind_ = Kind::Tcp;
    out.host_ = host;
    out.port_ = port;
    return out;
}

bool ListenAddress::is_loopback() const {
    if (kind_ == Kind::Unix) return true;
    if (host_ == "localhost") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, host_.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, host_.c_str(), &v6) == 1) {
        if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
        if (IN6_IS_ADDR_V4MAPPED(&v6)) return v6.s6_addr[12] == 127;
    }
    return false;  // other host names are not resolved: they count as remote
}

std::string ListenAddress::uri(int port) const {
    if (kind_ == Kind::Unix) return "unix:" + path_.string();
    const bool v6 = host_.find(':') != std::string::npos;
    return (v6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port);
}

}  // namespace grove::platform::api
