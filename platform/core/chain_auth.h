// Author chains on the wire. Receiving: decode with limits, then verify author chains — a
// signed delta vouches, through `prev`, for the unsigned ones before it. Sending: page through a
// stored log so that no batch ends on an author's unsigned delta (peers and the relay alike).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/delta_envelope.h"
#include "store/database.h"

namespace grove::platform {

using VersionVector = std::map<crypto::SignPublicKey, std::uint64_t>;

// Most deltas one batch may carry (ingest refuses more; a sender cuts a never-closing chain).
inline constexpr std::size_t kMaxBatchDeltas = 4096;

struct OutgoingBatch {
    std::vector<grove::wire::v1::SealedDelta> deltas;
    std::int64_t cursor = 0;  // local log position reached (pass back as `after`)
    std::size_t bytes = 0;
    bool more = false;        // stopped at a limit; call again
};

struct AuthenticatedBatch {
    std::vector<DecodedDelta> deltas;  // authentic, in batch order
    std::size_t rejected = 0;
    std::vector<std::string> reasons;  // the first few
};

// Every delta must belong to `space`; an unsigned one needs a validly signed later delta of the
// same author chain in the same batch, linked by `prev`.
AuthenticatedBatch authenticate_batch(const SpaceId& space,
                                      std::vector<grove::wire::v1::SealedDelta> deltas);

// The deltas of `space` after log position `after` that `remote_has` lacks, in log order, up to
// about `max_deltas` / `max_bytes` — but never ending on an author's unsigned delta (the batch
// runs on until each open chain reaches its signed delta, or kMaxBatchDeltas). Updates
// `remote_has`. `page` selects (position, author, author_seq, header, nonce, ciphertext,
// signature) with parameters (space, after position, limit), ordered by position.
// With `held_back` (the relay, whose log may start above a device's vector after retention): a
// delta that does not extend its author's chain in `remote_has` contiguously is not sent, and the
// lowest such position is kept in `*held_back` (unchanged when none).
Result<OutgoingBatch> read_signed_runs(store::Statement& page, const SpaceId& space,
                                       std::int64_t after, VersionVector& remote_has,
                                       std::size_t max_deltas, std::size_t max_bytes,
                                       std::int64_t* held_back = nullptr);

}  // namespace grove::platform
