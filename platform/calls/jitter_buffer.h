// JitterBuffer: one speaker's received Opus packets held until their playout time, which adapts
// to the measured network jitter; a missing frame is rebuilt from the next packet's FEC data or
// concealed (Opus PLC); the delay shrinks by dropping a frame and grows by concealing one.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "calls/opus_voice.h"

namespace grove::platform::calls {

struct JitterOptions {
    int min_delay_ms = 20;  // never plays closer to the fastest packet than this
    int max_delay_ms = 400;
    int margin_ms = 10;        // above the jitter that 95 % of packets stay within
    std::size_t window = 250;  // packets the jitter estimate looks back over (5 s of speech)
    std::size_t max_packets = 64;
    int idle_frames = 10;  // consecutive frames with nothing to play before re-buffering
};

struct JitterStats {
    std::uint64_t pushed = 0;
    std::uint64_t played = 0;     // frames decoded from their own packet
    std::uint64_t recovered = 0;  // from the next packet's FEC
    std::uint64_t concealed = 0;  // PLC (loss, DTX silence, or stretching)
    std::uint64_t late = 0;       // arrived after their playout time
    std::uint64_t duplicate = 0;
    std::uint64_t skipped = 0;    // dropped to shorten the delay
    std::uint64_t stretched = 0;  // concealed frames inserted to lengthen it
    std::uint64_t overflow = 0;   // dropped because the buffer was full
    int target_delay_ms = 0;      // what the buffer aims for (above the fastest packet)
    int current_delay_ms = 0;     // at the last pull
};

class JitterBuffer {
public:
    explicit JitterBuffer(OpusVoiceDecoder decoder, JitterOptions options = {});
    // A packet of frame number `frame` that arrived at `arrival_ms` (the playout clock's time).
    void push(std::uint32_t frame, std::vector<std::uint8_t> opus, std::int64_t arrival_ms);
    // The 20 ms of audio due at `now_ms` (called every 20 ms); empty while nothing is playing.
    Pcm pull(std::int64_t now_ms);
    bool playing() const { return started_; }
    const JitterStats& stats() const { return stats_; }

private:
    void update_target();
    Pcm play_next();

    OpusVoiceDecoder decoder_;
    JitterOptions options_;
    JitterStats stats_;
    std::map<std::uint32_t, std::vector<std::uint8_t>> packets_;
    std::deque<std::int64_t> transits_;  // arrival − frame × 20 ms, most recent last
    std::int64_t min_transit_ = 0;
    int target_ms_ = 0;
    bool started_ = false;
    std::int64_t first_arrival_ = 0;
    std::uint32_t next_frame_ = 0;
    int empty_run_ = 0;
    int since_start_ = 0;  // frames pulled since playout (re)started
    static constexpr int kKeepAfterStart = 5;
};

}  // namespace grove::platform::calls
