// CoreInstanceBridge: the platform core's side of one tool instance — submit becomes a signed,
// stored, replicated DELTA_KIND_TOOL delta; members and permissions come from the space's log.
#pragma once

#include <memory>

#include "core/peer.h"
#include "toolhost/instancebridge.h"
#include "toolhost/instanceaddress.h"

namespace grove::platform {

class CoreInstanceBridge final : public InstanceBridge {
public:
    CoreInstanceBridge(Peer& peer, InstanceAddress address);

    Result<sdk::OpId> submit(sdk::ByteView payload) override;
    sdk::LocalMember me() const override;
    std::vector<sdk::Member> members() const override;
    bool permits(const sdk::IdentityId& who, sdk::Permission what) const override;
    Result<void> send_ephemeral(sdk::ByteView payload) override;
    void log(sdk::LogLevel level, std::string_view message) override;
    sdk::BlobStore* blobs() override;

private:
    Peer& peer_;
    InstanceAddress address_;
};

}  // namespace grove::platform
