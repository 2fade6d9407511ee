// The commands over grove.api.v1, one file per service (account_commands.cpp holds
// AccountService's, …); each function adds its service's commands to the command line.
#pragma once

#include "command_line.h"

namespace grove::apps::grovectl {

void add_account_commands(CommandLine& cli);     // account create|unlock|lock|show
void add_space_commands(CommandLine& cli);       // space create|list|show|rename
void add_chat_commands(CommandLine& cli);        // chat post|list|edit|delete
void add_event_commands(CommandLine& cli);       // watch
void add_tool_commands(CommandLine& cli);        // tool installed|add|list|rename|remove
void add_sync_commands(CommandLine& cli);        // sync status, peer connect
void add_invitation_commands(CommandLine& cli);  // invite [--for] | revoke, join, space invite|join
void add_member_commands(CommandLine& cli);      // member list|role|remove, space leave
void add_token_commands(CommandLine& cli);       // token create|list|revoke
void add_contact_commands(CommandLine& cli);     // contact card|add|list|show|verify|remove
void add_device_commands(CommandLine& cli);      // device list|revoke|pair|join
void add_service_account_commands(CommandLine& cli);  // service-account create|list|remove

// All of them, in the order `grovectl --help` lists them.
void add_api_commands(CommandLine& cli);

}  // namespace grove::apps::grovectl
