#include "api_commands.h"

namespace grove::apps::grovectl {

void add_api_commands(CommandLine& cli) {
    add_account_commands(cli);
    add_space_commands(cli);
    add_chat_commands(cli);
    add_event_commands(cli);
    add_tool_commands(cli);
    add_sync_commands(cli);
    add_invitation_commands(cli);
    add_member_commands(cli);
    add_service_account_commands(cli);
    add_token_commands(cli);
    add_contact_commands(cli);
    add_device_commands(cli);
}

}  // namespace grove::apps::grovectl
