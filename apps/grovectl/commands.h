// CommandRunner: grovectl's commands, one method each — call the API, print, return an exit code.
// main.cpp maps the command line onto these; errors go to stderr, results to stdout.
#pragma once

#include <grpcpp/support/status.h>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "api_client.h"
#include "exit_codes.h"
#include "output.h"

namespace grove::apps::grovectl {

class CommandRunner {
public:
    CommandRunner(ApiClient& client, bool json, std::ostream& out, std::ostream& err);

    int account_create(const std::string& name, const std::string& passphrase);
    int account_unlock(const std::string& passphrase);
    int account_lock();
    int account_show();
    int space_create(const std::string& name);
    int space_list();
    int space_show(const std::string& space);
    int space_rename(const std::string& space, const std::string& name);
    int chat_post(const std::string& space, const std::string& text);
    int chat_list(const std::string& space, std::uint32_t limit);
    int chat_edit(const std::string& space, const std::string& id, const std::string& text);
    int chat_delete(const std::string& space, const std::string& id);
    // Streams events until SIGINT/SIGTERM (which must be blocked in every thread by the caller,
    // before the client was created) or until the stream ends. Interrupted → 0.
    int watch(const std::string& space, bool include_existing);

    // ---- tools (tool_commands.cpp) ----
    int tool_installed();
    int tool_add(const std::string& space, const std::string& tool_id, const std::string& name);
    int tool_list(const std::string& space);
    int tool_rename(const std::string& space, const std::string& instance,
                    const std::string& name);
    int tool_remove(const std::string& space, const std::string& instance);
    // The Discussion tool's service; INSTANCE is an instance id, id prefix or name.
    int discussion_topics(const std::string& space, const std::string& instance);
    int discussion_thread(const std::string& space, const std::string& instance,
                          const std::string& topic);
    int discussion_post(const std::string& space, const std::string& instance,
                        const std::string& title, const std::string& body);
    int discussion_reply(const std::string& space, const std::string& instance,
                         const std::string& parent, const std::string& body);
    // Like watch(): until SIGINT/SIGTERM (blocked by the caller) or the stream ends.
    int discussion_watch(const std::string& space, const std::string& instance);

    // ---- replication (tool_commands.cpp) ----
    int sync_status(const std::string& space);
    int invite(const std::string& space, const std::string& role, std::uint32_t valid_seconds);
    int join(const std::string& code);
    int invite_revoke(const std::string& space, const std::string& invitation_id);
    int peer_connect(const std::string& address, bool relay);

    // ---- members (member_commands.cpp) ----
    int member_list(const std::string& space);
    int member_role(const std::string& space, const std::string& member, const std::string& role);
    int member_remove(const std::string& space, const std::string& member);
    int space_leave(const std::string& space);

    // ---- API tokens (member_commands.cpp) ----
    // Prints the new token's secret (or, with `save_to`, writes it there with mode 0600).
    int token_create(const std::string& name, const std::string& scope,
                     const std::vector<std::string>& spaces, const std::string& save_to);
    int token_list();
    int token_revoke(const std::string& name);

    // ---- contacts (contact_commands.cpp) ----
    int contact_card();
    // `card` or (`from_space`, `from_member`).
    int contact_add(const std::string& card, const std::string& name,
                    const std::string& from_space, const std::string& from_member);
    int contact_list();
    int contact_show(const std::string& contact);
    int contact_verify(const std::string& contact);
    int contact_remove(const std::string& contact);
    // `invite SPACE --for CONTACT`: a sealed invitation only that contact can use.
    int invite_for(const std::string& space, const std::string& contact, const std::string& role,
                   std::uint32_t valid_seconds);
    // `join` with a "grove-sealed-invite:" code: shows the inviter (and whether a verified
    // contact), then joins.
    int join_sealed(const std::string& code);

    // ---- devices (device_commands.cpp) ----
    int device_list();
    int device_revoke(const std::string& device);
    // Prints a one-time "grove-pair:" code for a new device (valid_seconds 0 = the default).
    int device_pair(std::uint32_t valid_seconds);
    // On an empty profile: pairs it with the code and creates the account under `passphrase`.
    int device_join(const std::string& code, const std::string& passphrase);

private:
    int print_account(const grove::api::v1::Account& account);
    int print_message(const grove::api::v1::ChatMessage& message, bool id_only);
    int fail(const grpc::Status& status, const std::string& doing);
    // Prints a list result: {"<key>": [...]} with --json, otherwise one line per item.
    template <class Items, class FormatLine>
    int print_list(const char* key, const Items& items, FormatLine&& format_line) {
        if (json_) {
            nlohmann::json array = nlohmann::json::array();
            for (const auto& item : items) array.push_back(to_json(item));
            out_ << nlohmann::json{{key, array}}.dump() << '\n';
        } else {
            for (const auto& item : items) out_ << format_line(item) << '\n';
        }
        return kExitOk;
    }
    // Finds the instance (id, id prefix or name) through ToolService.List; an exit code on failure.
    int resolve_instance(const std::string& space, const std::string& instance,
                         grove::tools::discussion::v1::InstanceRef& out);

    ApiClient& client_;
    bool json_;
    std::ostream& out_;
    std::ostream& err_;
};

}  // namespace grove::apps::grovectl
