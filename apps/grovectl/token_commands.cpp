// TokenService: token create|list|rotate|revoke (per-client API tokens).
#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "secret_file.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Tokens = v1::TokenService::Stub;

namespace {

struct CreateOptions {
    std::string name;
    std::string scope;
    std::vector<std::string> spaces;
    std::string save_to;
};

// Prints a new secret (`created`, after create or rotate), or with `save_to` writes it to a new
// file of mode 0600.
int print_secret(CommandContext& context, const v1::CreatedToken& created,
                 const std::string& save_to, const char* done) {
    const std::string& name = created.token().name();
    if (!save_to.empty()) {
        std::string why;
        if (!write_secret_file(save_to, created.secret(), why)) {
            context.note("token '" + name + "' was " + done + " but cannot be saved to " + save_to +
                         " (" + why + "); rotate it again with `grovectl token rotate " + name +
                         " --save F`, or revoke it");
            return kExitError;
        }
    }
    nlohmann::json document = {{"token", to_json(created.token())}};
    if (save_to.empty())
        document["secret"] = created.secret();
    else
        document["saved_to"] = save_to;
    return context.print(document, save_to.empty() ? created.secret() : std::string());
}

int create_token(CommandContext& context, const CreateOptions& options) {
    v1::CreateTokenRequest request;
    request.set_name(options.name);
    request.set_scope(options.scope);
    for (const auto& space : options.spaces) request.add_spaces(space);
    v1::CreatedToken created;
    if (int code = context.call(&Tokens::Create, request, created, "cannot create the token"))
        return code;
    return print_secret(context, created, options.save_to, "created");
}

struct RotateOptions {
    std::string name;
    std::string save_to;
};

int rotate_token(CommandContext& context, const RotateOptions& options) {
    v1::RotateTokenRequest request;
    request.set_name(options.name);
    v1::CreatedToken rotated;
    if (int code = context.call(&Tokens::Rotate, request, rotated, "cannot rotate the token"))
        return code;
    return print_secret(context, rotated, options.save_to, "rotated");
}

}  // namespace

void add_token_commands(CommandLine& cli) {
    CLI::App* group = cli.group(
        "token",
        "Per-client API tokens: create, list, rotate, revoke (needs the admin profile token)");

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

    CLI::App* rotate = cli.command(
        group, "rotate",
        "A new secret for a token (same scope and spaces); the old one fails from its next call");
    auto& rotation = cli.keep<RotateOptions>();
    rotate->add_option("NAME", rotation.name, "The token's name")->required();
    rotate
        ->add_option("--save", rotation.save_to,
                     "Write the new secret to this new file (mode 0600) instead of printing it")
        ->type_name("F");
    cli.on_run(rotate, [&](CommandContext& context) { return rotate_token(context, rotation); });

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
