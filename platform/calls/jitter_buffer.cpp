#include "calls/jitter_buffer.h"

#include <algorithm>

namespace grove::platform::calls {

JitterBuffer::JitterBuffer(OpusVoiceDecoder decoder, JitterOptions options)
    : decoder_(std::move(decoder)), options_(options), target_ms_(options.min_delay_ms * 2) {
    stats_.target_delay_ms = target_ms_;
}

void JitterBuffer::update_target() {
    std::vector<std::int64_t> sorted(transits_.begin(), transits_.end());
    std::sort(sorted.begin(), sorted.end());
    min_transit_ = sorted.front();
    const std::size_t p95 = std::min(sorted.size() - 1, sorted.size() * 95 / 100);
    const std::int64_t jitter = sorted[p95] - min_transit_;
    target_ms_ = static_cast<int>(std::clamp<std::int64_t>(
        jitter + options_.margin_ms, options_.min_delay_ms, options_.max_delay_ms));
    stats_.target_delay_ms = target_ms_;
}

void JitterBuffer::push(std::uint32_t frame, std::vector<std::uint8_t> opus,
                        std::int64_t arrival_ms) {
    ++stats_.pushed;
    // Every packet, late ones included, informs the estimate: lateness is what it must learn.
    transits_.push_back(arrival_ms - static_cast<std::int64_t>(frame) * kFrameMs);
    if (transits_.size() > options_.window) transits_.pop_front();
    update_target();
    if (started_ && static_cast<std::int32_t>(frame - next_frame_) < 0) {
        ++stats_.late;
        return;
    }
    if (packets_.contains(frame)) {
        ++stats_.duplicate;
        return;
    }
    if (!started_ && packets_.empty()) first_arrival_ = arrival_ms;
    packets_.emplace(frame, std::move(opus));
    while (packets_.size() > options_.max_packets) {
        packets_.erase(packets_.begin());
        ++stats_.overflow;
    }
}

Pcm JitterBuffer::play_next() {
    Result<Pcm> out = Pcm{};
    auto it = packets_.find(next_frame_);
    if (it != packets_.end()) {
        out = decoder_.decode(it->second);
        ++stats_.played;
        empty_run_ = 0;
    } else if (auto next = packets_.find(next_frame_ + 1); next != packets_.end()) {
        out = decoder_.recover(next->second);
        ++stats_.recovered;
        empty_run_ = 0;
    } else {
        out = decoder_.conceal();
        ++stats_.concealed;
        ++empty_run_;
    }
    ++next_frame_;
    packets_.erase(packets_.begin(), packets_.lower_bound(next_frame_));
    if (!out.ok()) return Pcm(kFrameSamples, 0);  // a corrupt packet plays as silence
    return std::move(*out);
}

Pcm JitterBuffer::pull(std::int64_t now_ms) {
    if (!started_) {
        if (packets_.empty() || now_ms < first_arrival_ + target_ms_) return {};
        started_ = true;
        empty_run_ = 0;
        next_frame_ = packets_.begin()->first;
        since_start_ = 0;
        // The first packet plays now, whatever its delay: it is the onset of speech after
        // silence, the part a listener must not lose. Excess delay is shed frame by frame below.
    }
    auto delay = [&] {
        return static_cast<int>(now_ms - static_cast<std::int64_t>(next_frame_) * kFrameMs -
                                min_transit_);
    };
    stats_.current_delay_ms = delay();
    // Too little delay and the frame is not here yet: conceal one and wait (delay +20 ms).
    if (delay() < target_ms_ - kFrameMs / 2 && !packets_.contains(next_frame_)) {
        ++stats_.stretched;
        ++stats_.concealed;
        ++empty_run_;
        auto pcm = decoder_.conceal();
        if (empty_run_ > options_.idle_frames && packets_.empty()) started_ = false;
        return pcm.ok() ? std::move(*pcm) : Pcm(kFrameSamples, 0);
    }
    // Too much: drop one frame (delay −20 ms), one per pull so that it stays inaudible, and not
    // among the first frames after silence (the onset of speech).
    if (++since_start_ > kKeepAfterStart && delay() > target_ms_ + kFrameMs * 3 / 2 &&
        packets_.size() > 1) {
        packets_.erase(next_frame_);
        ++next_frame_;
        ++stats_.skipped;
    }
    Pcm pcm = play_next();
    // Nothing left to play for a while (the speaker is silent or gone): re-buffer on the next
    // packet instead of concealing forever.
    if (empty_run_ > options_.idle_frames && packets_.empty()) started_ = false;
    return pcm;
}

}  // namespace grove::platform::calls
