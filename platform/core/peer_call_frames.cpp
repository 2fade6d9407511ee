// Call frames: sealed media and signalling of a space's call over every live link, relays
// included; the core checks who may send them and hands them on, never storing them. See
// docs/calls.md.
#include "core/call_frame_hub.h"
#include "core/peer_impl.h"
#include "core/replicator.h"

namespace grove::platform {

namespace {
constexpr std::size_t kCallStreamBytes = 16;
constexpr std::size_t kMaxCallSealedBytes = 4096;

Result<SpaceId> check_shape(const grove::net::v1::CallFrame& frame) {
    auto id = fixed_from<kSpaceIdSize>(as_bytes(frame.space_id()));
    if (!id)
        return make_error(ErrorCode::InvalidArgument, "a call frame with a malformed space id");
    if (frame.stream().size() != kCallStreamBytes)
        return make_error(ErrorCode::InvalidArgument, "a call frame's stream is 16 bytes");
    if (frame.sequence() == 0)
        return make_error(ErrorCode::InvalidArgument, "a call frame's sequence starts at 1");
    if (frame.sealed().empty() || frame.sealed().size() > kMaxCallSealedBytes)
        return make_error(ErrorCode::InvalidArgument, "a call frame's sealed body is 1 B to 4 KiB");
    return *id;
}
}  // namespace

Result<void> Peer::send_call_frame(const grove::net::v1::CallFrame& frame) {
    auto shape = check_shape(frame);
    if (!shape.ok()) return shape.error();
    const SpaceId space = *shape;
    if (!frame.sender().empty())
        return make_error(ErrorCode::InvalidArgument, "only a relay sets a call frame's sender");
    {
        std::lock_guard lock(impl_->mutex);
        if (!impl_->account) return make_error(ErrorCode::FailedPrecondition, "locked");
        auto it = impl_->spaces.find(space);
        if (it == impl_->spaces.end() || !impl_->listed(*it->second))
            return make_error(ErrorCode::NotFound, "no such space");
        const auto& me = impl_->account->identity.device_sign.public_key;
        if (!it->second->membership().by_device(me))
            return make_error(ErrorCode::PermissionDenied, "not an active member of the space");
    }
    impl_->call_frames.send(frame);
    impl_->ephemeral.wake_links();
    return {};
}

Subscription Peer::subscribe_call_frames(std::function<void(const ReceivedCallFrame&)> callback) {
    return impl_->call_frames.subscribe(std::move(callback));
}

Result<void> Replicator::receive_call_frame(const SpaceId& space,
                                            const crypto::SignPublicKey& link_device,
                                            bool via_relay,
                                            const grove::net::v1::CallFrame& frame) {
    auto shape = check_shape(frame);
    if (!shape.ok()) return shape.error();
    if (*shape != space) return make_error(ErrorCode::InvalidArgument, "space id mismatch");
    crypto::SignPublicKey sender = link_device;
    if (via_relay) {
        auto claimed = fixed_from<32>(as_bytes(frame.sender()));
        if (!claimed)
            return make_error(ErrorCode::InvalidArgument, "a relayed call frame names no sender");
        sender = *claimed;
    } else if (!frame.sender().empty()) {
        return make_error(ErrorCode::InvalidArgument, "a direct call frame names a sender");
    }
    auto& impl = peer_.impl();
    {
        std::lock_guard lock(impl.mutex);
        if (!impl.account) return make_error(ErrorCode::FailedPrecondition, "locked");
        auto it = impl.spaces.find(space);
        if (it == impl.spaces.end() || !impl.listed(*it->second))
            return make_error(ErrorCode::NotFound, "a call frame for a space not held");
        if (!it->second->membership().by_device(sender))
            return make_error(ErrorCode::PermissionDenied,
                              "a call frame from a device that is not an active member");
        if (sender == impl.account->identity.device_sign.public_key)
            return make_error(ErrorCode::InvalidArgument, "a call frame of our own came back");
    }
    impl.call_frames.deliver({space, sender, &frame});
    return {};
}

Subscription Replicator::on_outgoing_call_frame(
    std::function<void(const grove::net::v1::CallFrame&)> sink) {
    return peer_.impl().call_frames.add_sink(std::move(sink));
}

}  // namespace grove::platform
