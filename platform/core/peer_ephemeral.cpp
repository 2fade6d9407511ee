// The ephemeral channel: transient messages of a space (typing, presence, tools' cursors) over
// direct links, one hop, never stored; presence and typing computed from them. See
// docs/replication.md#ephemeral-messages-presence-and-typing.
#include <algorithm>

#include "core/peer_impl.h"
#include "core/replicator.h"

namespace grove::platform {

namespace {
constexpr const char* kTypingChannel = "chat.typing";
constexpr std::string_view kToolChannelPrefix = "tool:";  // + the instance id in hex

// The tool instance a "tool:<instance hex>" channel names, if it is one.
std::optional<ToolInstanceId> tool_channel_instance(const std::string& channel) {
    if (!channel.starts_with(kToolChannelPrefix)) return std::nullopt;
    auto bytes = from_hex(std::string_view(channel).substr(kToolChannelPrefix.size()));
    if (!bytes || bytes->size() != kToolInstanceIdSize) return std::nullopt;
    return fixed_from<kToolInstanceIdSize>(*bytes);
}

Result<void> check_sizes(const std::string& channel, const std::string& payload) {
    if (channel.empty() || channel.size() > kMaxEphemeralChannel)
        return make_error(ErrorCode::InvalidArgument, "an ephemeral channel is 1 to 64 bytes");
    if (payload.size() > kMaxEphemeralPayloadBytes)
        return make_error(ErrorCode::InvalidArgument, "an ephemeral payload is at most 64 KiB");
    return {};
}
}  // namespace

// ---- Peer facade ----

Result<void> Peer::send_ephemeral(const std::string& space, const std::string& channel,
                                  const std::string& payload, std::uint32_t ttl_ms) {
    GROVE_TRY(check_sizes(channel, payload));
    EphemeralOut out;
    {
        std::lock_guard lock(impl_->mutex);
        auto s = impl_->resolve(space);
        if (!s.ok()) return s.error();
        const auto& me = impl_->account->identity.device_sign.public_key;
        if (!(*s)->membership().by_device(me))
            return make_error(ErrorCode::PermissionDenied, "not an active member of the space");
        out.space = (*s)->id();
    }
    out.channel = channel;
    out.payload = payload;
    out.ttl_ms = ttl_ms;
    impl_->ephemeral.send(out);
    return {};
}

Subscription Peer::subscribe_ephemeral(const std::string& space_id,
                                       std::function<void(const EphemeralMessageView&)> callback) {
    return impl_->ephemeral.subscribe(space_id, std::move(callback));
}

Result<std::vector<PresenceView>> Peer::presence(const std::string& space) const {
    struct Row {
        PresenceView view;
        crypto::SignPublicKey identity{};
        std::vector<crypto::SignPublicKey> devices;
    };
    std::vector<Row> rows;
    SpaceId id{};
    {
        std::lock_guard lock(impl_->mutex);
        auto s = impl_->resolve(space);
        if (!s.ok()) return s.error();
        id = (*s)->id();
        const auto& my_identity = impl_->account->identity.identity_sign.public_key;
        const auto& membership = (*s)->membership();
        for (const MemberRecord* m : membership.active()) {
            Row row;
            row.identity = m->identity;
            row.view.identity_id = to_hex(ByteView(m->identity));
            row.view.display_name = m->card.display_name();
            row.view.is_me = m->identity == my_identity;
            for (const auto* cert : membership.live_devices(*m))
                if (auto d = fixed_from<32>(as_bytes(cert->device_sign()))) row.devices.push_back(*d);
            rows.push_back(std::move(row));
        }
    }
    auto now = now_ms();
    auto& hub = impl_->ephemeral;
    std::vector<PresenceView> out;
    for (auto& row : rows) {
        row.view.last_seen_ms = hub.last_heard_ms(row.devices);
        row.view.online = row.view.is_me || (row.view.last_seen_ms != 0 &&
                                             now - row.view.last_seen_ms <= kPresenceOnlineMs);
        row.view.typing = !row.view.is_me && hub.typing_until_ms(id, row.identity) > now;
        out.push_back(std::move(row.view));
    }
    return out;
}

Result<void> Peer::set_typing(const std::string& space) {
    return send_ephemeral(space, kTypingChannel, {}, kTypingTtlMs);
}

// ---- Replicator: the network side's hooks ----

bool Replicator::is_active_device(const SpaceId& space, const crypto::SignPublicKey& device) const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    if (!impl.account) return false;
    auto it = impl.spaces.find(space);
    if (it == impl.spaces.end() || !impl.listed(*it->second)) return false;
    return it->second->membership().by_device(device) != nullptr;
}

Result<void> Replicator::receive_ephemeral(const SpaceId& space,
                                           const crypto::SignPublicKey& device,
                                           const std::string& channel,
                                           const std::string& payload, std::uint32_t ttl_ms) {
    GROVE_TRY(check_sizes(channel, payload));
    auto& impl = peer_.impl();
    EphemeralMessageView view;
    crypto::SignPublicKey identity{};
    ToolRuntime* tools = nullptr;
    {
        std::lock_guard lock(impl.mutex);
        tools = impl.tools.get();
        if (!impl.account) return make_error(ErrorCode::FailedPrecondition, "locked");
        auto it = impl.spaces.find(space);
        if (it == impl.spaces.end() || !impl.listed(*it->second))
            return make_error(ErrorCode::NotFound, "an ephemeral message for a space not held");
        const MemberRecord* m = it->second->membership().by_device(device);
        if (!m)
            return make_error(ErrorCode::PermissionDenied,
                              "an ephemeral message from a device that is not an active member");
        identity = m->identity;
    }
    view.space_id = to_hex(ByteView(space));
    view.device_id = to_hex(ByteView(device));
    view.identity_id = to_hex(ByteView(identity));
    view.channel = channel;
    view.payload = payload;
    view.ttl_ms = ttl_ms;
    {
        auto now = impl.now_ms();
        impl.ephemeral.note_heard(device, now);
        if (channel == kTypingChannel) {
            std::int64_t ttl = ttl_ms == 0 ? kTypingTtlMs : std::min(ttl_ms, kTypingTtlMs);
            impl.ephemeral.note_typing(space, identity, now + ttl);
        }
    }
    // A tool instance's channel also reaches that instance's tool, on the host thread.
    if (auto instance = tool_channel_instance(channel); instance && tools)
        tools->deliver_ephemeral(ToolRuntime::address(space, *instance), device, identity, payload,
                                 impl.now_ms());
    impl.ephemeral.deliver(view);
    return {};
}

void Replicator::note_link_activity(const crypto::SignPublicKey& device) {
    peer_.impl().ephemeral.note_heard(device, peer_.impl().now_ms());
}

Subscription Replicator::on_outgoing_ephemeral(std::function<void(const EphemeralOut&)> sink,
                                               bool waker) {
    return peer_.impl().ephemeral.add_sink(std::move(sink), waker);
}

}  // namespace grove::platform
