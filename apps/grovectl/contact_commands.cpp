// ContactService: contact card|add|list|show|verify|remove (invitations sealed to a contact are
// in invitation_commands.cpp).
#include <sstream>

#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Contacts = v1::ContactService::Stub;
using nlohmann::json;

namespace {

json contact_json(const v1::Contact& c) {
    return {{"name", c.name()},
            {"identity_id", c.identity_id()},
            {"display_name", c.display_name()},
            {"fingerprint", c.fingerprint()},
            {"box_key", c.box_key()},
            {"verified", c.verified()},
            {"status", c.status()},
            {"warning", c.warning()},
            {"pending_box_key", c.pending_box_key()},
            {"pending_display_name", c.pending_display_name()},
            {"conflicts_with", c.conflicts_with()},
            {"card_issued_ms", c.card_issued_ms()},
            {"first_seen_ms", c.first_seen_ms()},
            {"last_seen_ms", c.last_seen_ms()},
            {"source", c.source()},
            {"card", c.card()}};
}

std::string flag_text(const v1::Contact& c) {
    if (c.status() == "keys_changed") return "KEYS CHANGED";
    if (c.status() == "name_conflict") return "NAME CONFLICT";
    return c.verified() ? "verified" : "not verified";
}

std::string contact_line(const v1::Contact& c) {
    std::ostringstream out;
    out << c.name() << "  " << c.display_name() << "  [" << c.fingerprint() << "]  "
        << flag_text(c);
    return out.str();
}

std::string contact_details(const v1::Contact& c) {
    std::ostringstream out;
    out << "name:         " << c.name() << '\n'
        << "display name: " << c.display_name() << '\n'
        << "identity:     " << c.identity_id() << '\n'
        << "fingerprint:  " << c.fingerprint() << '\n'
        << "box key:      " << c.box_key() << '\n'
        << "status:       " << flag_text(c) << '\n';
    if (!c.pending_box_key().empty())
        out << "new box key:  " << c.pending_box_key() << " (card of " << c.pending_display_name()
            << ", not accepted)\n";
    if (!c.conflicts_with().empty()) out << "claims name:  " << c.conflicts_with() << '\n';
    if (!c.warning().empty()) out << "warning:      " << c.warning() << '\n';
    out << "source:       " << c.source() << '\n'
        << "first seen:   " << format_time(c.first_seen_ms()) << '\n'
        << "last seen:    " << format_time(c.last_seen_ms()) << '\n'
        << "card:         " << c.card() << '\n';
    return out.str();
}

}  // namespace

void add_contact_commands(CommandLine& cli) {
    CLI::App* group =
        cli.group("contact", "Your contact card, and contacts: add, list, show, verify, remove");
    const char* contact_help = "Contact name, identity id, id prefix or fingerprint";

    CLI::App* card = cli.command(group, "card", "Print your own contact card to share");
    cli.on_run(card, [](CommandContext& context) {
        v1::ContactCard mine;
        if (int code = context.call(&Contacts::GetMyCard, {}, mine, "cannot get your contact card"))
            return code;
        return context.print({{"card", mine.card()},
                              {"display_name", mine.display_name()},
                              {"identity_id", mine.identity_id()},
                              {"fingerprint", mine.fingerprint()}},
                             mine.card());
    });

    CLI::App* add = cli.command(
        group, "add", "Add a contact from a grove-contact:… card, or --from SPACE MEMBER");
    auto& card_text = cli.keep<std::string>();
    auto& name = cli.keep<std::string>();
    auto& from = cli.keep<std::vector<std::string>>();
    add->add_option("CARD", card_text, "The grove-contact:… card");
    add->add_option("--name", name, "Your name for the contact (default: theirs)")
        ->type_name("NAME");
    add->add_option("--from", from, "Take the card of a member of a space: --from SPACE MEMBER")
        ->expected(2)
        ->type_name("SPACE MEMBER");
    add->callback([&cli, &card_text, &name, &from] {
        if (card_text.empty() == from.empty())
            throw CLI::ValidationError("contact add", "give a CARD or --from SPACE MEMBER");
        cli.set_run([&](CommandContext& context) {
            v1::AddContactRequest request;
            request.set_card(card_text);
            request.set_name(name);
            if (!from.empty()) {
                request.set_from_space(from[0]);
                request.set_from_member(from[1]);
            }
            v1::Contact contact;
            if (int code = context.call(&Contacts::Add, request, contact, "cannot add the contact"))
                return code;
            if (!contact.warning().empty()) context.note(contact.warning());
            return context.print(contact_json(contact), contact_line(contact));
        });
    });

    CLI::App* list = cli.command(group, "list", "List your contacts (flagged ones marked)");
    cli.on_run(list, [](CommandContext& context) {
        google::protobuf::RepeatedPtrField<v1::Contact> contacts;
        if (int code = context.call_all_pages(&Contacts::List, v1::ListContactsRequest(),
                                              &v1::ListContactsResponse::mutable_contacts, contacts,
                                              "cannot list the contacts"))
            return code;
        return context.print_list("contacts", contacts, contact_json, contact_line);
    });

    CLI::App* show = cli.command(group, "show", "Show a contact");
    auto& shown = cli.argument(show, "CONTACT", contact_help);
    cli.on_run(show, [&](CommandContext& context) {
        v1::GetContactRequest request;
        request.set_contact(shown);
        return context.call_and_print(&Contacts::Get, request, "cannot show the contact",
                                      contact_json, contact_details);
    });

    CLI::App* verify =
        cli.command(group, "verify",
                    "After comparing fingerprints out of band: mark verified, accept changed keys");
    auto& verified = cli.argument(verify, "CONTACT", contact_help);
    cli.on_run(verify, [&](CommandContext& context) {
        v1::VerifyContactRequest request;
        request.set_contact(verified);
        return context.call_and_print(&Contacts::Verify, request, "cannot verify the contact",
                                      contact_json, contact_line);
    });

    CLI::App* remove = cli.command(group, "remove", "Remove a contact");
    auto& removed = cli.argument(remove, "CONTACT", contact_help);
    cli.on_run(remove, [&](CommandContext& context) {
        v1::RemoveContactRequest request;
        request.set_contact(removed);
        return context.call_and_confirm(&Contacts::Remove, request, "cannot remove the contact",
                                        {{"removed", removed}});
    });
}

}  // namespace grove::apps::grovectl
