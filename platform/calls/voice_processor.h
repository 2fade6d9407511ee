// VoiceProcessor: echo cancellation, noise suppression and gain control of captured audio with
// WebRTC's audio processing module; the far end's audio (what the speaker plays) is its echo
// reference.
#pragma once

#include <grove/sdk/result.h>

#include <memory>

#include "calls/opus_voice.h"

namespace webrtc {
class AudioProcessing;
}

namespace grove::platform::calls {

struct VoiceProcessorOptions {
    bool echo_cancellation = true;
    bool noise_suppression = true;
    bool gain_control = true;
    int stream_delay_ms = 40;  // from playing a sample to capturing its echo (device latency)
};

class VoiceProcessor {
public:
    static Result<std::unique_ptr<VoiceProcessor>> create(
        const VoiceProcessorOptions& options = {});
    ~VoiceProcessor();
    // A 20 ms frame about to be played (the echo reference).
    void render(const Pcm& frame);
    // A 20 ms captured frame, cleaned in place.
    void capture(Pcm& frame);

private:
    VoiceProcessor(webrtc::AudioProcessing* apm, int delay_ms) : apm_(apm), delay_ms_(delay_ms) {}
    webrtc::AudioProcessing* apm_;
    int delay_ms_;
};

}  // namespace grove::platform::calls
