#include "calls/qt/qt_audio_devices.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QMediaDevices>
#include <cstring>

namespace grove::platform::calls {

namespace {
QAudioFormat voice_format() {
    QAudioFormat format;
    format.setSampleRate(kSampleRate);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Int16);
    return format;
}

std::vector<AudioDeviceChoice> choices(const QList<QAudioDevice>& devices) {
    std::vector<AudioDeviceChoice> out;
    for (const auto& d : devices) out.push_back({d.id(), d.description(), d.isDefault()});
    return out;
}

Result<QAudioDevice> find(const QList<QAudioDevice>& devices, const QAudioDevice& fallback,
                          const QByteArray& id, const char* what) {
    QAudioDevice device = fallback;
    if (!id.isEmpty()) {
        device = {};
        for (const auto& d : devices)
            if (d.id() == id) device = d;
    }
    if (device.isNull())
        return make_error(ErrorCode::NotFound, std::string("no such ") + what +
                                                   (id.isEmpty() ? " (none installed)" : ""));
    if (!device.isFormatSupported(voice_format()))
        return make_error(ErrorCode::FailedPrecondition,
                          std::string("the ") + what + " does not take 48 kHz mono 16-bit audio");
    return device;
}
}  // namespace

std::vector<AudioDeviceChoice> audio_inputs() {
    return choices(QMediaDevices::audioInputs());
}
std::vector<AudioDeviceChoice> audio_outputs() {
    return choices(QMediaDevices::audioOutputs());
}

Result<std::unique_ptr<QtMicrophone>> QtMicrophone::open(const QByteArray& device_id) {
    auto device = find(QMediaDevices::audioInputs(), QMediaDevices::defaultAudioInput(), device_id,
                       "microphone");
    if (!device.ok()) return device.error();
    std::unique_ptr<QtMicrophone> out(new QtMicrophone());
    out->source_ = std::make_unique<QAudioSource>(*device, voice_format());
    out->source_->setBufferSize(static_cast<qsizetype>(kFrameSamples * 2 * 4));
    out->io_ = out->source_->start();
    if (!out->io_ || out->source_->error() != QAudio::NoError)
        return make_error(ErrorCode::Unavailable, "the microphone did not start");
    return out;
}

QtMicrophone::~QtMicrophone() {
    if (source_) source_->stop();
}

std::optional<Pcm> QtMicrophone::read_frame() {
    pending_.append(io_->readAll());
    const qsizetype frame_bytes = static_cast<qsizetype>(kFrameSamples * 2);
    if (pending_.size() < frame_bytes) return std::nullopt;
    Pcm frame(kFrameSamples);
    std::memcpy(frame.data(), pending_.constData(), static_cast<std::size_t>(frame_bytes));
    pending_.remove(0, frame_bytes);
    // More than 100 ms behind (the loop stalled): drop the backlog rather than lag forever.
    if (pending_.size() > frame_bytes * 5) pending_.clear();
    return frame;
}

Result<std::unique_ptr<QtSpeaker>> QtSpeaker::open(const QByteArray& device_id) {
    auto device = find(QMediaDevices::audioOutputs(), QMediaDevices::defaultAudioOutput(),
                       device_id, "speaker");
    if (!device.ok()) return device.error();
    std::unique_ptr<QtSpeaker> out(new QtSpeaker());
    out->sink_ = std::make_unique<QAudioSink>(*device, voice_format());
    out->sink_->setBufferSize(static_cast<qsizetype>(kFrameSamples * 2 * 3));
    out->io_ = out->sink_->start();
    if (!out->io_ || out->sink_->error() != QAudio::NoError)
        return make_error(ErrorCode::Unavailable, "the speaker did not start");
    return out;
}

QtSpeaker::~QtSpeaker() {
    if (sink_) sink_->stop();
}

void QtSpeaker::write_frame(const Pcm& frame) {
    // A full buffer means the device fell behind: the frame is dropped (never queued without end).
    if (sink_->bytesFree() < static_cast<qsizetype>(frame.size() * 2)) return;
    io_->write(reinterpret_cast<const char*>(frame.data()), static_cast<qint64>(frame.size() * 2));
}

}  // namespace grove::platform::calls
