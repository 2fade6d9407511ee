// WAV files as a call's microphone and speaker: 16-bit PCM, mono, 48 kHz (others are refused with
// a clear error — resample with sox first). Used headless and by tests.
#pragma once

#include <grove/sdk/result.h>

#include <filesystem>
#include <fstream>

#include "calls/audio_endpoints.h"

namespace grove::platform::calls {

// The samples of a 16-bit mono 48 kHz WAV file.
Result<Pcm> read_wav(const std::filesystem::path& file);
Result<void> write_wav(const std::filesystem::path& file, const Pcm& samples);

// Plays a file frame by frame, then silence (or nothing: `ended()`).
class WavInput final : public AudioInput {
public:
    static Result<std::unique_ptr<WavInput>> open(const std::filesystem::path& file);
    explicit WavInput(Pcm samples) : samples_(std::move(samples)) {}
    std::optional<Pcm> read_frame() override;
    bool ended() const { return position_ >= samples_.size(); }

private:
    Pcm samples_;
    std::size_t position_ = 0;
};

// Collects frames in memory; `save` writes them as a WAV file.
class WavOutput final : public AudioOutput {
public:
    void write_frame(const Pcm& frame) override {
        samples_.insert(samples_.end(), frame.begin(), frame.end());
    }
    const Pcm& samples() const { return samples_; }
    Result<void> save(const std::filesystem::path& file) const { return write_wav(file, samples_); }

private:
    Pcm samples_;
};

}  // namespace grove::platform::calls
