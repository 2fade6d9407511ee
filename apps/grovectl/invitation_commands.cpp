// Invitations to a space and joining one: invite [--for CONTACT], invite revoke, join, and their
// aliases space invite|join. Plain codes are SyncService's; codes sealed to a contact are
// ContactService's (Invite, OpenInvitation), joined through SyncService.Join.
#include "api_commands.h"
#include "api_format.h"
#include "qr_text.h"

#include <iostream>
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Sync = v1::SyncService::Stub;
using Contacts = v1::ContactService::Stub;
using nlohmann::json;

namespace {

// Joining dials the inviter, then fetches the space's history.
constexpr std::chrono::seconds kJoinDeadline{60};

struct InviteOptions {
    std::string space;
    std::string role;
    std::uint32_t valid_seconds = 0;
    std::string for_contact;  // empty: a plain code anyone holding it can use
    bool short_form = false;  // print the short code and the grove: link
    bool qr = false;          // and the link as a QR code
};

void add_invite_options(CLI::App* command, InviteOptions& options, const char* for_help) {
    command->add_option("--role", options.role, "participant (default), guest or manager")
        ->type_name("ROLE");
    command
        ->add_option("--valid", options.valid_seconds,
                     "Seconds the code stays valid (default one day)")
        ->type_name("SECONDS");
    command->add_option("--for", options.for_contact, for_help)->type_name("CONTACT");
    command->add_flag("--short", options.short_form,
                      "Print the short code (ABCD-EFGH-JKLMN) and the grove: link instead: "
                      "looked up through this peer or its relays");
    command->add_flag("--qr", options.qr,
                      "Print the grove: link as a QR code (with the short code under it)");
}

int invite(CommandContext& context, const InviteOptions& options) {
    v1::Invitation invitation;
    if (options.for_contact.empty()) {
        v1::CreateInvitationRequest request;
        request.set_space(options.space);
        request.set_role(options.role);
        request.set_valid_seconds(options.valid_seconds);
        if (int code = context.call(&Sync::CreateInvitation, request, invitation,
                                    "cannot create the invitation"))
            return code;
    } else {
        v1::InviteContactRequest request;
        request.set_space(options.space);
        request.set_contact(options.for_contact);
        request.set_role(options.role);
        request.set_valid_seconds(options.valid_seconds);
        if (int code = context.call(&Contacts::Invite, request, invitation,
                                    "cannot create the invitation"))
            return code;
    }
    if ((options.short_form || options.qr) && invitation.short_code().empty()) {
        std::cerr << "grovectl: this invitation has no short code (a code sealed to a contact "
                     "never has one); use the full code\n";
        return context.print(to_json(invitation), invitation.code());
    }
    if (options.qr) {
        auto qr = qr_text(invitation.link());
        if (!qr) {
            std::cerr << "grovectl: " << qr.error().message << "\n";
            return 1;
        }
        return context.print(to_json(invitation),
                             *qr + "\n" + invitation.short_code() + "\n" + invitation.link());
    }
    if (options.short_form)
        return context.print(to_json(invitation),
                             invitation.short_code() + "\n" + invitation.link());
    return context.print(to_json(invitation), invitation.code());
}

json opened_json(const v1::OpenedInvitation& o) {
    return {{"space_id", o.space_id()},
            {"space_name", o.space_name()},
            {"role", o.role()},
            {"expires_ms", o.expires_ms()},
            {"inviter_name", o.inviter_name()},
            {"inviter_id", o.inviter_id()},
            {"inviter_fingerprint", o.inviter_fingerprint()},
            {"inviter_contact", o.inviter_contact()},
            {"inviter_trust", o.inviter_trust()}};
}

std::string trust_text(const v1::OpenedInvitation& o) {
    const std::string& t = o.inviter_trust();
    if (t == "verified") return "your verified contact " + o.inviter_contact();
    if (t == "unverified") return "your contact " + o.inviter_contact() + " (not verified)";
    if (t == "keys_changed")
        return "WARNING: your contact " + o.inviter_contact() +
               ", but with changed keys — compare fingerprints";
    if (t == "name_conflict")
        return "WARNING: not your contact " + o.inviter_contact() +
               ", though named like them — compare fingerprints";
    return "not one of your contacts";
}

bool is_sealed_code(const std::string& code) {
    const auto start = code.find_first_not_of(" \t\r\n");
    return start != std::string::npos && code.compare(start, 20, "grove-sealed-invite:") == 0;
}

// Joins with a plain code, or with a sealed one after showing who sent it (and whether they are
// a verified contact) on stderr.
int join(CommandContext& context, const std::string& code) {
    v1::OpenedInvitation opened;
    const bool sealed = is_sealed_code(code);
    if (sealed) {
        v1::OpenInvitationRequest open;
        open.set_code(code);
        if (int failed =
                context.call(&Contacts::OpenInvitation, open, opened, "cannot open the invitation"))
            return failed;
        if (!context.json())
            context.note(opened.inviter_name() + " [" + opened.inviter_fingerprint() + "], " +
                         trust_text(opened) + ", invites you to \"" + opened.space_name() +
                         "\" as " + opened.role());
    }
    v1::JoinRequest request;
    request.set_code(code);
    v1::Space space;
    if (int failed = context.call(&Sync::Join, request, space, "cannot join", kJoinDeadline))
        return failed;
    json document = to_json(space);
    if (sealed) document["invited_by"] = opened_json(opened);
    return context.print(document, space.id());
}

}  // namespace

void add_invitation_commands(CommandLine& cli) {
    // `invite SPACE` creates a code; `invite revoke SPACE ID` revokes one.
    CLI::App* invite_command = cli.command(
        &cli.app(), "invite",
        "Create a one-time invitation code to a space (needs groved --listen); `invite revoke` "
        "revokes an unused one");
    invite_command->require_subcommand(0, 1);
    CLI::App* revoke =
        cli.command(invite_command, "revoke",
                    "Revoke an unused invitation (managers): its code is refused from then on");
    auto& revoke_space = cli.space_argument(revoke);
    auto& invitation_id = cli.argument(revoke, "INVITATION_ID",
                                       "The invitation's id (`invitation_id` of `invite --json`)");
    cli.on_run(revoke, [&](CommandContext& context) {
        v1::RevokeInvitationRequest request;
        request.set_space(revoke_space);
        request.set_invitation_id(invitation_id);
        return context.call_and_confirm(&Sync::RevokeInvitation, request,
                                        "cannot revoke the invitation",
                                        {{"revoked", invitation_id}, {"space", revoke_space}});
    });
    auto& options = cli.keep<InviteOptions>();
    invite_command->add_option("SPACE", options.space, "Space id, id prefix or unambiguous name");
    add_invite_options(invite_command, options,
                       "Seal the invitation to this contact (name, id or fingerprint): only they "
                       "can use it");
    invite_command->callback([&options, revoke, &cli] {
        if (revoke->parsed()) return;
        if (options.space.empty()) throw CLI::RequiredError("SPACE");
        cli.set_run([&options](CommandContext& context) { return invite(context, options); });
    });

    CLI::App* space = cli.group("space", "Create, list, show, rename or leave spaces");
    CLI::App* space_invite = cli.command(
        space, "invite",
        "Create an invitation to a space (as `invite`); --for CONTACT seals it to them");
    auto& space_options = cli.keep<InviteOptions>();
    space_invite
        ->add_option("SPACE", space_options.space, "Space id, id prefix or unambiguous name")
        ->required();
    add_invite_options(space_invite, space_options,
                       "Seal the invitation to this contact (name, id or fingerprint)");
    cli.on_run(space_invite,
               [&](CommandContext& context) { return invite(context, space_options); });

    CLI::App* join_command =
        cli.command(&cli.app(), "join", "Join a space with an invitation code; prints its id");
    auto& code =
        cli.argument(join_command, "CODE",
                     "The grove-invite:… code, a short code (ABCD-EFGH-JKLMN), a grove:join?… "
                     "link, or a grove-sealed-invite:… code made for you");
    cli.on_run(join_command, [&](CommandContext& context) { return join(context, code); });
    CLI::App* space_join =
        cli.command(space, "join", "Join a space with an invitation code (as `join`)");
    auto& space_code =
        cli.argument(space_join, "CODE",
                     "A grove-invite:… code, short code, grove: link or grove-sealed-invite:… code");
    cli.on_run(space_join, [&](CommandContext& context) { return join(context, space_code); });
}

}  // namespace grove::apps::grovectl
