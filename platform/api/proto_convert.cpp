#include "api/proto_convert.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

v1::Account to_proto(const AccountInfo& account) {
    v1::Account out;
    out.set_display_name(account.display_name);
    out.set_identity_id(account.identity_id);
    out.set_fingerprint(account.fingerprint);
    out.set_device_id(account.device_id);
    out.set_unlocked(account.unlocked);
    return out;
}

v1::Space to_proto(const SpaceSummary& space) {
    v1::Space out;
    out.set_id(space.id);
    out.set_name(space.name);
    out.set_my_role(to_string(space.my_role));
    out.set_created_ms(space.created_ms);
    out.set_delta_count(space.delta_count);
    out.set_heads_digest(space.heads_digest);
    out.set_state_digest(space.state_digest);
    out.set_member_count(space.member_count);
    return out;
}

v1::ChatMessage to_proto(const ChatMessageView& message) {
    v1::ChatMessage out;
    out.set_id(message.id);
    out.set_space_id(message.space_id);
    out.set_author_name(message.author_name);
    out.set_author_id(message.author_id);
    out.set_text(message.text);
    out.set_posted_ms(message.posted_ms);
    out.set_edited_ms(message.edited_ms);
    out.set_deleted(message.deleted);
    return out;
}

v1::SpaceEvent to_proto(const SpaceEvent& event) {
    v1::SpaceEvent out;
    switch (event.kind) {
        case SpaceEvent::Kind::ChatPosted:
            out.set_kind(v1::SpaceEvent::KIND_CHAT_POSTED);
            break;
        case SpaceEvent::Kind::ChatEdited:
            out.set_kind(v1::SpaceEvent::KIND_CHAT_EDITED);
            break;
        case SpaceEvent::Kind::ChatDeleted:
            out.set_kind(v1::SpaceEvent::KIND_CHAT_DELETED);
            break;
        case SpaceEvent::Kind::SpaceChanged:
            out.set_kind(v1::SpaceEvent::KIND_SPACE_CHANGED);
            break;
        case SpaceEvent::Kind::ToolChanged:
            out.set_kind(v1::SpaceEvent::KIND_TOOL_CHANGED);
            break;
        case SpaceEvent::Kind::SpaceRemoved:
            out.set_kind(v1::SpaceEvent::KIND_SPACE_REMOVED);
            break;
        case SpaceEvent::Kind::SyncChanged:
            out.set_kind(v1::SpaceEvent::KIND_SYNC_CHANGED);
            break;
    }
    out.set_space_id(event.space_id);
    if (event.chat) *out.mutable_chat() = to_proto(*event.chat);
    out.set_tool_instance(event.tool_instance);
    out.set_delta_count(event.delta_count);
    out.set_author_id(event.author_id);
    out.set_author_device(event.author_device);
    return out;
}

v1::InstalledTool to_proto(const ToolInfo& tool) {
    v1::InstalledTool out;
    out.set_id(tool.id);
    out.set_name(tool.name);
    out.set_description(tool.description);
    out.set_version(tool.version);
    out.set_publisher(tool.publisher);
    out.set_state(tool.state);
    out.set_error(tool.error);
    out.set_disabled(tool.disabled);
    return out;
}

v1::ToolInstance to_proto(const ToolInstanceView& instance) {
    v1::ToolInstance out;
    out.set_id(instance.id);
    out.set_space_id(instance.space_id);
    out.set_tool_id(instance.tool_id);
    out.set_name(instance.name);
    out.set_required_version(instance.required_version);
    out.set_state(instance.state);
    out.set_message(instance.message);
    return out;
}

v1::SyncStatus to_proto(const SyncStatus& status) {
    v1::SyncStatus out;
    out.set_space_id(status.space_id);
    for (const auto& [device, sequence] : status.vector) {
        auto* entry = out.add_vector();
        entry->set_device_id(device);
        entry->set_sequence(sequence);
    }
    out.set_heads_digest(status.heads_digest);
    out.set_state_digest(status.state_digest);
    out.set_delta_count(status.delta_count);
    out.set_pending(status.pending);
    out.set_behind_retention(status.behind_retention);
    for (const auto& m : status.missing) {
        auto* r = out.add_missing();
        r->set_device_id(m.device_id);
        r->set_from_sequence(m.from_seq);
        r->set_to_sequence(m.to_seq);
    }
    out.set_retention_note(status.retention_note);
    out.set_relay_problem(status.relay_problem);
    return out;
}

v1::Invitation to_proto(const InvitationInfo& invitation) {
    v1::Invitation out;
    out.set_code(invitation.code);
    out.set_invitation_id(invitation.invitation_id);
    out.set_role(to_string(invitation.role));
    out.set_expires_ms(invitation.expires_ms);
    return out;
}

v1::Member to_proto(const MemberView& member) {
    v1::Member out;
    out.set_identity_id(member.identity_id);
    out.set_display_name(member.display_name);
    out.set_fingerprint(member.fingerprint);
    out.set_role(to_string(member.role));
    for (const auto& device : member.devices) out.add_devices(device);
    out.set_is_me(member.is_me);
    out.set_service_account(member.service_account);
    out.set_added_by(member.added_by);
    return out;
}

v1::ApiTokenInfo to_proto(const TokenInfo& token) {
    v1::ApiTokenInfo out;
    out.set_name(token.name);
    out.set_scope(to_string(token.scope));
    for (const auto& space : token.spaces) out.add_spaces(space);
    out.set_created_ms(token.created_ms);
    out.set_last_used_ms(token.last_used_ms);
    return out;
}

}  // namespace grove::platform::api
