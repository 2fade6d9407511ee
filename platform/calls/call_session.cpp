#include "calls/call_session.h"

#include <chrono>
#include <cmath>

namespace grove::platform::calls {

namespace nv = grove::net::v1;

namespace {
constexpr std::uint32_t kSpeakingLevel = 25;   // about −45 dBFS
constexpr std::int64_t kSpeakingHoldMs = 300;  // speaking stays on through short pauses

std::int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
}  // namespace

Result<std::unique_ptr<CallSession>> CallSession::create(Peer& peer,
                                                         std::shared_ptr<const CallKeys> keys,
                                                         CallSessionOptions options) {
    auto account = peer.account();
    if (!account.ok()) return make_error(ErrorCode::FailedPrecondition, "locked");
    auto device = from_hex(account->device_id);
    auto me = device ? fixed_from<32>(*device) : std::nullopt;
    if (!me) return make_error(ErrorCode::Internal, "this device's id is malformed");
    auto encoder = OpusVoiceEncoder::create(options.encoder);
    if (!encoder.ok()) return encoder.error();
    if (!options.now_ms) options.now_ms = steady_ms;
    std::unique_ptr<CallSession> session(
        new CallSession(peer, std::move(keys), std::move(options), std::move(*encoder), *me));
    CallSession* self = session.get();
    session->subscription_ =
        peer.subscribe_call_frames([self](const ReceivedCallFrame& f) { self->on_frame(f); });
    return session;
}

CallSession::CallSession(Peer& peer, std::shared_ptr<const CallKeys> keys,
                         CallSessionOptions options, OpusVoiceEncoder encoder,
                         crypto::SignPublicKey me)
    : peer_(peer),
      keys_(keys),
      options_(std::move(options)),
      me_(me),
      encoder_(std::move(encoder)),
      sealer_(std::make_unique<CallFrameSealer>(keys, me)),
      opener_(keys) {}

CallSession::~CallSession() {
    subscription_ = {};
    if (joined_) (void)leave();
}

void CallSession::set_audio_sink(std::function<void(const AudioPacket&, std::int64_t)> sink) {
    std::lock_guard lock(sink_mutex_);
    sink_ = std::move(sink);
}

Result<void> CallSession::send_payload(const nv::CallPayload& payload) {
    auto frame = sealer_->seal(payload);
    if (!frame.ok()) return frame.error();
    return peer_.send_call_frame(*frame);
}

Result<void> CallSession::send_signal(nv::CallSignal::State state) {
    nv::CallPayload payload;
    auto* s = payload.mutable_signal();
    s->set_state(state);
    s->set_muted(muted_);
    s->set_speaking(speaking_);
    std::lock_guard lock(send_mutex_);
    return send_payload(payload);
}

Result<void> CallSession::join() {
    {
        std::lock_guard lock(send_mutex_);
        // A fresh stream per join: sequence numbers (and nonces) never repeat under one key.
        sealer_ = std::make_unique<CallFrameSealer>(keys_, me_);
        frame_counter_ = 0;
    }
    joined_ = true;
    return send_signal(nv::CallSignal::STATE_IN_CALL);
}

Result<void> CallSession::leave() {
    if (!joined_) return {};
    auto r = send_signal(nv::CallSignal::STATE_LEFT);
    joined_ = false;
    speaking_ = false;
    return r;
}

Result<void> CallSession::set_muted(bool muted) {
    muted_ = muted;
    if (muted) speaking_ = false;
    if (!joined_) return {};
    return send_signal(nv::CallSignal::STATE_IN_CALL);
}

std::uint32_t CallSession::level_of(std::span<const std::int16_t> frame) {
    if (frame.empty()) return 0;
    double sum = 0;
    for (auto s : frame) sum += static_cast<double>(s) * s;
    const double rms = std::sqrt(sum / frame.size()) / 32768.0;
    if (rms <= 1e-3) return 0;
    const double db = 20 * std::log10(rms);  // −60 … 0
    return static_cast<std::uint32_t>(std::clamp((db + 60) / 60 * 100, 0.0, 100.0));
}

Result<void> CallSession::send_audio(std::span<const std::int16_t> frame) {
    if (!joined_) return make_error(ErrorCode::FailedPrecondition, "not in the call");
    if (frame.size() != kFrameSamples)
        return make_error(ErrorCode::InvalidArgument, "a voice frame is 960 samples (20 ms)");
    const std::uint32_t level = muted_ ? 0 : level_of(frame);
    const std::int64_t now = options_.now_ms();
    bool speaking_changed = false;
    {
        const bool was = speaking_;
        if (level >= kSpeakingLevel) last_voice_ms_ = now;
        speaking_ = !muted_ && now - last_voice_ms_ < kSpeakingHoldMs && last_voice_ms_ != 0;
        speaking_changed = was != speaking_;
    }
    Result<void> sent;
    {
        std::lock_guard lock(send_mutex_);
        const std::uint32_t counter = frame_counter_++;  // advances through silence too
        if (muted_) {
            std::lock_guard c(mutex_);
            ++counters_.silent_frames;
        } else {
            auto packet = encoder_.encode(frame);
            if (!packet.ok()) return packet.error();
            if (packet->empty()) {
                std::lock_guard c(mutex_);
                ++counters_.silent_frames;
            } else {
                nv::CallPayload payload;
                auto* a = payload.mutable_audio();
                a->set_frame(counter);
                a->set_opus(packet->data(), packet->size());
                a->set_level(level);
                sent = send_payload(payload);
                std::lock_guard c(mutex_);
                ++(sent.ok() ? counters_.frames_sent : counters_.send_failures);
            }
        }
    }
    if (speaking_changed) (void)send_signal(nv::CallSignal::STATE_IN_CALL);
    return sent;
}

void CallSession::on_frame(const ReceivedCallFrame& received) {
    if (received.space != keys_->space()) return;
    auto opened = opener_.open(received.sender, *received.frame);
    if (auto* reason = std::get_if<DropReason>(&opened)) {
        std::lock_guard lock(mutex_);
        ++counters_.dropped[static_cast<std::size_t>(*reason)];
        return;
    }
    auto& frame = std::get<OpenedFrame>(opened);
    const std::int64_t now = options_.now_ms();
    AudioPacket packet;
    {
        std::lock_guard lock(mutex_);
        if (frame.payload.has_signal()) {
            ++counters_.signals_received;
            const auto& s = frame.payload.signal();
            if (s.state() == nv::CallSignal::STATE_LEFT) {
                participants_.erase(frame.sender);
                return;
            }
            auto& p = participants_[frame.sender];
            p.device = frame.sender;
            p.muted = s.muted();
            p.speaking = s.speaking();
            p.last_heard_ms = now;
            return;
        }
        if (!frame.payload.has_audio()) return;
        const auto& a = frame.payload.audio();
        if (a.opus().empty() || a.opus().size() > kMaxOpusPacket) {
            ++counters_.dropped[static_cast<std::size_t>(DropReason::Malformed)];
            return;
        }
        ++counters_.audio_received;
        // Audio from someone whose join we missed still makes them a participant.
        auto& p = participants_[frame.sender];
        p.device = frame.sender;
        p.last_heard_ms = now;
        if (!joined_) return;
        packet.sender = frame.sender;
        packet.stream = frame.stream;
        packet.frame = a.frame();
        packet.opus.assign(a.opus().begin(), a.opus().end());
        packet.level = std::min<std::uint32_t>(a.level(), 100);
    }
    std::lock_guard lock(sink_mutex_);
    if (sink_) sink_(packet, now);
}

bool CallSession::tick() {
    if (joined_) (void)send_signal(nv::CallSignal::STATE_IN_CALL);
    const std::int64_t now = options_.now_ms();
    std::lock_guard lock(mutex_);
    const std::size_t before = participants_.size();
    std::erase_if(participants_, [&](const auto& entry) {
        return now - entry.second.last_heard_ms > options_.participant_timeout_ms;
    });
    return participants_.size() != before;
}

std::vector<CallParticipant> CallSession::participants() const {
    std::lock_guard lock(mutex_);
    std::vector<CallParticipant> out;
    for (const auto& [device, p] : participants_) out.push_back(p);
    return out;
}

CallCounters CallSession::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

}  // namespace grove::platform::calls
