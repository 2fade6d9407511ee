// A link's part of calls: queued call frames go to the other end (a member's device or a relay
// that forwards them); frames from it are rate-limited and handed to the core, which checks the
// sender. Never stored. See docs/calls.md.
#include "net/sync_session.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

void SyncSession::send_call_frames_queued() {
    std::deque<nv::CallFrame> out;
    {
        std::lock_guard lock(call_mutex_);
        out.swap(call_out_);
        stats_.call_frames_dropped += call_out_dropped_;
        call_out_dropped_ = 0;
    }
    for (auto& frame : out) {
        auto space = fixed_from<kSpaceIdSize>(as_bytes(frame.space_id()));
        if (!space) continue;
        if (options_.space_filter && !options_.space_filter(*space)) continue;
        // A device: only an active member in our view. A relay: one that serves the space.
        if (options_.remote_is_relay ? !shared(*space)
                                     : !replicator_.is_active_device(*space, remote_))
            continue;
        nv::LinkMessage m;
        *m.mutable_call_frame() = std::move(frame);
        ++stats_.call_frames_sent;
        send_(std::move(m));
    }
}

void SyncSession::on_call_frame(const nv::CallFrame& frame) {
    auto now = std::chrono::steady_clock::now();
    std::chrono::duration<double> elapsed = now - call_refill_;
    call_refill_ = now;
    call_tokens_ =
        std::min(kCallFramesPerSecond, call_tokens_ + elapsed.count() * kCallFramesPerSecond);
    if (call_tokens_ < 1) {
        ++stats_.call_frames_dropped;
        return;
    }
    call_tokens_ -= 1;
    auto id = fixed_from<kSpaceIdSize>(as_bytes(frame.space_id()));
    if (!id || (options_.space_filter && !options_.space_filter(*id))) {
        ++stats_.call_frames_refused;
        return;
    }
    auto r = replicator_.receive_call_frame(*id, remote_, options_.remote_is_relay, frame);
    if (!r.ok()) {
        ++stats_.call_frames_refused;
        return problem("call frame refused: " + r.error().message);
    }
    ++stats_.call_frames_received;
}

}  // namespace grove::platform::net
