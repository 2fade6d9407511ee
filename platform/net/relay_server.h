// RelayServer: grove-relay's service — device-authenticated links carrying sealed deltas per
// space into a durable RelayStore and out to every member device that lacks them; operator status.
#pragma once

#include <grove/sdk/result.h>

#include <filesystem>
#include <memory>

#include "grove/net/v1/relay.pb.h"
#include "net/link_admission.h"
#include "net/relay_chunks.h"
#include "net/relay_store.h"

namespace grove::platform::net {

struct RelayOptions {
    std::filesystem::path data;
    std::string listen = "127.0.0.1:7400";
    RelayLimits limits;
    RelayChunkLimits chunk_limits;
    // Links accepted at once: in all, per source address, still in their handshake.
    LinkLimits links{10'000, 64, 64, 256u << 20};
    std::chrono::milliseconds tick{1000};
    // How often retention runs (at most; never less often than limits.retention / 4).
    std::chrono::milliseconds expire_every = std::chrono::minutes(1);
};

class RelayServer {
public:
    static Result<std::unique_ptr<RelayServer>> start(RelayOptions options);
    ~RelayServer();
    const std::string& listen_address() const;
    grove::net::v1::RelayStatus status() const;
    // The operator's token for Relay/Status (hex; also in DIR/status.token, 0600).
    const std::string& status_token() const;
    // Runs retention now as if the clock read `now_ms` (the janitor does it periodically).
    Result<RelayExpiry> expire(std::int64_t now_ms);
    void stop();
    void wait();

    struct State;

private:
    explicit RelayServer(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// Reads a running relay's status over gRPC (grove-relay --status) with the operator's token.
Result<grove::net::v1::RelayStatus> query_relay_status(const std::string& address,
                                                       const std::string& token);
// Reads an operator token file (a relay keeps its own in DIR/status.token); NotFound if absent.
Result<std::string> read_status_token(const std::filesystem::path& file);

}  // namespace grove::platform::net
