// BlobStoreProvider: where the core finds a space's sdk::BlobStore for its tool instances. The
// blob layer (platform/blob) implements it; the core only holds one and asks it.
#pragma once

#include <grove/sdk/blobstore.h>

#include <memory>

#include "core/link_channel.h"
#include "core/space.h"
#include "crypto/keys.h"

namespace grove::platform {

class BlobStoreProvider {
public:
    virtual ~BlobStoreProvider() = default;
    // The space's store (opened on first use; it lives as long as the provider). Never null: a
    // store that cannot open answers every call with the reason.
    virtual sdk::BlobStore* for_space(const SpaceId& space) = 0;
    // The chunk exchange's end of a new link to `remote` (null: chunks do not cross links).
    // Runs on the link's thread; the channel lives as long as the link.
    virtual std::unique_ptr<LinkChannel> open_link_channel(const crypto::SignPublicKey& remote,
                                                           bool remote_is_relay) {
        (void)remote;
        (void)remote_is_relay;
        return nullptr;
    }
};

}  // namespace grove::platform
