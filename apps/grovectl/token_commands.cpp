// TokenService: token create|list|revoke (per-client API tokens).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Tokens = v1::TokenService::Stub;

namespace {

// Writes `secret` and a newline to a new file of mode 0600 (never over an existing one).
bool write_secret_file(const std::string& path, const std::string& secret, std::string& why) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        why = std::strerror(errno);
        return false;
    }
    const std::string line = secret + "\n";
    std::size_t done = 0;
    bool ok = ::fchmod(fd, 0600) == 0;
    while (ok && done < line.size()) {
        const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    if (!ok) why = std::strerror(errno);
    ::close(fd);
    if (!ok) ::unlink(path.c_str());
    return ok;
}

struct CreateOptions {
    std::string name;
    std::string scope;
    std::vector<std::string> spaces;
    std::string save_to;
};

// Prints the new token's secret, or with --save writes it to a new file of mode 0600.
int create_token(CommandContext& context, const CreateOptions& options) {
    v1::CreateTokenRequest request;
    request.set_name(options.name);
    request.set_scope(options.scope);
    for (const auto& space : options.spaces) request.add_spaces(space);
    v1::CreatedToken created;
    if (int code = context.call(&Tokens::Create, request, created, "cannot create the token"))
        return code;
    if (!options.save_to.empty()) {
        std::string why;
        if (!write_secret_file(options.save_to, created.secret(), why)) {
            context.note("token '" + options.name + "' was created but cannot be saved to " +
                         options.save_to + " (" + why +
                         "); revoke it with `grovectl token revoke " + options.name + "`");
            return kExitError;
        }
    }
    nlohmann::json document = {{"token", to_json(created.token())}};
    if (options.save_to.empty())
        document["secret"] = created.secret();
    else
        document["saved_to"] = options.save_to;
    return context.print(document, options.save_to.empty() ? created.secret() : std::string());
}

}  // namespace

void add_token_commands(CommandLine& cli) {
    CLI::App* group = cli.group(
        "token", "Per-client API tokens: create, list, revoke (needs the admin profile token)");

    CLI::App* create = cli.command(group, "create",
                                   "Create a token; prints its secret once (only a hash is kept)");
    auto& options = cli.keep<CreateOptions>();
    create->add_option("NAME", options.name, "1 to 64 of A-Z a-z 0-9 . _ -")->required();
    create->add_option("--scope", options.scope, "read, write or admin")
        ->required()
        ->check(CLI::IsMember({"read", "write", "admin"}))
        ->type_name("SCOPE");
    create
        ->add_option("--space", options.spaces,
                     "Limit the token to this space (repeatable; default: every space)")
        ->allow_extra_args(false)  // one space per --space: a following NAME stays the name
        ->type_name("SPACE");
    create
        ->add_option("--save", options.save_to,
                     "Write the secret to this new file (mode 0600) instead of printing it")
        ->type_name("F");
    cli.on_run(create, [&](CommandContext& context) { return create_token(context, options); });

    CLI::App* list = cli.command(group, "list", "List the tokens (never their secrets)");
    cli.on_run(list, [](CommandContext& context) {
        v1::ListTokensResponse response;
        if (int code = context.call(&Tokens::List, {}, response, "cannot list the tokens"))
            return code;
        return context.print_list("tokens", response.tokens(), as_json, format_token_line);
    });

    CLI::App* revoke =
        cli.command(group, "revoke", "Revoke a token: its next call fails, its watch streams end");
    auto& revoked = cli.argument(revoke, "NAME", "The token's name");
    cli.on_run(revoke, [&](CommandContext& context) {
        v1::RevokeTokenRequest request;
        request.set_name(revoked);
        return context.call_and_confirm(&Tokens::Revoke, request, "cannot revoke the token",
                                        {{"revoked", revoked}});
    });
}

}  // namespace grove::apps::grovectl
