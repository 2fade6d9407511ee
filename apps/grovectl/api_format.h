// How grovectl prints the grove.api.v1 messages that several commands show: JSON (nlohmann, the
// proto field names) for --json, and readable text (made terminal-safe when printed).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "grove/api/v1/api.pb.h"

namespace grove::apps::grovectl {

nlohmann::json to_json(const grove::api::v1::Account& account);
nlohmann::json to_json(const grove::api::v1::Space& space);
nlohmann::json to_json(const grove::api::v1::ChatMessage& message);
nlohmann::json to_json(const grove::api::v1::SpaceEvent& event);
nlohmann::json to_json(const grove::api::v1::InstalledTool& tool);
nlohmann::json to_json(const grove::api::v1::ToolInstance& instance);
nlohmann::json to_json(const grove::api::v1::SyncStatus& status);
nlohmann::json to_json(const grove::api::v1::ListRelaysResponse& response);
nlohmann::json to_json(const grove::api::v1::Invitation& invitation);
nlohmann::json to_json(const grove::api::v1::Member& member);
nlohmann::json to_json(const grove::api::v1::ApiTokenInfo& token);

// Any of the above as a function object, for CommandContext::call_and_print() and print_list().
inline constexpr auto as_json = [](const auto& message) { return to_json(message); };

// "chat_posted", "chat_edited", … (the enum name without KIND_, lower case).
std::string event_kind_name(grove::api::v1::SpaceEvent::Kind kind);
// Local time, "2026-11-21 23:21:13".
std::string format_time(std::int64_t unix_ms);
// Keeps a multi-line text on one item: continuation lines are indented.
std::string one_line(const std::string& text);

std::string format_account(const grove::api::v1::Account& account);
std::string format_space_line(const grove::api::v1::Space& space);
std::string format_space(const grove::api::v1::Space& space);
std::string format_chat_line(const grove::api::v1::ChatMessage& message);
std::string format_event_line(const grove::api::v1::SpaceEvent& event);
std::string format_tool_line(const grove::api::v1::InstalledTool& tool);
std::string format_instance_line(const grove::api::v1::ToolInstance& instance);
std::string format_sync_status(const grove::api::v1::SyncStatus& status);
std::string format_member_line(const grove::api::v1::Member& member);
std::string format_token_line(const grove::api::v1::ApiTokenInfo& token);

}  // namespace grove::apps::grovectl
