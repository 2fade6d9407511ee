// RelaySession: the relay's end of one device's link — per space it learns the device's vector,
// stores authentic deltas the device pushes (acknowledging after commit) and forwards the rest.
#pragma once

#include <functional>
#include <map>
#include <mutex>

#include "net/link_session.h"
#include "net/relay_store.h"

namespace grove::platform::net {

struct RelayCounters {
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> delivered{0};
    std::atomic<std::uint64_t> rejected{0};
};

class RelaySession : public LinkSession {
public:
    RelaySession(RelayStore& store, std::mutex& store_mutex, RelayCounters& counters,
                 crypto::SignPublicKey device, Sender send, std::function<void()> stored)
        : store_(store),
          store_mutex_(store_mutex),
          counters_(counters),
          device_(device),
          send_(std::move(send)),
          stored_(std::move(stored)) {}

    Result<void> handle(const grove::net::v1::LinkMessage& message) override;
    Result<void> handle_owned(grove::net::v1::LinkMessage&& message) override;
    Result<bool> pump() override;
    void tick() override {}

private:
    struct SpaceState {
        bool hello_sent = false;
        VersionVector remote_has;
        std::int64_t cursor = 0;
    };
    void notice(const std::string& space, ErrorCode code, const std::string& text);
    Result<void> on_deltas(const std::string& space_id,
                           std::vector<grove::wire::v1::SealedDelta> deltas);

    RelayStore& store_;
    std::mutex& store_mutex_;
    RelayCounters& counters_;
    crypto::SignPublicKey device_;
    Sender send_;
    std::function<void()> stored_;
    std::map<SpaceId, SpaceState> spaces_;
};

}  // namespace grove::platform::net
