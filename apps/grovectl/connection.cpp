#include "connection.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include "api/api_token.h"
#include "exit_codes.h"

namespace grove::apps::grovectl {

namespace {

std::optional<std::string> read_small_file(const std::string& file, const char* what) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::cerr << "grovectl: cannot read the " << what << " " << file << '\n';
        return std::nullopt;
    }
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.size() > 1024 * 1024) {
        std::cerr << "grovectl: the " << what << " " << file << " is too large\n";
        return std::nullopt;
    }
    return content;
}

// The TLS part of the options, read; an exit code when they are incomplete or unreadable.
std::variant<ApiClient::Tls, int> resolve_tls(const ConnectionOptions& options) {
    ApiClient::Tls tls;
    if (options.tls_ca.empty() && options.tls_cert.empty() && options.tls_key.empty() &&
        options.tls_server_name.empty())
        return tls;
    if (options.api.empty() || options.api.rfind("unix:", 0) == 0) {
        std::cerr << "grovectl: TLS options need --api HOST:PORT (a TCP listener)\n";
        return kExitUsage;
    }
    if (options.tls_ca.empty() || options.tls_cert.empty() != options.tls_key.empty()) {
        std::cerr << "grovectl: TLS needs --tls-ca F, and --tls-cert with --tls-key for a "
                     "client certificate\n";
        return kExitUsage;
    }
    auto ca = read_small_file(options.tls_ca, "TLS CA file");
    if (!ca) return kExitUsage;
    tls.ca_pem = std::move(*ca);
    if (!options.tls_cert.empty()) {
        auto cert = read_small_file(options.tls_cert, "TLS client certificate");
        auto key = read_small_file(options.tls_key, "TLS client key");
        if (!cert || !key) return kExitUsage;
        tls.cert_pem = std::move(*cert);
        tls.key_pem = std::move(*key);
    }
    tls.server_name = options.tls_server_name;
    return tls;
}

}  // namespace

std::variant<Connection, int> resolve_connection(const ConnectionOptions& options) {
    Connection connection;
    auto tls = resolve_tls(options);
    if (const int* code = std::get_if<int>(&tls)) return *code;
    connection.tls = std::move(std::get<ApiClient::Tls>(tls));

    const std::string& profile = options.profile;
    std::filesystem::path token_path;
    if (!options.api.empty()) {
        connection.address = options.api;
        if (!options.token_file.empty()) {
            token_path = options.token_file;
        } else if (!profile.empty()) {
            token_path = std::filesystem::path(profile) / "api-token";
        } else {
            std::cerr << "grovectl: --api needs --token-file F (or --profile DIR holding "
                         "api-token)\n";
            return kExitUsage;
        }
    } else if (!profile.empty()) {
        const auto socket = std::filesystem::absolute(std::filesystem::path(profile) / "api.sock");
        struct stat st {};
        if (::stat(socket.c_str(), &st) != 0 || !S_ISSOCK(st.st_mode)) {
            std::cerr << "grovectl: groved is not running (no socket at " << socket.string()
                      << ")\n";
            return kExitUnavailable;
        }
        connection.address = "unix:" + socket.string();
        token_path = options.token_file.empty() ? std::filesystem::path(profile) / "api-token"
                                                : std::filesystem::path(options.token_file);
    } else {
        std::cerr << "grovectl: say which peer to talk to: --profile DIR, or --api ADDR "
                     "--token-file F (or set GROVE_PROFILE)\n";
        return kExitUsage;
    }
    auto token = grove::platform::api::ApiToken::read(token_path);
    if (!token) {
        std::cerr << "grovectl: cannot read the API token: " << token.error().message << '\n';
        return kExitUnauthenticated;
    }
    connection.token = std::move(token).value();
    return connection;
}

}  // namespace grove::apps::grovectl
