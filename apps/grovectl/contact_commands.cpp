// CommandRunner's contact commands: contact card|add|list|show|verify|remove, `invite --for`
// (an invitation sealed to a contact) and joining with a sealed invitation.
#include <ostream>
#include <sstream>

#include "commands.h"
#include "exit_codes.h"
#include "output.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
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
        out << "new box key:  " << c.pending_box_key() << " (card of "
            << c.pending_display_name() << ", not accepted)\n";
    if (!c.conflicts_with().empty()) out << "claims name:  " << c.conflicts_with() << '\n';
    if (!c.warning().empty()) out << "warning:      " << c.warning() << '\n';
    out << "source:       " << c.source() << '\n'
        << "first seen:   " << format_time(c.first_seen_ms()) << '\n'
        << "last seen:    " << format_time(c.last_seen_ms()) << '\n'
        << "card:         " << c.card() << '\n';
    return out.str();
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

}  // namespace

int CommandRunner::contact_card() {
    v1::ContactCard card;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.contacts().GetMyCard(context.get(), v1::GetMyCardRequest{}, &card);
    if (!status.ok()) return fail(status, "cannot get your contact card");
    if (json_)
        out_ << json{{"card", card.card()},
                     {"display_name", card.display_name()},
                     {"identity_id", card.identity_id()},
                     {"fingerprint", card.fingerprint()}}
                    .dump()
             << '\n';
    else
        out_ << card.card() << '\n';
    return kExitOk;
}

int CommandRunner::contact_add(const std::string& card, const std::string& name,
                               const std::string& from_space, const std::string& from_member) {
    v1::AddContactRequest request;
    request.set_card(card);
    request.set_name(name);
    request.set_from_space(from_space);
    request.set_from_member(from_member);
    v1::Contact contact;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.contacts().Add(context.get(), request, &contact);
    if (!status.ok()) return fail(status, "cannot add the contact");
    if (!contact.warning().empty()) err_ << "grovectl: " << contact.warning() << '\n';
    if (json_)
        out_ << contact_json(contact).dump() << '\n';
    else
        out_ << contact_line(contact) << '\n';
    return kExitOk;
}

int CommandRunner::contact_list() {
    v1::ListContactsResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status =
        client_.contacts().List(context.get(), v1::ListContactsRequest{}, &response);
    if (!status.ok()) return fail(status, "cannot list the contacts");
    if (json_) {
        json array = json::array();
        for (const auto& c : response.contacts()) array.push_back(contact_json(c));
        out_ << json{{"contacts", array}}.dump() << '\n';
    } else {
        for (const auto& c : response.contacts()) out_ << contact_line(c) << '\n';
    }
    return kExitOk;
}

int CommandRunner::contact_show(const std::string& name) {
    v1::GetContactRequest request;
    request.set_contact(name);
    v1::Contact contact;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.contacts().Get(context.get(), request, &contact);
    if (!status.ok()) return fail(status, "cannot show the contact");
    if (json_)
        out_ << contact_json(contact).dump() << '\n';
    else
        out_ << contact_details(contact);
    return kExitOk;
}

int CommandRunner::contact_verify(const std::string& name) {
    v1::VerifyContactRequest request;
    request.set_contact(name);
    v1::Contact contact;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.contacts().Verify(context.get(), request, &contact);
    if (!status.ok()) return fail(status, "cannot verify the contact");
    if (json_)
        out_ << contact_json(contact).dump() << '\n';
    else
        out_ << contact_line(contact) << '\n';
    return kExitOk;
}

int CommandRunner::contact_remove(const std::string& name) {
    v1::RemoveContactRequest request;
    request.set_contact(name);
    v1::Empty empty;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.contacts().Remove(context.get(), request, &empty);
    if (!status.ok()) return fail(status, "cannot remove the contact");
    if (json_) out_ << json{{"removed", name}}.dump() << '\n';
    return kExitOk;
}

int CommandRunner::invite_for(const std::string& space, const std::string& contact,
                              const std::string& role, std::uint32_t valid_seconds) {
    v1::InviteContactRequest request;
    request.set_space(space);
    request.set_contact(contact);
    request.set_role(role);
    request.set_valid_seconds(valid_seconds);
    v1::Invitation invitation;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.contacts().Invite(context.get(), request, &invitation);
    if (!status.ok()) return fail(status, "cannot create the invitation");
    if (json_)
        out_ << to_json(invitation).dump() << '\n';
    else
        out_ << invitation.code() << '\n';
    return kExitOk;
}

int CommandRunner::join_sealed(const std::string& code) {
    v1::OpenInvitationRequest open;
    open.set_code(code);
    v1::OpenedInvitation opened;
    {
        auto context = client_.context(ApiClient::kDefaultDeadline);
        const auto status = client_.contacts().OpenInvitation(context.get(), open, &opened);
        if (!status.ok()) return fail(status, "cannot open the invitation");
    }
    if (!json_)
        err_ << "grovectl: " << opened.inviter_name() << " [" << opened.inviter_fingerprint()
             << "], " << trust_text(opened) << ", invites you to \"" << opened.space_name()
             << "\" as " << opened.role() << '\n';
    v1::JoinRequest request;
    request.set_code(code);
    v1::Space space;
    auto context = client_.context(std::chrono::seconds(60));  // dials, then fetches history
    const auto status = client_.sync().Join(context.get(), request, &space);
    if (!status.ok()) return fail(status, "cannot join");
    if (json_) {
        json out = to_json(space);
        out["invited_by"] = opened_json(opened);
        out_ << out.dump() << '\n';
    } else {
        out_ << space.id() << '\n';
    }
    return kExitOk;
}

}  // namespace grove::apps::grovectl
