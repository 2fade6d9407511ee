// CallAudioLoop: what runs every 20 ms in a call — a microphone frame cleaned (echo, noise, gain)
// and sent unless muted or push-to-talk is up; the speakers' mix pulled, used as the echo
// reference and played; the session's signals repeated once a second. Driven by the caller's
// clock (a timer or thread in the app and groved, virtual time in tests).
#pragma once

#include <memory>

#include "calls/audio_endpoints.h"
#include "calls/call_receiver.h"
#include "calls/call_session.h"
#include "calls/voice_processor.h"

namespace grove::platform::calls {

class CallAudioLoop {
public:
    // `processor` may be null (no cleaning). Routes the session's audio into its receiver.
    CallAudioLoop(CallSession& session, AudioInput& input, AudioOutput& output,
                  std::unique_ptr<VoiceProcessor> processor, JitterOptions jitter = {});
    ~CallAudioLoop();
    // One 20 ms step at `now_ms` on the session's clock.
    void step(std::int64_t now_ms);
    // Push-to-talk: while set, the microphone is sent only when `talking`.
    void set_push_to_talk(bool enabled) { push_to_talk_ = enabled; }
    void set_talking(bool talking) { talking_ = talking; }
    // 0..100: the last captured frame's level (the settings' meter).
    std::uint32_t input_level() const { return input_level_; }
    const CallReceiver& receiver() const { return receiver_; }

private:
    CallSession& session_;
    AudioInput& input_;
    AudioOutput& output_;
    std::unique_ptr<VoiceProcessor> processor_;
    CallReceiver receiver_;
    std::atomic<bool> push_to_talk_{false};
    std::atomic<bool> talking_{false};
    std::atomic<std::uint32_t> input_level_{0};
    std::int64_t last_tick_ms_ = 0;
};

}  // namespace grove::platform::calls
