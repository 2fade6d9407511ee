#include "calls/voice_processor.h"

#include <webrtc/modules/audio_processing/include/audio_processing.h>

#include <array>

namespace grove::platform::calls {

namespace {
constexpr std::size_t kChunk = kSampleRate / 100;  // the module works on 10 ms

template <class Fn>
void per_chunk(Pcm& frame, Fn&& fn) {
    std::array<float, kChunk> chunk{};
    for (std::size_t off = 0; off + kChunk <= frame.size(); off += kChunk) {
        for (std::size_t i = 0; i < kChunk; ++i) chunk[i] = frame[off + i] / 32768.0f;
        fn(chunk.data());
        for (std::size_t i = 0; i < kChunk; ++i)
            frame[off + i] =
                static_cast<std::int16_t>(std::clamp(chunk[i] * 32768.0f, -32768.0f, 32767.0f));
    }
}
}  // namespace

Result<std::unique_ptr<VoiceProcessor>> VoiceProcessor::create(
    const VoiceProcessorOptions& options) {
    webrtc::Config config;
    config.Set<webrtc::ExtendedFilter>(new webrtc::ExtendedFilter(true));
    config.Set<webrtc::DelayAgnostic>(new webrtc::DelayAgnostic(true));
    webrtc::AudioProcessing* apm = webrtc::AudioProcessing::Create(config);
    if (!apm) return make_error(ErrorCode::Internal, "WebRTC audio processing did not start");
    std::unique_ptr<VoiceProcessor> out(new VoiceProcessor(apm, options.stream_delay_ms));
    const webrtc::ProcessingConfig pc = {
        {webrtc::StreamConfig(kSampleRate, 1), webrtc::StreamConfig(kSampleRate, 1),
         webrtc::StreamConfig(kSampleRate, 1), webrtc::StreamConfig(kSampleRate, 1)}};
    if (apm->Initialize(pc) != webrtc::AudioProcessing::kNoError)
        return make_error(ErrorCode::Internal, "WebRTC audio processing refused 48 kHz mono");
    apm->echo_cancellation()->enable_drift_compensation(false);
    apm->echo_cancellation()->set_suppression_level(webrtc::EchoCancellation::kHighSuppression);
    apm->echo_cancellation()->Enable(options.echo_cancellation);
    apm->noise_suppression()->set_level(webrtc::NoiseSuppression::kHigh);
    apm->noise_suppression()->Enable(options.noise_suppression);
    apm->gain_control()->set_mode(webrtc::GainControl::kAdaptiveDigital);
    apm->gain_control()->Enable(options.gain_control);
    apm->high_pass_filter()->Enable(true);
    return out;
}

VoiceProcessor::~VoiceProcessor() {
    delete apm_;
}

void VoiceProcessor::render(const Pcm& frame) {
    Pcm copy = frame;
    const webrtc::StreamConfig config(kSampleRate, 1);
    per_chunk(copy, [&](float* chunk) {
        float* channels[] = {chunk};
        apm_->ProcessReverseStream(channels, config, config, channels);
    });
}

void VoiceProcessor::capture(Pcm& frame) {
    const webrtc::StreamConfig config(kSampleRate, 1);
    per_chunk(frame, [&](float* chunk) {
        apm_->set_stream_delay_ms(delay_ms_);
        float* channels[] = {chunk};
        apm_->ProcessStream(channels, config, config, channels);
    });
}

}  // namespace grove::platform::calls
