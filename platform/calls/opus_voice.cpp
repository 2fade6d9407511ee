#include "calls/opus_voice.h"

#include <opus.h>

#include <utility>

namespace grove::platform::calls {

namespace {
Error opus_error(const char* what, int code) {
    return Error{ErrorCode::Internal, std::string(what) + ": " + opus_strerror(code)};
}
}  // namespace

Result<OpusVoiceEncoder> OpusVoiceEncoder::create(const VoiceEncoderOptions& options) {
    int error = 0;
    OpusEncoder* enc = opus_encoder_create(kSampleRate, 1, OPUS_APPLICATION_VOIP, &error);
    if (error != OPUS_OK || !enc) return opus_error("opus_encoder_create", error);
    OpusVoiceEncoder out(enc);
    opus_encoder_ctl(enc, OPUS_SET_BITRATE(options.bitrate));
    opus_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    opus_encoder_ctl(enc, OPUS_SET_INBAND_FEC(1));
    opus_encoder_ctl(enc, OPUS_SET_PACKET_LOSS_PERC(options.expected_loss_percent));
    opus_encoder_ctl(enc, OPUS_SET_DTX(options.dtx ? 1 : 0));
    opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(options.complexity));
    return out;
}

OpusVoiceEncoder::OpusVoiceEncoder(OpusVoiceEncoder&& other) noexcept
    : encoder_(std::exchange(other.encoder_, nullptr)) {}
OpusVoiceEncoder& OpusVoiceEncoder::operator=(OpusVoiceEncoder&& other) noexcept {
    std::swap(encoder_, other.encoder_);
    return *this;
}
OpusVoiceEncoder::~OpusVoiceEncoder() {
    if (encoder_) opus_encoder_destroy(encoder_);
}

Result<std::vector<std::uint8_t>> OpusVoiceEncoder::encode(std::span<const std::int16_t> frame) {
    if (frame.size() != kFrameSamples)
        return make_error(ErrorCode::InvalidArgument, "a voice frame is 960 samples (20 ms)");
    std::vector<std::uint8_t> packet(kMaxOpusPacket);
    const int n = opus_encode(encoder_, frame.data(), static_cast<int>(kFrameSamples),
                              packet.data(), static_cast<opus_int32>(packet.size()));
    if (n < 0) return opus_error("opus_encode", n);
    // With DTX, a packet of 2 bytes or less is silence the decoder fills in itself.
    if (n <= 2) return std::vector<std::uint8_t>{};
    packet.resize(static_cast<std::size_t>(n));
    return packet;
}

Result<OpusVoiceDecoder> OpusVoiceDecoder::create() {
    int error = 0;
    OpusDecoder* dec = opus_decoder_create(kSampleRate, 1, &error);
    if (error != OPUS_OK || !dec) return opus_error("opus_decoder_create", error);
    return OpusVoiceDecoder(dec);
}

OpusVoiceDecoder::OpusVoiceDecoder(OpusVoiceDecoder&& other) noexcept
    : decoder_(std::exchange(other.decoder_, nullptr)) {}
OpusVoiceDecoder& OpusVoiceDecoder::operator=(OpusVoiceDecoder&& other) noexcept {
    std::swap(decoder_, other.decoder_);
    return *this;
}
OpusVoiceDecoder::~OpusVoiceDecoder() {
    if (decoder_) opus_decoder_destroy(decoder_);
}

Result<Pcm> OpusVoiceDecoder::decode(std::span<const std::uint8_t> packet) {
    Pcm pcm(kFrameSamples);
    const int n = opus_decode(decoder_, packet.data(), static_cast<opus_int32>(packet.size()),
                              pcm.data(), static_cast<int>(kFrameSamples), 0);
    if (n < 0) return Error{ErrorCode::DataLoss, std::string("opus_decode: ") + opus_strerror(n)};
    pcm.resize(static_cast<std::size_t>(n));
    pcm.resize(kFrameSamples, 0);
    return pcm;
}

Result<Pcm> OpusVoiceDecoder::recover(std::span<const std::uint8_t> next_packet) {
    Pcm pcm(kFrameSamples);
    const int n =
        opus_decode(decoder_, next_packet.data(), static_cast<opus_int32>(next_packet.size()),
                    pcm.data(), static_cast<int>(kFrameSamples), 1);
    if (n < 0) return conceal();
    pcm.resize(kFrameSamples, 0);
    return pcm;
}

Result<Pcm> OpusVoiceDecoder::conceal() {
    Pcm pcm(kFrameSamples);
    const int n = opus_decode(decoder_, nullptr, 0, pcm.data(), static_cast<int>(kFrameSamples), 0);
    if (n < 0) return opus_error("opus_decode (concealment)", n);
    pcm.resize(kFrameSamples, 0);
    return pcm;
}

}  // namespace grove::platform::calls
