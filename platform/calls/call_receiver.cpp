#include "calls/call_receiver.h"

#include <algorithm>

namespace grove::platform::calls {

void mix_into(std::vector<std::int32_t>& mix, const Pcm& frame) {
    const std::size_t n = std::min(mix.size(), frame.size());
    for (std::size_t i = 0; i < n; ++i) mix[i] += frame[i];
}

Pcm saturate(const std::vector<std::int32_t>& mix) {
    Pcm out(mix.size());
    for (std::size_t i = 0; i < mix.size(); ++i)
        out[i] = static_cast<std::int16_t>(std::clamp<std::int32_t>(mix[i], -32768, 32767));
    return out;
}

void CallReceiver::push(const AudioPacket& packet, std::int64_t arrival_ms) {
    std::lock_guard lock(mutex_);
    auto it = speakers_.find(packet.sender);
    if (it == speakers_.end() || it->second.stream != packet.stream) {
        if (it == speakers_.end() && speakers_.size() >= kMaxSpeakers) return;
        auto decoder = OpusVoiceDecoder::create();
        if (!decoder.ok()) return;
        Speaker s;
        s.stream = packet.stream;
        s.buffer = std::make_unique<JitterBuffer>(std::move(*decoder), options_);
        it = speakers_.insert_or_assign(packet.sender, std::move(s)).first;
    }
    it->second.buffer->push(packet.frame, packet.opus, arrival_ms);
}

Pcm CallReceiver::pull(std::int64_t now_ms) {
    std::vector<std::int32_t> mix(kFrameSamples, 0);
    std::lock_guard lock(mutex_);
    for (auto& [sender, speaker] : speakers_) {
        Pcm frame = speaker.buffer->pull(now_ms);
        if (!frame.empty()) mix_into(mix, frame);
    }
    return saturate(mix);
}

void CallReceiver::forget(const crypto::SignPublicKey& sender) {
    std::lock_guard lock(mutex_);
    speakers_.erase(sender);
}

std::vector<SpeakerStats> CallReceiver::stats() const {
    std::lock_guard lock(mutex_);
    std::vector<SpeakerStats> out;
    for (const auto& [sender, speaker] : speakers_)
        out.push_back({sender, speaker.buffer->stats()});
    return out;
}

}  // namespace grove::platform::calls
