#include "api_format.h"

#include <ctime>
#include <sstream>

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using nlohmann::json;

json to_json(const v1::Account& account) {
    return {{"display_name", account.display_name()},
            {"identity_id", account.identity_id()},
            {"fingerprint", account.fingerprint()},
            {"device_id", account.device_id()},
            {"unlocked", account.unlocked()}};
}

json to_json(const v1::Space& space) {
    return {{"id", space.id()},
            {"name", space.name()},
            {"my_role", space.my_role()},
            {"created_ms", space.created_ms()},
            {"delta_count", space.delta_count()},
            {"heads_digest", space.heads_digest()},
            {"state_digest", space.state_digest()},
            {"member_count", space.member_count()}};
}

json to_json(const v1::ChatMessage& message) {
    return {{"id", message.id()},
            {"space_id", message.space_id()},
            {"author_name", message.author_name()},
            {"author_id", message.author_id()},
            {"text", message.text()},
            {"posted_ms", message.posted_ms()},
            {"edited_ms", message.edited_ms()},
            {"deleted", message.deleted()}};
}

json to_json(const v1::SpaceEvent& event) {
    json out = {{"kind", event_kind_name(event.kind())},
                {"space_id", event.space_id()},
                {"delta_count", event.delta_count()}};
    if (event.has_chat()) out["chat"] = to_json(event.chat());
    if (!event.tool_instance().empty()) out["tool_instance"] = event.tool_instance();
    if (!event.author_id().empty()) out["author_id"] = event.author_id();
    if (!event.author_device().empty()) out["author_device"] = event.author_device();
    return out;
}

std::string event_kind_name(v1::SpaceEvent::Kind kind) {
    switch (kind) {
        case v1::SpaceEvent::KIND_CHAT_POSTED:
            return "chat_posted";
        case v1::SpaceEvent::KIND_CHAT_EDITED:
            return "chat_edited";
        case v1::SpaceEvent::KIND_CHAT_DELETED:
            return "chat_deleted";
        case v1::SpaceEvent::KIND_SPACE_CHANGED:
            return "space_changed";
        case v1::SpaceEvent::KIND_TOOL_CHANGED:
            return "tool_changed";
        case v1::SpaceEvent::KIND_SPACE_REMOVED:
            return "space_removed";
        case v1::SpaceEvent::KIND_SYNC_CHANGED:
            return "sync_changed";
        default:
            return "unspecified";
    }
}

std::string format_time(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &local);
    return buffer;
}

std::string format_account(const v1::Account& account) {
    std::ostringstream out;
    out << "name:        " << account.display_name() << '\n'
        << "identity:    " << account.identity_id() << '\n'
        << "fingerprint: " << account.fingerprint() << '\n'
        << "device:      " << account.device_id() << '\n'
        << "state:       " << (account.unlocked() ? "unlocked" : "locked") << '\n';
    return out.str();
}

std::string format_space_line(const v1::Space& space) {
    std::ostringstream out;
    out << space.id() << "  " << space.name() << "  (" << space.my_role() << ", "
        << space.member_count() << (space.member_count() == 1 ? " member, " : " members, ")
        << space.delta_count() << " deltas)";
    return out.str();
}

std::string format_space(const v1::Space& space) {
    std::ostringstream out;
    out << "id:           " << space.id() << '\n'
        << "name:         " << space.name() << '\n'
        << "my role:      " << space.my_role() << '\n'
        << "created:      " << format_time(space.created_ms()) << '\n'
        << "members:      " << space.member_count() << '\n'
        << "deltas:       " << space.delta_count() << '\n'
        << "heads digest: " << space.heads_digest() << '\n'
        << "state digest: " << space.state_digest() << '\n';
    return out.str();
}

std::string one_line(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        out += c;
        if (c == '\n') out += "    ";
    }
    return out;
}

std::string format_chat_line(const v1::ChatMessage& message) {
    std::ostringstream out;
    out << message.id() << "  " << format_time(message.posted_ms()) << "  " << message.author_name()
        << ": ";
    if (message.deleted())
        out << "(deleted)";
    else
        out << one_line(message.text()) << (message.edited_ms() != 0 ? "  (edited)" : "");
    return out.str();
}

std::string format_event_line(const v1::SpaceEvent& event) {
    std::ostringstream out;
    out << event_kind_name(event.kind()) << "  " << event.space_id();
    if (event.has_chat()) out << "  " << format_chat_line(event.chat());
    if (!event.tool_instance().empty()) out << "  tool " << event.tool_instance();
    return out.str();
}

json to_json(const v1::InstalledTool& tool) {
    return {{"id", tool.id()},
            {"name", tool.name()},
            {"description", tool.description()},
            {"version", tool.version()},
            {"publisher", tool.publisher()},
            {"state", tool.state()},
            {"disabled", tool.disabled()},
            {"error", tool.error()}};
}

json to_json(const v1::ToolInstance& instance) {
    return {{"id", instance.id()},
            {"space_id", instance.space_id()},
            {"tool_id", instance.tool_id()},
            {"name", instance.name()},
            {"required_version", instance.required_version()},
            {"state", instance.state()},
            {"message", instance.message()}};
}

json to_json(const v1::SyncStatus& status) {
    json vector = json::array();
    for (const auto& entry : status.vector())
        vector.push_back({{"device_id", entry.device_id()}, {"sequence", entry.sequence()}});
    json missing = json::array();
    for (const auto& m : status.missing())
        missing.push_back({{"device_id", m.device_id()},
                           {"from_sequence", m.from_sequence()},
                           {"to_sequence", m.to_sequence()}});
    return {{"space_id", status.space_id()},
            {"vector", vector},
            {"heads_digest", status.heads_digest()},
            {"state_digest", status.state_digest()},
            {"delta_count", status.delta_count()},
            {"pending", status.pending()},
            {"behind_retention", status.behind_retention()},
            {"missing", missing},
            {"retention_note", status.retention_note()},
            {"relay_problem", status.relay_problem()},
            {"connectivity", status.connectivity()},
            {"connectivity_reason", status.connectivity_reason()},
            {"connectivity_detail", status.connectivity_detail()},
            {"connectivity_action", status.connectivity_action()}};
}

json to_json(const v1::ListRelaysResponse& response) {
    json relays = json::array();
    for (const auto& r : response.relays())
        relays.push_back(
            {{"address", r.address()}, {"linked", r.linked()}, {"last_error", r.last_error()}});
    return {{"relays", relays}};
}

json to_json(const v1::Invitation& invitation) {
    json out = {{"code", invitation.code()},
                {"invitation_id", invitation.invitation_id()},
                {"role", invitation.role()},
                {"expires_ms", invitation.expires_ms()}};
    if (!invitation.short_code().empty()) {
        out["short_code"] = invitation.short_code();
        out["link"] = invitation.link();
    }
    return out;
}

json to_json(const v1::Member& member) {
    return {{"identity_id", member.identity_id()},
            {"display_name", member.display_name()},
            {"fingerprint", member.fingerprint()},
            {"role", member.role()},
            {"devices",
             json(std::vector<std::string>(member.devices().begin(), member.devices().end()))},
            {"is_me", member.is_me()},
            {"service_account", member.service_account()},
            {"added_by", member.added_by()}};
}

json to_json(const v1::ApiTokenInfo& token) {
    return {
        {"name", token.name()},
        {"scope", token.scope()},
        {"spaces", json(std::vector<std::string>(token.spaces().begin(), token.spaces().end()))},
        {"created_ms", token.created_ms()},
        {"last_used_ms", token.last_used_ms()}};
}

std::string format_member_line(const v1::Member& member) {
    std::ostringstream out;
    out << member.identity_id() << "  " << member.display_name() << "  " << member.role() << "  ["
        << member.fingerprint() << "]  " << member.devices_size()
        << (member.devices_size() == 1 ? " device" : " devices")
        << (member.is_me() ? "  (you)" : "")
        << (member.service_account() ? "  (service account)" : "");
    return out.str();
}

std::string format_token_line(const v1::ApiTokenInfo& token) {
    std::ostringstream out;
    out << token.name() << "  " << token.scope() << "  ";
    if (token.spaces().empty()) {
        out << "every space";
    } else {
        for (int i = 0; i < token.spaces_size(); ++i) out << (i ? "," : "") << token.spaces(i);
    }
    out << "  created " << (token.created_ms() ? format_time(token.created_ms()) : "-")
        << "  last used " << (token.last_used_ms() ? format_time(token.last_used_ms()) : "never");
    return out.str();
}

std::string format_tool_line(const v1::InstalledTool& tool) {
    std::ostringstream out;
    out << tool.id() << "  " << tool.name() << ' ' << tool.version() << "  " << tool.state();
    if (!tool.error().empty()) out << ": " << one_line(tool.error());
    return out.str();
}

std::string format_instance_line(const v1::ToolInstance& instance) {
    std::ostringstream out;
    out << instance.id() << "  " << instance.name() << "  (" << instance.tool_id()
        << " >= " << instance.required_version() << ", " << instance.state();
    if (!instance.message().empty()) out << ": " << one_line(instance.message());
    out << ')';
    return out.str();
}

std::string format_sync_status(const v1::SyncStatus& status) {
    std::ostringstream out;
    out << "space:        " << status.space_id() << '\n'
        << "deltas:       " << status.delta_count() << '\n'
        << "pending:      " << status.pending() << '\n'
        << "heads digest: " << status.heads_digest() << '\n'
        << "state digest: " << status.state_digest() << '\n';
    for (const auto& entry : status.vector())
        out << "device:       " << entry.device_id() << "  " << entry.sequence() << '\n';
    if (!status.connectivity().empty()) {
        out << "connectivity: " << status.connectivity() << " (" << status.connectivity_reason()
            << ")\n";
        if (!status.connectivity_detail().empty())
            out << "              " << status.connectivity_detail() << '\n';
        if (!status.connectivity_action().empty())
            out << "what to do:   " << status.connectivity_action() << '\n';
    }
    if (!status.relay_problem().empty()) out << "RELAY REFUSES: " << status.relay_problem() << '\n';
    if (status.behind_retention()) {
        out << "BEHIND RETENTION: " << status.retention_note() << '\n';
        for (const auto& m : status.missing())
            out << "missing:      " << m.device_id() << "  " << m.from_sequence() << ".."
                << m.to_sequence() << '\n';
    }
    return out.str();
}

}  // namespace grove::apps::grovectl
