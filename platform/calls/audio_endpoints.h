// Where a call's audio comes from and goes to: 20 ms frames of 48 kHz mono. Devices (Qt
// Multimedia), WAV files (headless, tests) and memory implement it; the call never knows which.
#pragma once

#include <optional>

#include "calls/opus_voice.h"

namespace grove::platform::calls {

class AudioInput {
public:
    virtual ~AudioInput() = default;
    // The next 960 samples when a whole frame is available, else nullopt (try again later).
    virtual std::optional<Pcm> read_frame() = 0;
};

class AudioOutput {
public:
    virtual ~AudioOutput() = default;
    virtual void write_frame(const Pcm& frame) = 0;
};

}  // namespace grove::platform::calls
