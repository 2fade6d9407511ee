// grovectl — the command line over a Grove peer's local API: accounts, spaces, chat, events, tools,
// Discussion, sync. `grovectl --profile DIR …` or `--api ADDR --token-file F …`; `--help` everywhere.
#include <signal.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <variant>

#include "api/api_token.h"
#include "api_client.h"
#include "commands.h"
#include "note_commands.h"
#include "exit_codes.h"

namespace {

using namespace grove::apps::grovectl;

struct Connection {
    std::string address;
    std::string token;
    ApiClient::Tls tls;
};

struct TlsFiles {
    std::string ca;
    std::string cert;
    std::string key;
    std::string server_name;
};

std::optional<std::string> read_small_file(const std::string& file, const char* what) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::cerr << "grovectl: cannot read the " << what << " " << file << '\n';
        return std::nullopt;
    }
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.size() > 1024 * 1024) {
        std::cerr << "grovectl: the " << what << " " << file << " is too large\n";
        return std::nullopt;
    }
    return content;
}

// Where groved is and how to authenticate, from --profile / --api / --token-file.
// On failure prints why and returns the exit code.
std::variant<Connection, int> resolve_connection(const std::string& profile, const std::string& api,
                                                 const std::string& token_file,
                                                 const TlsFiles& tls) {
    Connection connection;
    if (!tls.ca.empty() || !tls.cert.empty() || !tls.key.empty() || !tls.server_name.empty()) {
        if (api.empty() || api.rfind("unix:", 0) == 0) {
            std::cerr << "grovectl: TLS options need --api HOST:PORT (a TCP listener)\n";
            return kExitUsage;
        }
        if (tls.ca.empty() || tls.cert.empty() != tls.key.empty()) {
            std::cerr << "grovectl: TLS needs --tls-ca F, and --tls-cert with --tls-key for a "
                         "client certificate\n";
            return kExitUsage;
        }
        auto ca = read_small_file(tls.ca, "TLS CA file");
        if (!ca) return kExitUsage;
        connection.tls.ca_pem = std::move(*ca);
        if (!tls.cert.empty()) {
            auto cert = read_small_file(tls.cert, "TLS client certificate");
            auto key = read_small_file(tls.key, "TLS client key");
            if (!cert || !key) return kExitUsage;
            connection.tls.cert_pem = std::move(*cert);
            connection.tls.key_pem = std::move(*key);
        }
        connection.tls.server_name = tls.server_name;
    }
    std::filesystem::path token_path;
    if (!api.empty()) {
        connection.address = api;
        if (!token_file.empty())
            token_path = token_file;
        else if (!profile.empty())
            token_path = std::filesystem::path(profile) / "api-token";
        else {
            std::cerr << "grovectl: --api needs --token-file F (or --profile DIR holding "
                         "api-token)\n";
            return kExitUsage;
        }
    } else if (!profile.empty()) {
        const auto socket = std::filesystem::absolute(std::filesystem::path(profile) / "api.sock");
        struct stat st {};
        if (::stat(socket.c_str(), &st) != 0 || !S_ISSOCK(st.st_mode)) {
            std::cerr << "grovectl: groved is not running (no socket at " << socket.string()
                      << ")\n";
            return kExitUnavailable;
        }
        connection.address = "unix:" + socket.string();
        token_path = token_file.empty() ? std::filesystem::path(profile) / "api-token"
                                        : std::filesystem::path(token_file);
    } else {
        std::cerr << "grovectl: say which peer to talk to: --profile DIR, or --api ADDR "
                     "--token-file F (or set GROVE_PROFILE)\n";
        return kExitUsage;
    }
    auto token = grove::platform::api::ApiToken::read(token_path);
    if (!token) {
        std::cerr << "grovectl: cannot read the API token: " << token.error().message << '\n';
        return kExitUnauthenticated;
    }
    connection.token = std::move(token).value();
    return connection;
}

// The passphrase is the file's content without one trailing newline; "-" reads stdin.
std::optional<std::string> read_passphrase(const std::string& file) {
    std::string content;
    if (file == "-") {
        content.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::cerr << "grovectl: cannot read the passphrase file " << file << '\n';
            return std::nullopt;
        }
        content.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (!content.empty() && content.back() == '\n') content.pop_back();
    if (!content.empty() && content.back() == '\r') content.pop_back();
    if (content.empty()) {
        std::cerr << "grovectl: the passphrase file " << file << " is empty\n";
        return std::nullopt;
    }
    return content;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"grovectl — control a Grove peer (groved) through its local API"};
    app.name("grovectl");
    app.require_subcommand(1);
    app.fallthrough();  // global options may follow the subcommand
    app.footer(
        "Exit codes: 0 ok, 1 error, 2 usage or invalid argument, 3 unauthenticated (token or "
        "passphrase), 4 not found, 5 groved not running or unreachable, 6 failed precondition "
        "(e.g. account locked), 7 permission denied (token scope or spaces, or your role).");

    std::string profile;
    std::string api;
    std::string token_file;
    bool json = false;
    TlsFiles tls;
    // Every command takes the connection options and --json (so that each --help lists them);
    // they may also come before the command.
    auto add_common_options = [&](CLI::App* command) {
        command
            ->add_option("--profile", profile,
                         "The peer's profile directory (uses DIR/api.sock and DIR/api-token; "
                         "default: $GROVE_PROFILE)")
            ->type_name("DIR");
        command->add_option("--api", api, "The API address: unix:PATH or HOST:PORT")
            ->type_name("ADDR");
        command->add_option("--token-file", token_file, "File holding the API token")
            ->type_name("F");
        command->add_option("--tls-ca", tls.ca,
                            "TLS to a TCP listener: the CA certificate (PEM) that signed groved's")
            ->type_name("F");
        command->add_option("--tls-cert", tls.cert, "TLS client certificate (PEM), with --tls-key")
            ->type_name("F");
        command->add_option("--tls-key", tls.key, "TLS client key (PEM)")->type_name("F");
        command
            ->add_option("--tls-server-name", tls.server_name,
                         "The name groved's certificate must carry (default: the --api host)")
            ->type_name("NAME");
        command->add_flag("--json", json,
                          "Machine-readable output: one JSON document (watch: one per line)");
        return command;
    };
    add_common_options(&app);

    // Commands set `run`; it is called once the command line parsed and the connection resolved.
    std::function<int(CommandRunner&)> run;
    bool is_watch = false;

    // ---- account ----
    auto* account = app.add_subcommand("account", "Create, unlock, lock or show the account");
    account->require_subcommand(1);
    std::string name;
    std::string passphrase_file;
    auto* account_create =
        add_common_options(account->add_subcommand("create", "Create the account (once)"));
    account_create->add_option("--name", name, "Your display name")->required()->type_name("NAME");
    account_create
        ->add_option("--passphrase-file", passphrase_file,
                     "File holding the passphrase ('-' = stdin)")
        ->required()
        ->type_name("F");
    account_create->callback([&] {
        run = [&](CommandRunner& r) {
            auto passphrase = read_passphrase(passphrase_file);
            return passphrase ? r.account_create(name, *passphrase) : int(kExitUsage);
        };
    });
    auto* account_unlock =
        add_common_options(account->add_subcommand("unlock", "Unlock the account"));
    account_unlock
        ->add_option("--passphrase-file", passphrase_file,
                     "File holding the passphrase ('-' = stdin)")
        ->required()
        ->type_name("F");
    account_unlock->callback([&] {
        run = [&](CommandRunner& r) {
            auto passphrase = read_passphrase(passphrase_file);
            return passphrase ? r.account_unlock(*passphrase) : int(kExitUsage);
        };
    });
    add_common_options(
        account->add_subcommand("lock", "Lock the account (forget its keys until unlocked)"))
        ->callback([&] { run = [](CommandRunner& r) { return r.account_lock(); }; });
    add_common_options(account->add_subcommand("show", "Show the account"))->callback([&] {
        run = [](CommandRunner& r) { return r.account_show(); };
    });

    // ---- space ----
    auto* space = app.add_subcommand("space", "Create, list, show, rename or leave spaces");
    space->require_subcommand(1);
    std::string space_ref;
    auto* space_create =
        add_common_options(space->add_subcommand("create", "Create a space; prints its id"));
    space_create->add_option("NAME", name, "The space's name")->required();
    space_create->callback([&] { run = [&](CommandRunner& r) { return r.space_create(name); }; });
    add_common_options(space->add_subcommand("list", "List the spaces"))->callback([&] {
        run = [](CommandRunner& r) { return r.space_list(); };
    });
    auto* space_show = add_common_options(space->add_subcommand("show", "Show a space"));
    space_show->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    space_show->callback([&] { run = [&](CommandRunner& r) { return r.space_show(space_ref); }; });
    auto* space_rename =
        add_common_options(space->add_subcommand("rename", "Rename a space (managers)"));
    space_rename->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    space_rename->add_option("NAME", name, "The new name")->required();
    space_rename->callback(
        [&] { run = [&](CommandRunner& r) { return r.space_rename(space_ref, name); }; });
    auto* space_leave = add_common_options(space->add_subcommand(
        "leave", "Leave a space: the others re-key, and the space is dropped here"));
    space_leave->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    space_leave->callback(
        [&] { run = [&](CommandRunner& r) { return r.space_leave(space_ref); }; });

    // ---- chat ----
    auto* chat = app.add_subcommand("chat", "Post, list, edit or delete chat messages");
    chat->require_subcommand(1);
    std::string text;
    std::string message_id;
    std::uint32_t limit = 0;
    auto* chat_post =
        add_common_options(chat->add_subcommand("post", "Post a message; prints its id"));
    chat_post->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    chat_post->add_option("TEXT", text, "The message (up to 64 KiB)")->required();
    chat_post->callback(
        [&] { run = [&](CommandRunner& r) { return r.chat_post(space_ref, text); }; });
    auto* chat_list = add_common_options(
        chat->add_subcommand("list", "List the messages of a space, oldest first"));
    chat_list->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    chat_list->add_option("--limit", limit, "Only the last N messages (0 = all)")->type_name("N");
    chat_list->callback(
        [&] { run = [&](CommandRunner& r) { return r.chat_list(space_ref, limit); }; });
    auto* chat_edit = add_common_options(chat->add_subcommand("edit", "Edit one of your messages"));
    chat_edit->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    chat_edit->add_option("ID", message_id, "The message id (as printed by post / list)")
        ->required();
    chat_edit->add_option("TEXT", text, "The new text")->required();
    chat_edit->callback(
        [&] { run = [&](CommandRunner& r) { return r.chat_edit(space_ref, message_id, text); }; });
    auto* chat_delete =
        add_common_options(chat->add_subcommand("delete", "Delete one of your messages"));
    chat_delete->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    chat_delete->add_option("ID", message_id, "The message id")->required();
    chat_delete->callback(
        [&] { run = [&](CommandRunner& r) { return r.chat_delete(space_ref, message_id); }; });

    // ---- watch ----
    bool existing = false;
    auto* watch =
        add_common_options(app.add_subcommand("watch",
                                              "Print a space's events as they happen, until "
                                              "interrupted (Ctrl-C)"));
    watch->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")->required();
    watch->add_flag("--existing", existing, "First print the existing messages");
    watch->callback([&] {
        is_watch = true;
        run = [&](CommandRunner& r) { return r.watch(space_ref, existing); };
    });

    // ---- tools ----
    auto* tool = app.add_subcommand("tool", "Installed tools, and tool instances in a space");
    tool->require_subcommand(1);
    std::string tool_id;
    std::string instance_ref;
    std::string tool_name;
    add_common_options(tool->add_subcommand(
                           "installed", "List the tools this peer found, each with its state"))
        ->callback([&] { run = [](CommandRunner& r) { return r.tool_installed(); }; });
    auto* tool_add = add_common_options(
        tool->add_subcommand("add", "Add a tool instance to a space; prints its id"));
    tool_add->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    tool_add->add_option("TOOL_ID", tool_id, "The tool's id (see `tool installed`)")->required();
    tool_add->add_option("--name", tool_name, "The instance's name (default: the tool's name)")
        ->type_name("N");
    tool_add->callback([&] {
        run = [&](CommandRunner& r) { return r.tool_add(space_ref, tool_id, tool_name); };
    });
    auto* tool_list =
        add_common_options(tool->add_subcommand("list", "List a space's tool instances"));
    tool_list->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    tool_list->callback([&] { run = [&](CommandRunner& r) { return r.tool_list(space_ref); }; });
    auto* tool_rename =
        add_common_options(tool->add_subcommand("rename", "Rename a tool instance"));
    tool_rename->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    tool_rename->add_option("INSTANCE", instance_ref, "Instance id, id prefix or name")
        ->required();
    tool_rename->add_option("NAME", tool_name, "The new name")->required();
    tool_rename->callback([&] {
        run = [&](CommandRunner& r) { return r.tool_rename(space_ref, instance_ref, tool_name); };
    });
    auto* tool_remove =
        add_common_options(tool->add_subcommand("remove", "Remove a tool instance from a space"));
    tool_remove->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    tool_remove->add_option("INSTANCE", instance_ref, "Instance id, id prefix or name")
        ->required();
    tool_remove->callback(
        [&] { run = [&](CommandRunner& r) { return r.tool_remove(space_ref, instance_ref); }; });

    // ---- discussion ----
    auto* discussion = app.add_subcommand(
        "discussion", "Read and post in a Discussion tool instance (its gRPC service)");
    discussion->require_subcommand(1);
    std::string title;
    std::string topic_id;
    auto add_instance_args = [&](CLI::App* command) {
        command->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
            ->required();
        command->add_option("INSTANCE", instance_ref, "Discussion instance id, id prefix or name")
            ->required();
        return command;
    };
    add_instance_args(add_common_options(
                          discussion->add_subcommand("topics", "List the topics, newest activity first")))
        ->callback([&] {
            run = [&](CommandRunner& r) { return r.discussion_topics(space_ref, instance_ref); };
        });
    auto* discussion_thread = add_instance_args(add_common_options(
        discussion->add_subcommand("thread", "Show a topic and its replies")));
    discussion_thread->add_option("TOPIC", topic_id, "The topic id")->required();
    discussion_thread->callback([&] {
        run = [&](CommandRunner& r) {
            return r.discussion_thread(space_ref, instance_ref, topic_id);
        };
    });
    auto* discussion_post = add_instance_args(
        add_common_options(discussion->add_subcommand("post", "Start a topic; prints its id")));
    discussion_post->add_option("--title", title, "The topic's title")->required()->type_name("T");
    discussion_post->add_option("BODY", text, "The body (Markdown)")->required();
    discussion_post->callback([&] {
        run = [&](CommandRunner& r) {
            return r.discussion_post(space_ref, instance_ref, title, text);
        };
    });
    auto* discussion_reply = add_instance_args(add_common_options(
        discussion->add_subcommand("reply", "Reply to a topic or a reply; prints its id")));
    discussion_reply->add_option("TOPIC", topic_id, "The id of the topic or reply answered")
        ->required();
    discussion_reply->add_option("BODY", text, "The body (Markdown)")->required();
    discussion_reply->callback([&] {
        run = [&](CommandRunner& r) {
            return r.discussion_reply(space_ref, instance_ref, topic_id, text);
        };
    });
    add_instance_args(add_common_options(discussion->add_subcommand(
                          "watch", "Print new, edited and deleted posts until interrupted")))
        ->callback([&] {
            is_watch = true;
            run = [&](CommandRunner& r) { return r.discussion_watch(space_ref, instance_ref); };
        });

    // ---- replication ----
    auto* sync = app.add_subcommand("sync", "Replication status");
    sync->require_subcommand(1);
    auto* sync_status = add_common_options(sync->add_subcommand(
        "status", "Show a space's digests and version vector (equal digests: converged)"));
    sync_status->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    sync_status->callback(
        [&] { run = [&](CommandRunner& r) { return r.sync_status(space_ref); }; });
    std::string role;
    std::uint32_t valid_seconds = 0;
    auto* invite = add_common_options(app.add_subcommand(
        "invite", "Create a one-time invitation code to a space (needs groved --listen); "
                  "`invite revoke` revokes an unused one"));
    invite->require_subcommand(0, 1);
    std::string invitation_id;
    auto* invite_revoke = add_common_options(invite->add_subcommand(
        "revoke", "Revoke an unused invitation (managers): its code is refused from then on"));
    invite_revoke->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    invite_revoke
        ->add_option("INVITATION_ID", invitation_id,
                     "The invitation's id (`invitation_id` of `invite --json`)")
        ->required();
    invite_revoke->callback([&] {
        run = [&](CommandRunner& r) { return r.invite_revoke(space_ref, invitation_id); };
    });
    invite->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name");
    invite->add_option("--role", role, "participant (default), guest or manager")
        ->type_name("ROLE");
    invite->add_option("--valid", valid_seconds, "Seconds the code stays valid (default one day)")
        ->type_name("SECONDS");
    std::string invite_for;  // contacts: a code sealed to this contact
    invite
        ->add_option("--for", invite_for,
                     "Seal the invitation to this contact (name, id or fingerprint): only they "
                     "can use it")
        ->type_name("CONTACT");
    invite->callback([&] {
        if (invite_revoke->parsed()) return;
        if (space_ref.empty()) throw CLI::RequiredError("SPACE");
        run = [&](CommandRunner& r) {
            return invite_for.empty() ? r.invite(space_ref, role, valid_seconds)
                                      : r.invite_for(space_ref, invite_for, role, valid_seconds);
        };
    });

    // ---- members ----
    auto* member = app.add_subcommand("member", "List a space's members, change roles, remove");
    member->require_subcommand(1);
    std::string member_ref;
    std::string member_role;
    const char* member_help = "Identity id, id prefix (>= 4 hex digits), fingerprint or "
                              "unambiguous display name";
    auto* member_list =
        add_common_options(member->add_subcommand("list", "List the members of a space"));
    member_list->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    member_list->callback(
        [&] { run = [&](CommandRunner& r) { return r.member_list(space_ref); }; });
    auto* member_role_cmd = add_common_options(member->add_subcommand(
        "role", "Change a member's role (managers; lowering one re-keys the space)"));
    member_role_cmd->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    member_role_cmd->add_option("MEMBER", member_ref, member_help)->required();
    member_role_cmd->add_option("ROLE", member_role, "manager, participant or guest")->required();
    member_role_cmd->callback([&] {
        run = [&](CommandRunner& r) { return r.member_role(space_ref, member_ref, member_role); };
    });
    auto* member_remove = add_common_options(member->add_subcommand(
        "remove", "Remove a member (managers): the space re-keys without them"));
    member_remove->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    member_remove->add_option("MEMBER", member_ref, member_help)->required();
    member_remove->callback(
        [&] { run = [&](CommandRunner& r) { return r.member_remove(space_ref, member_ref); }; });

    // ---- API tokens ----
    auto* token = app.add_subcommand(
        "token", "Per-client API tokens: create, list, revoke (needs the admin profile token)");
    token->require_subcommand(1);
    std::string token_name;
    std::string token_scope;
    std::vector<std::string> token_spaces;
    std::string token_save;
    auto* token_create = add_common_options(token->add_subcommand(
        "create", "Create a token; prints its secret once (only a hash is kept)"));
    token_create->add_option("NAME", token_name, "1 to 64 of A-Z a-z 0-9 . _ -")->required();
    token_create->add_option("--scope", token_scope, "read, write or admin")
        ->required()
        ->check(CLI::IsMember({"read", "write", "admin"}))
        ->type_name("SCOPE");
    token_create
        ->add_option("--space", token_spaces,
                     "Limit the token to this space (repeatable; default: every space)")
        ->allow_extra_args(false)  // one space per --space: a following NAME stays the name
        ->type_name("SPACE");
    token_create
        ->add_option("--save", token_save,
                     "Write the secret to this new file (mode 0600) instead of printing it")
        ->type_name("F");
    token_create->callback([&] {
        run = [&](CommandRunner& r) {
            return r.token_create(token_name, token_scope, token_spaces, token_save);
        };
    });
    add_common_options(token->add_subcommand("list", "List the tokens (never their secrets)"))
        ->callback([&] { run = [](CommandRunner& r) { return r.token_list(); }; });
    auto* token_revoke = add_common_options(token->add_subcommand(
        "revoke", "Revoke a token: its next call fails, its watch streams end"));
    token_revoke->add_option("NAME", token_name, "The token's name")->required();
    token_revoke->callback(
        [&] { run = [&](CommandRunner& r) { return r.token_revoke(token_name); }; });
    std::string invitation_code;
    auto* join = add_common_options(
        app.add_subcommand("join", "Join a space with an invitation code; prints its id"));
    join->add_option("CODE", invitation_code,
                     "The grove-invite:… code, or a grove-sealed-invite:… code made for you")
        ->required();
    auto run_join = [&](CommandRunner& r) {
        const auto start = invitation_code.find_first_not_of(" \t\r\n");
        const bool sealed = start != std::string::npos &&
                            invitation_code.compare(start, 20, "grove-sealed-invite:") == 0;
        return sealed ? r.join_sealed(invitation_code) : r.join(invitation_code);
    };
    join->callback([&] { run = run_join; });

    // ---- contacts (and `space invite` / `space join`, the same as `invite` / `join`) ----
    auto* space_invite = add_common_options(space->add_subcommand(
        "invite", "Create an invitation to a space (as `invite`); --for CONTACT seals it to them"));
    space_invite->add_option("SPACE", space_ref, "Space id, id prefix or unambiguous name")
        ->required();
    space_invite->add_option("--role", role, "participant (default), guest or manager")
        ->type_name("ROLE");
    space_invite
        ->add_option("--valid", valid_seconds, "Seconds the code stays valid (default one day)")
        ->type_name("SECONDS");
    space_invite
        ->add_option("--for", invite_for,
                     "Seal the invitation to this contact (name, id or fingerprint)")
        ->type_name("CONTACT");
    space_invite->callback([&] {
        run = [&](CommandRunner& r) {
            return invite_for.empty() ? r.invite(space_ref, role, valid_seconds)
                                      : r.invite_for(space_ref, invite_for, role, valid_seconds);
        };
    });
    auto* space_join = add_common_options(
        space->add_subcommand("join", "Join a space with an invitation code (as `join`)"));
    space_join->add_option("CODE", invitation_code, "A grove-invite:… or grove-sealed-invite:… code")
        ->required();
    space_join->callback([&] { run = run_join; });

    auto* contact = app.add_subcommand(
        "contact", "Your contact card, and contacts: add, list, show, verify, remove");
    contact->require_subcommand(1);
    std::string contact_ref;
    std::string contact_card_text;
    std::string contact_name;
    std::vector<std::string> contact_from;
    const char* contact_help = "Contact name, identity id, id prefix or fingerprint";
    add_common_options(contact->add_subcommand("card", "Print your own contact card to share"))
        ->callback([&] { run = [](CommandRunner& r) { return r.contact_card(); }; });
    auto* contact_add = add_common_options(contact->add_subcommand(
        "add", "Add a contact from a grove-contact:… card, or --from SPACE MEMBER"));
    contact_add->add_option("CARD", contact_card_text, "The grove-contact:… card");
    contact_add->add_option("--name", contact_name, "Your name for the contact (default: theirs)")
        ->type_name("NAME");
    contact_add
        ->add_option("--from", contact_from,
                     "Take the card of a member of a space: --from SPACE MEMBER")
        ->expected(2)
        ->type_name("SPACE MEMBER");
    contact_add->callback([&] {
        if (contact_card_text.empty() == contact_from.empty())
            throw CLI::ValidationError("contact add", "give a CARD or --from SPACE MEMBER");
        run = [&](CommandRunner& r) {
            return contact_from.empty()
                       ? r.contact_add(contact_card_text, contact_name, "", "")
                       : r.contact_add("", contact_name, contact_from[0], contact_from[1]);
        };
    });
    add_common_options(contact->add_subcommand("list", "List your contacts (flagged ones marked)"))
        ->callback([&] { run = [](CommandRunner& r) { return r.contact_list(); }; });
    auto* contact_show = add_common_options(contact->add_subcommand("show", "Show a contact"));
    contact_show->add_option("CONTACT", contact_ref, contact_help)->required();
    contact_show->callback(
        [&] { run = [&](CommandRunner& r) { return r.contact_show(contact_ref); }; });
    auto* contact_verify = add_common_options(contact->add_subcommand(
        "verify", "After comparing fingerprints out of band: mark verified, accept changed keys"));
    contact_verify->add_option("CONTACT", contact_ref, contact_help)->required();
    contact_verify->callback(
        [&] { run = [&](CommandRunner& r) { return r.contact_verify(contact_ref); }; });
    auto* contact_remove =
        add_common_options(contact->add_subcommand("remove", "Remove a contact"));
    contact_remove->add_option("CONTACT", contact_ref, contact_help)->required();
    contact_remove->callback(
        [&] { run = [&](CommandRunner& r) { return r.contact_remove(contact_ref); }; });

    // ---- devices ----
    auto* peer_cmd = app.add_subcommand("peer", "Peer links: dial another peer or a relay");
    peer_cmd->require_subcommand(1);
    std::string peer_address;
    bool peer_relay = false;
    auto* peer_connect = add_common_options(peer_cmd->add_subcommand(
        "connect", "Dial HOST:PORT (another groved's --listen, or a grove-relay with --relay)"));
    peer_connect->add_option("ADDRESS", peer_address, "HOST:PORT")->required();
    peer_connect->add_flag("--relay", peer_relay, "The address is a grove-relay");
    peer_connect->callback([&] {
        run = [&](CommandRunner& r) { return r.peer_connect(peer_address, peer_relay); };
    });

    auto* device = app.add_subcommand(
        "device", "This identity's devices: list, revoke, pair a new one (pair here, join there)");
    device->require_subcommand(1);
    std::string device_ref;
    std::string device_expires;
    std::string pairing_code;
    add_common_options(device->add_subcommand("list", "List the devices of your identity"))
        ->callback([&] { run = [](CommandRunner& r) { return r.device_list(); }; });
    auto* device_revoke = add_common_options(device->add_subcommand(
        "revoke", "Revoke a lost or retired device: every space re-keys without it"));
    device_revoke->add_option("DEVICE", device_ref, "Device id or prefix (>= 4 hex digits)")
        ->required();
    device_revoke->callback(
        [&] { run = [&](CommandRunner& r) { return r.device_revoke(device_ref); }; });
    auto* device_pair = add_common_options(device->add_subcommand(
        "pair", "Print a one-time code (grove-pair:…) for a new device of your identity"));
    device_pair
        ->add_option("--expires", device_expires,
                     "How long the code works: SECONDS or e.g. 90s, 10m, 1h (default 10m, at most 1h)")
        ->type_name("DURATION");
    device_pair->callback([&] {
        run = [&](CommandRunner& r) {
            std::uint32_t seconds = 0;
            if (!device_expires.empty()) {
                std::size_t used = 0;
                unsigned long n = 0;
                try {
                    n = std::stoul(device_expires, &used);
                } catch (const std::exception&) {
                    used = 0;
                }
                const std::string unit = used ? device_expires.substr(used) : "?";
                const unsigned long scale = unit.empty() || unit == "s" ? 1
                                            : unit == "m"               ? 60
                                            : unit == "h"               ? 3600
                                                                        : 0;
                if (!used || scale == 0 || n == 0 || n * scale > 3600) {
                    std::cerr << "grovectl: --expires must be a duration of at most 1h, e.g. "
                                 "600, 90s, 10m or 1h\n";
                    return int(kExitUsage);
                }
                seconds = static_cast<std::uint32_t>(n * scale);
            }
            return r.device_pair(seconds);
        };
    });
    auto* device_join = add_common_options(device->add_subcommand(
        "join", "On a groved with an empty profile: pair it with a code from `device pair`"));
    device_join->add_option("CODE", pairing_code, "The grove-pair:… code")->required();
    device_join
        ->add_option("--passphrase-file", passphrase_file,
                     "File holding this device's new passphrase ('-' = stdin)")
        ->required()
        ->type_name("F");
    device_join->callback([&] {
        run = [&](CommandRunner& r) {
            auto passphrase = read_passphrase(passphrase_file);
            const auto start = pairing_code.find_first_not_of(" \t\r\n");
            const auto end = pairing_code.find_last_not_of(" \t\r\n");
            const std::string code =
                start == std::string::npos ? "" : pairing_code.substr(start, end - start + 1);
            return passphrase ? r.device_join(code, *passphrase) : int(kExitUsage);
        };
    });

    NoteCommandLine note;
    add_note_commands(app, add_common_options, note);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (!run && !note.run) {
        std::cerr << app.help();
        return kExitUsage;
    }
    if (is_watch) {
        // Before gRPC starts threads: the stop signals must reach only our sigtimedwait.
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    }

    if (profile.empty())
        if (const char* from_env = std::getenv("GROVE_PROFILE")) profile = from_env;
    auto connection = resolve_connection(profile, api, token_file, tls);
    if (const int* code = std::get_if<int>(&connection)) return *code;
    auto& target = std::get<Connection>(connection);
    ApiClient client(target.address, target.token, target.tls);
    CommandRunner runner(client, json, std::cout, std::cerr);
    const int code = note.run ? note.run(client, json, std::cout, std::cerr) : run(runner);
    std::cout.flush();
    return code;
}
