// Opus for voice: 48 kHz mono, 20 ms frames (960 samples), in-band FEC and DTX on the encoder;
// the decoder conceals a lost frame (PLC) or rebuilds it from the next packet's FEC data.
#pragma once

#include <grove/sdk/result.h>

#include <cstdint>
#include <span>
#include <vector>

struct OpusEncoder;
struct OpusDecoder;

namespace grove::platform::calls {

inline constexpr int kSampleRate = 48000;
inline constexpr int kFrameMs = 20;
inline constexpr std::size_t kFrameSamples = kSampleRate / 1000 * kFrameMs;  // 960
inline constexpr std::size_t kMaxOpusPacket = 1275;
using Pcm = std::vector<std::int16_t>;

struct VoiceEncoderOptions {
    int bitrate = 24000;             // bit/s; speech is clear from 16 kbit/s
    int expected_loss_percent = 10;  // how much FEC the encoder spends
    bool dtx = true;
    int complexity = 5;
};

class OpusVoiceEncoder {
public:
    static Result<OpusVoiceEncoder> create(const VoiceEncoderOptions& options = {});
    OpusVoiceEncoder(OpusVoiceEncoder&& other) noexcept;
    OpusVoiceEncoder& operator=(OpusVoiceEncoder&& other) noexcept;
    ~OpusVoiceEncoder();
    // One 20 ms frame (960 samples) → a packet; an empty packet is DTX silence (not sent).
    Result<std::vector<std::uint8_t>> encode(std::span<const std::int16_t> frame);

private:
    explicit OpusVoiceEncoder(OpusEncoder* encoder) : encoder_(encoder) {}
    OpusEncoder* encoder_ = nullptr;
};

class OpusVoiceDecoder {
public:
    static Result<OpusVoiceDecoder> create();
    OpusVoiceDecoder(OpusVoiceDecoder&& other) noexcept;
    OpusVoiceDecoder& operator=(OpusVoiceDecoder&& other) noexcept;
    ~OpusVoiceDecoder();
    // A received packet → 960 samples (DataLoss for a corrupt packet).
    Result<Pcm> decode(std::span<const std::uint8_t> packet);
    // The frame before `next_packet`, rebuilt from its in-band FEC data (PLC when it has none).
    Result<Pcm> recover(std::span<const std::uint8_t> next_packet);
    // A lost frame concealed from what came before.
    Result<Pcm> conceal();

private:
    explicit OpusVoiceDecoder(OpusDecoder* decoder) : decoder_(decoder) {}
    OpusDecoder* decoder_ = nullptr;
};

}  // namespace grove::platform::calls
