// The delta envelope: computing ids, sealing payloads, signing chains and decoding untrusted
// envelopes with strict size limits. See docs/protocol.md for the byte-level definitions.
#pragma once

#include <grove/sdk/result.h>

#include "common/bytes.h"
#include "crypto/keys.h"
#include "grove/wire/v1/delta.pb.h"

namespace grove::platform {

inline constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
inline constexpr std::size_t kMaxCiphertextBytes = 1024 * 1024;
inline constexpr std::size_t kMaxDeps = 256;
inline constexpr std::size_t kMaxEpochKeyWraps = 4096;
inline constexpr std::size_t kSpaceIdSize = 16;
inline constexpr std::size_t kToolInstanceIdSize = 16;
inline constexpr std::uint32_t kEnvelopeVersion = 1;

using DeltaId = crypto::Hash;
using SpaceId = FixedBytes<kSpaceIdSize>;

DeltaId compute_delta_id(ByteView header, ByteView nonce, ByteView ciphertext);
Bytes delta_signing_input(const DeltaId& id);

// A sealed delta whose header has been parsed and checked for well-formedness (not yet for
// membership, order or signature, which need the space's state).
struct DecodedDelta {
    DeltaId id{};
    grove::wire::v1::DeltaHeader header;
    grove::wire::v1::SealedDelta sealed;
    crypto::SignPublicKey author{};
    std::uint64_t seq = 0;
    std::vector<DeltaId> deps;
    std::optional<DeltaId> prev;
    // Set only on deltas this device just sealed: the payload it sealed, so applying a local
    // delta need not decrypt what it encrypted a moment ago. Never set from the wire.
    std::optional<Bytes> local_payload;
};

// Checks sizes before parsing anything (oversized → ResourceExhausted), then the header's fields.
Result<DecodedDelta> decode_delta(grove::wire::v1::SealedDelta sealed);
Result<DecodedDelta> decode_delta_bytes(ByteView envelope);

// Seals `payload` under `key` with the serialized header as associated data; signs when asked.
DecodedDelta seal_delta(grove::wire::v1::DeltaHeader header, ByteView payload,
                        const crypto::SymmetricKey& key, const crypto::SignSecretKey* signer);

bool verify_delta_signature(const DecodedDelta& delta);
Result<Bytes> open_delta_payload(const DecodedDelta& delta, const crypto::SymmetricKey& key);

}  // namespace grove::platform
