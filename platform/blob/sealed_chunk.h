// The sealed chunk: the one byte format of a chunk at rest, on the wire and at a relay — a header
// naming the epoch and nonce, then the XChaCha20-Poly1305 ciphertext of the plaintext.
#pragma once

#include <grove/sdk/blobstore.h>
#include <grove/sdk/result.h>

#include <cstdint>

#include "blob/blob_keys.h"
#include "common/bytes.h"

namespace grove::platform::blob {

//   0  magic "GRVB"          4  format version (1)    5  reserved, zero (3 bytes)
//   8  epoch, u32 little endian                       12 nonce (24 bytes)
//  36  ciphertext ‖ 16-byte tag
// Associated data: the 36-byte header ‖ the chunk id, so a sealed chunk opens only under its
// own id and its own epoch.
inline constexpr std::size_t kSealedHeaderSize = 36;
inline constexpr std::size_t kSealOverhead = kSealedHeaderSize + 16;
inline constexpr std::size_t kMaxSealedSize = sdk::BlobStore::kMaxChunkSize + kSealOverhead;

// Seals `plaintext` (whose id under `keys` is `id`) into `out` (resized).
void seal_chunk(const EpochBlobKeys& keys, const sdk::BlobId& id, ByteView plaintext, Bytes& out);

// The epoch a sealed chunk names (DataLoss when the header is malformed).
Result<std::uint32_t> sealed_epoch(ByteView sealed);

// Opens `sealed` into `plaintext` (resized) and checks that the plaintext's id is `id`:
// DataLoss when anything was altered or the chunk is not the one named.
Result<void> open_chunk(const EpochBlobKeys& keys, const sdk::BlobId& id, ByteView sealed,
                        Bytes& plaintext);

}  // namespace grove::platform::blob
