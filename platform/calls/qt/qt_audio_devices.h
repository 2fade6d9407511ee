// The microphone and speaker of a call through Qt Multimedia (QAudioSource / QAudioSink) at
// 48 kHz mono 16-bit, behind AudioInput / AudioOutput; and the devices there are to choose from.
#pragma once

#include <grove/sdk/result.h>

#include <QAudioSink>
#include <QAudioSource>
#include <QByteArray>
#include <QString>
#include <memory>
#include <vector>

#include "calls/audio_endpoints.h"

namespace grove::platform::calls {

struct AudioDeviceChoice {
    QByteArray id;        // QAudioDevice::id(); empty = the system default
    QString description;  // shown to the user
    bool is_default = false;
};

std::vector<AudioDeviceChoice> audio_inputs();
std::vector<AudioDeviceChoice> audio_outputs();

// Captures in push mode: frames accumulate in Qt's buffer and read_frame takes whole 20 ms
// frames. Use on the thread that opened it (a timer there drives the call's loop).
class QtMicrophone final : public AudioInput {
public:
    // NotFound for an unknown device id; FailedPrecondition when the device refuses 48 kHz mono.
    static Result<std::unique_ptr<QtMicrophone>> open(const QByteArray& device_id = {});
    ~QtMicrophone() override;
    std::optional<Pcm> read_frame() override;

private:
    QtMicrophone() = default;
    std::unique_ptr<QAudioSource> source_;
    QIODevice* io_ = nullptr;  // owned by source_
    QByteArray pending_;
};

// Plays in push mode: each frame is written to the sink's buffer (about 60 ms of it).
class QtSpeaker final : public AudioOutput {
public:
    static Result<std::unique_ptr<QtSpeaker>> open(const QByteArray& device_id = {});
    ~QtSpeaker() override;
    void write_frame(const Pcm& frame) override;

private:
    QtSpeaker() = default;
    std::unique_ptr<QAudioSink> sink_;
    QIODevice* io_ = nullptr;  // owned by sink_
};

}  // namespace grove::platform::calls
