#include "calls/call_frame_codec.h"

#include "crypto/primitives.h"

namespace grove::platform::calls {

namespace {
constexpr std::size_t kMaxSealed = 4096;

crypto::Nonce nonce_of(const StreamId& stream, std::uint64_t sequence) {
    crypto::Nonce nonce{};
    std::copy(stream.begin(), stream.end(), nonce.begin());
    for (std::size_t i = 0; i < 8; ++i)
        nonce[kStreamIdSize + i] = static_cast<std::uint8_t>(sequence >> (8 * i));
    return nonce;
}

Bytes associated_data(const SpaceId& space, const crypto::SignPublicKey& sender,
                      std::uint32_t epoch) {
    Bytes ad = to_bytes("grove.call.frame.v1");
    append(ad, space);
    append(ad, sender);
    append_u32le(ad, epoch);
    return ad;
}
}  // namespace

const char* drop_reason_name(DropReason reason) {
    switch (reason) {
        case DropReason::Malformed:
            return "malformed";
        case DropReason::StaleEpoch:
            return "stale epoch";
        case DropReason::NoKey:
            return "no key";
        case DropReason::Forged:
            return "forged";
        case DropReason::Duplicate:
            return "duplicate";
        case DropReason::TooOld:
            return "too old";
    }
    return "?";
}

CallFrameSealer::CallFrameSealer(std::shared_ptr<const CallKeys> keys, crypto::SignPublicKey me)
    : keys_(std::move(keys)), me_(me), stream_(crypto::random_array<kStreamIdSize>()) {}

Result<grove::net::v1::CallFrame> CallFrameSealer::seal(
    const grove::net::v1::CallPayload& payload) {
    const std::uint32_t epoch = keys_->current_epoch();
    auto key = keys_->for_epoch(epoch);
    if (!key.ok()) return key.error();
    std::uint64_t sequence = 0;
    {
        std::lock_guard lock(mutex_);
        sequence = next_sequence_++;
    }
    const std::string plain = payload.SerializeAsString();
    auto sealed = crypto::aead_encrypt(**key, nonce_of(stream_, sequence), as_bytes(plain),
                                       associated_data(keys_->space(), me_, epoch));
    grove::net::v1::CallFrame frame;
    frame.set_space_id(to_string(ByteView(keys_->space())));
    frame.set_stream(to_string(ByteView(stream_)));
    frame.set_epoch(epoch);
    frame.set_sequence(sequence);
    frame.set_sealed(to_string(sealed));
    return frame;
}

std::variant<OpenedFrame, DropReason> CallFrameOpener::drop(DropReason reason) {
    std::lock_guard lock(mutex_);
    ++drops_[static_cast<std::size_t>(reason)];
    return reason;
}

std::variant<OpenedFrame, DropReason> CallFrameOpener::open(
    const crypto::SignPublicKey& sender, const grove::net::v1::CallFrame& frame) {
    auto stream = fixed_from<kStreamIdSize>(as_bytes(frame.stream()));
    auto space = fixed_from<kSpaceIdSize>(as_bytes(frame.space_id()));
    if (!stream || !space || *space != keys_->space() || frame.sequence() == 0 ||
        frame.sealed().size() < crypto::kAeadTagSize || frame.sealed().size() > kMaxSealed)
        return drop(DropReason::Malformed);
    if (frame.epoch() != keys_->current_epoch()) return drop(DropReason::StaleEpoch);
    auto key = keys_->for_epoch(frame.epoch());
    if (!key.ok()) return drop(DropReason::NoKey);
    const std::pair<crypto::SignPublicKey, StreamId> stream_key{sender, *stream};
    {
        std::lock_guard lock(mutex_);
        auto it = streams_.find(stream_key);
        if (it != streams_.end()) {
            auto verdict = it->second.window.check(frame.sequence());
            if (verdict != ReplayWindow::Verdict::Fresh) {
                auto reason = verdict == ReplayWindow::Verdict::Duplicate ? DropReason::Duplicate
                                                                          : DropReason::TooOld;
                ++drops_[static_cast<std::size_t>(reason)];
                return reason;
            }
        }
    }
    auto plain =
        crypto::aead_decrypt(**key, nonce_of(*stream, frame.sequence()), as_bytes(frame.sealed()),
                             associated_data(*space, sender, frame.epoch()));
    if (!plain.ok()) return drop(DropReason::Forged);
    OpenedFrame out;
    if (!out.payload.ParseFromArray(plain->data(), static_cast<int>(plain->size())))
        return drop(DropReason::Malformed);
    std::lock_guard lock(mutex_);
    auto it = streams_.find(stream_key);
    if (it == streams_.end()) {
        if (streams_.size() >= kMaxStreams) {
            auto oldest = std::min_element(streams_.begin(), streams_.end(), [](auto& a, auto& b) {
                return a.second.last_used < b.second.last_used;
            });
            streams_.erase(oldest);
        }
        it = streams_.emplace(stream_key, Stream{}).first;
    }
    // Checked again: another thread may have taken the same sequence meanwhile.
    auto verdict = it->second.window.check(frame.sequence());
    if (verdict != ReplayWindow::Verdict::Fresh) {
        auto reason = verdict == ReplayWindow::Verdict::Duplicate ? DropReason::Duplicate
                                                                  : DropReason::TooOld;
        ++drops_[static_cast<std::size_t>(reason)];
        return reason;
    }
    it->second.window.accept(frame.sequence());
    it->second.last_used = ++use_clock_;
    ++opened_;
    out.sender = sender;
    out.stream = *stream;
    out.sequence = frame.sequence();
    return out;
}

std::array<std::uint64_t, kDropReasons> CallFrameOpener::drops() const {
    std::lock_guard lock(mutex_);
    return drops_;
}

std::uint64_t CallFrameOpener::opened() const {
    std::lock_guard lock(mutex_);
    return opened_;
}

}  // namespace grove::platform::calls
