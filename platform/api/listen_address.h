// Where the API listens: `unix:PATH` (a Unix socket) or `HOST:PORT` / `[V6]:PORT` (TCP).
// Parses and checks the text; tells whether a TCP address is loopback-only.
#pragma once

#include <grove/sdk/result.h>

#include <filesystem>
#include <string>

namespace grove::platform::api {

class ListenAddress {
public:
    enum class Kind { Unix, Tcp };

    // `unix:PATH` (PATH made absolute), `HOST:PORT`, `[IPV6]:PORT`; port 0 picks a free port.
    static Result<ListenAddress> parse(const std::string& text);
    static ListenAddress unix_socket(const std::filesystem::path& path);

    Kind kind() const { return kind_; }
    const std::filesystem::path& unix_path() const { return path_; }
    const std::string& host() const { return host_; }
    int port() const { return port_; }
    // Unix sockets, `localhost`, 127.0.0.0/8, ::1 and ::ffff:127.x.y.z.
    bool is_loopback() const;
    // The address for gRPC with `port` in place of ours (the one gRPC picked for port 0).
    std::string uri(int port) const;
    std::string uri() const { return uri(port_); }

private:
    Kind kind_ = Kind::Unix;
    std::filesystem::path path_;
    std::string host_;
    int port_ = 0;
};

}  // namespace grove::platform::api
