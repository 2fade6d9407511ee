// CallReceiver: the listening side of a call — one jitter buffer and Opus decoder per speaker,
// their 20 ms frames mixed into one (saturating) for the speaker device.
#pragma once

#include <map>
#include <mutex>
#include <vector>

#include "calls/call_frame_codec.h"
#include "calls/jitter_buffer.h"

namespace grove::platform::calls {

// One decrypted audio frame of a speaker.
struct AudioPacket {
    crypto::SignPublicKey sender{};
    StreamId stream{};
    std::uint32_t frame = 0;
    std::vector<std::uint8_t> opus;
    std::uint32_t level = 0;  // 0..100 as the sender measured it
};

struct SpeakerStats {
    crypto::SignPublicKey sender{};
    JitterStats jitter;
};

// Sums frames into `mix` with saturation to 16 bits (mix and frame are 960 samples).
void mix_into(std::vector<std::int32_t>& mix, const Pcm& frame);
Pcm saturate(const std::vector<std::int32_t>& mix);

class CallReceiver {
public:
    explicit CallReceiver(JitterOptions options = {}) : options_(options) {}
    // A packet that arrived at `arrival_ms` (the playout clock). A speaker's new stream (it
    // joined again) starts a new jitter buffer. Thread-safe.
    void push(const AudioPacket& packet, std::int64_t arrival_ms);
    // The mix of every speaker's frame due at `now_ms`; call every 20 ms. Silence when nobody
    // speaks.
    Pcm pull(std::int64_t now_ms);
    // A speaker left: its buffer goes.
    void forget(const crypto::SignPublicKey& sender);
    std::vector<SpeakerStats> stats() const;
    static constexpr std::size_t kMaxSpeakers = 64;

private:
    struct Speaker {
        StreamId stream{};
        std::unique_ptr<JitterBuffer> buffer;
    };
    JitterOptions options_;
    mutable std::mutex mutex_;
    std::map<crypto::SignPublicKey, Speaker> speakers_;
};

}  // namespace grove::platform::calls
