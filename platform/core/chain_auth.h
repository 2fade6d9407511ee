// Batch authentication of sealed deltas from the network: decode with limits, then verify
// author chains — a signed delta vouches, through `prev`, for the unsigned ones before it.
#pragma once

#include <string>
#include <vector>

#include "core/delta_envelope.h"

namespace grove::platform {

struct AuthenticatedBatch {
    std::vector<DecodedDelta> deltas;  // authentic, in batch order
    std::size_t rejected = 0;
    std::vector<std::string> reasons;  // the first few
};

// Every delta must belong to `space`; an unsigned one needs a validly signed later delta of the
// same author chain in the same batch, linked by `prev`.
AuthenticatedBatch authenticate_batch(const SpaceId& space,
                                      std::vector<grove::wire::v1::SealedDelta> deltas);

}  // namespace grove::platform
