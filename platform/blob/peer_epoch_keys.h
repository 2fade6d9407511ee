// PeerEpochKeys: the EpochKeySource of one space held by a Peer — its current epoch and the
// epoch keys this device holds, read under the peer's lock (none while the account is locked).
#pragma once

#include "blob/epoch_key_source.h"
#include "core/peer.h"
#include "core/space.h"

namespace grove::platform::blob {

class PeerEpochKeys final : public EpochKeySource {
public:
    PeerEpochKeys(Peer& peer, SpaceId space) : peer_(peer), space_(space) {}
    std::uint32_t current_epoch() const override;
    std::optional<crypto::SymmetricKey> epoch_key(std::uint32_t epoch) const override;

private:
    Peer& peer_;
    SpaceId space_;
};

}  // namespace grove::platform::blob
