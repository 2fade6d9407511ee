// CallSession: this device in one space's call — joins and leaves, says whether it is muted or
// speaking, encodes and seals its microphone frames, and opens the frames of the others (audio
// goes to a packet sink, usually a CallReceiver). Who is in the call comes from their signals.
#pragma once

#include <grove/sdk/result.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "calls/call_frame_codec.h"
#include "calls/call_receiver.h"
#include "calls/opus_voice.h"
#include "core/call_frame_hub.h"
#include "core/peer.h"

namespace grove::platform::calls {

struct CallParticipant {
    crypto::SignPublicKey device{};
    bool muted = false;
    bool speaking = false;
    std::int64_t last_heard_ms = 0;
};

struct CallCounters {
    std::uint64_t frames_sent = 0;    // audio frames sealed and queued
    std::uint64_t silent_frames = 0;  // DTX or muted: nothing sent
    std::uint64_t send_failures = 0;
    std::uint64_t audio_received = 0;  // audio frames opened
    std::uint64_t signals_received = 0;
    std::array<std::uint64_t, kDropReasons> dropped{};  // by reason
};

struct CallSessionOptions {
    VoiceEncoderOptions encoder;
    std::function<std::int64_t()> now_ms;  // default: the steady clock
    // A participant not heard from for this long has left (crashed, or lost its link).
    std::int64_t participant_timeout_ms = 5000;
};

class CallSession {
public:
    // `space_hex` names the space; `keys` its call keys. Subscribes to the peer's frames.
    static Result<std::unique_ptr<CallSession>> create(Peer& peer,
                                                       std::shared_ptr<const CallKeys> keys,
                                                       CallSessionOptions options = {});
    ~CallSession();

    Result<void> join();
    Result<void> leave();
    bool joined() const { return joined_; }
    Result<void> set_muted(bool muted);
    bool muted() const { return muted_; }

    // One 20 ms frame from the microphone (already processed): encoded, sealed and sent unless
    // muted or silent (DTX). `level` 0..100 drives the others' speaking indicators.
    Result<void> send_audio(std::span<const std::int16_t> frame);
    // Where opened audio goes (with its arrival time on the session's clock); on the link's
    // thread. Set before join().
    void set_audio_sink(std::function<void(const AudioPacket&, std::int64_t arrival_ms)> sink);
    // Called about every second: repeats our signal (others time us out without it) and drops
    // participants not heard from (returns whether the list changed).
    bool tick();

    std::vector<CallParticipant> participants() const;
    CallCounters counters() const;
    // 0..100 from a frame's RMS (−60 dBFS → 0, 0 dBFS → 100).
    static std::uint32_t level_of(std::span<const std::int16_t> frame);

private:
    CallSession(Peer& peer, std::shared_ptr<const CallKeys> keys, CallSessionOptions options,
                OpusVoiceEncoder encoder, crypto::SignPublicKey me);
    void on_frame(const ReceivedCallFrame& frame);
    Result<void> send_signal(grove::net::v1::CallSignal::State state);
    Result<void> send_payload(const grove::net::v1::CallPayload& payload);

    Peer& peer_;
    std::shared_ptr<const CallKeys> keys_;
    CallSessionOptions options_;
    crypto::SignPublicKey me_;
    std::mutex send_mutex_;  // the encoder, the sealer and the frame counter
    OpusVoiceEncoder encoder_;
    std::unique_ptr<CallFrameSealer> sealer_;
    CallFrameOpener opener_;
    std::uint32_t frame_counter_ = 0;
    std::atomic<bool> joined_{false};
    std::atomic<bool> muted_{false};
    std::atomic<bool> speaking_{false};
    std::int64_t last_voice_ms_ = 0;
    mutable std::mutex mutex_;  // participants_, counters_
    std::map<crypto::SignPublicKey, CallParticipant> participants_;
    CallCounters counters_;
    std::mutex sink_mutex_;  // held while the sink runs: replacing it waits for a running call
    std::function<void(const AudioPacket&, std::int64_t)> sink_;
    Subscription subscription_;  // last: unsubscribed first
};

}  // namespace grove::platform::calls
