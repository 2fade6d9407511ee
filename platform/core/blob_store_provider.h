// BlobStoreProvider: where the core finds a space's sdk::BlobStore for its tool instances. The
// blob layer (platform/blob) implements it; the core only holds one and asks it.
#pragma once

#include <grove/sdk/blobstore.h>

#include "core/space.h"

namespace grove::platform {

class BlobStoreProvider {
public:
    virtual ~BlobStoreProvider() = default;
    // The space's store (opened on first use; it lives as long as the provider). Never null: a
    // store that cannot open answers every call with the reason.
    virtual sdk::BlobStore* for_space(const SpaceId& space) = 0;
};

}  // namespace grove::platform
