// FrameCipher: seals and opens LinkMessages after the handshake — XChaCha20-Poly1305 under the
// direction's key with strictly consecutive sequence numbers, so replays and reordering fail.
#pragma once

#include <grove/sdk/result.h>

#include "crypto/keys.h"
#include "grove/net/v1/link.pb.h"
#include "grove/net/v1/sync.pb.h"

namespace grove::platform::net {

inline constexpr std::size_t kMaxFrameBytes = 16 * 1024 * 1024;

class FrameCipher {
public:
    FrameCipher(crypto::SymmetricKey send, crypto::SymmetricKey receive)
        : send_(std::move(send)), receive_(std::move(receive)) {}

    grove::net::v1::SealedFrame seal(const grove::net::v1::LinkMessage& message);
    // Unauthenticated for a tampered, replayed or out-of-order frame; the link must then close.
    Result<grove::net::v1::LinkMessage> open(const grove::net::v1::SealedFrame& frame);

private:
    crypto::SymmetricKey send_;
    crypto::SymmetricKey receive_;
    std::uint64_t next_send_ = 1;
    std::uint64_t next_receive_ = 1;
};

}  // namespace grove::platform::net
