// Sealing and opening a space's call frames: XChaCha20-Poly1305 under the current epoch's call
// key, a per-join stream id and sequence numbers as the nonce, a replay window per stream.
#pragma once

#include <grove/sdk/result.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <variant>

#include "calls/call_keys.h"
#include "calls/replay_window.h"
#include "grove/net/v1/call.pb.h"

namespace grove::platform::calls {

inline constexpr std::size_t kStreamIdSize = 16;
using StreamId = std::array<std::uint8_t, kStreamIdSize>;

// One sender's outgoing stream: a fresh random stream id, sequence numbers from 1. Thread-safe.
class CallFrameSealer {
public:
    CallFrameSealer(std::shared_ptr<const CallKeys> keys, crypto::SignPublicKey me);
    // A frame carrying `payload`, sealed under the current epoch (FailedPrecondition: the epoch
    // key is not held).
    Result<grove::net::v1::CallFrame> seal(const grove::net::v1::CallPayload& payload);
    const StreamId& stream() const { return stream_; }

private:
    std::shared_ptr<const CallKeys> keys_;
    crypto::SignPublicKey me_;
    StreamId stream_{};
    std::mutex mutex_;
    std::uint64_t next_sequence_ = 1;
};

// Why a received frame was dropped (each counted).
enum class DropReason {
    Malformed,   // bad sizes, an undecodable payload
    StaleEpoch,  // sealed under an epoch other than the current one (e.g. by a removed member)
    NoKey,       // this device does not hold the epoch's key
    Forged,      // authentication failed
    Duplicate,   // a sequence number seen before on the stream
    TooOld,      // below the replay window
};
inline constexpr std::size_t kDropReasons = 6;
const char* drop_reason_name(DropReason reason);

struct OpenedFrame {
    crypto::SignPublicKey sender{};
    StreamId stream{};
    std::uint64_t sequence = 0;
    grove::net::v1::CallPayload payload;
};

// Opens frames from the members of one call. Only frames sealed under the current epoch are
// taken. Thread-safe.
class CallFrameOpener {
public:
    explicit CallFrameOpener(std::shared_ptr<const CallKeys> keys) : keys_(std::move(keys)) {}
    // The opened frame, or why it was dropped (counted).
    std::variant<OpenedFrame, DropReason> open(const crypto::SignPublicKey& sender,
                                               const grove::net::v1::CallFrame& frame);
    std::array<std::uint64_t, kDropReasons> drops() const;
    std::uint64_t opened() const;
    // Streams remembered (one per sender's join); the least recently used goes beyond this.
    static constexpr std::size_t kMaxStreams = 256;

private:
    std::variant<OpenedFrame, DropReason> drop(DropReason reason);
    std::shared_ptr<const CallKeys> keys_;
    mutable std::mutex mutex_;
    struct Stream {
        ReplayWindow window;
        std::uint64_t last_used = 0;
    };
    std::map<std::pair<crypto::SignPublicKey, StreamId>, Stream> streams_;
    std::uint64_t use_clock_ = 0;
    std::array<std::uint64_t, kDropReasons> drops_{};
    std::uint64_t opened_ = 0;
};

}  // namespace grove::platform::calls
