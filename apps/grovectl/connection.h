// Where grovectl finds the peer's API and how it authenticates: --profile DIR (its socket and
// token file) or --api ADDR with --token-file, optionally over TLS.
#pragma once

#include <string>
#include <variant>

#include "api_client.h"

namespace grove::apps::grovectl {

struct ConnectionOptions {
    std::string profile;  // falls back to $GROVE_PROFILE
    std::string api;
    std::string token_file;
    std::string tls_ca;
    std::string tls_cert;
    std::string tls_key;
    std::string tls_server_name;
};

struct Connection {
    std::string address;
    std::string token;
    ApiClient::Tls tls;
};

// The connection the options name, or (after saying why on stderr) the exit code.
std::variant<Connection, int> resolve_connection(const ConnectionOptions& options);

}  // namespace grove::apps::grovectl
