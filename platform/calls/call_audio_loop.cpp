#include "calls/call_audio_loop.h"

namespace grove::platform::calls {

CallAudioLoop::CallAudioLoop(CallSession& session, AudioInput& input, AudioOutput& output,
                             std::unique_ptr<VoiceProcessor> processor, JitterOptions jitter)
    : session_(session),
      input_(input),
      output_(output),
      processor_(std::move(processor)),
      receiver_(jitter) {
    session_.set_audio_sink([this](const AudioPacket& packet, std::int64_t arrival_ms) {
        receiver_.push(packet, arrival_ms);
    });
}

CallAudioLoop::~CallAudioLoop() {
    session_.set_audio_sink({});
}

void CallAudioLoop::step(std::int64_t now_ms) {
    // Play first: the frame played now is the echo reference for what is captured now.
    Pcm out = receiver_.pull(now_ms);
    if (processor_) processor_->render(out);
    output_.write_frame(out);

    if (auto frame = input_.read_frame()) {
        if (processor_) processor_->capture(*frame);
        input_level_ = CallSession::level_of(*frame);
        const bool open_mic = !push_to_talk_ || talking_;
        if (session_.joined()) {
            if (open_mic) {
                (void)session_.send_audio(*frame);
            } else {
                // Push-to-talk up: silence keeps the frame counter (and playout) in step.
                Pcm silence(kFrameSamples, 0);
                (void)session_.send_audio(silence);
            }
        }
    }
    if (now_ms - last_tick_ms_ >= 1000) {
        last_tick_ms_ = now_ms;
        session_.tick();
    }
}

}  // namespace grove::platform::calls
