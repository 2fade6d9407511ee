#include "api/contact_service.h"

#include <grove/sdk/pagination.h>

#include <algorithm>
#include <chrono>

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

namespace {

constexpr Access kReadBook{Scope::Read, true};
constexpr Access kManageBook{Scope::Admin, true};
constexpr std::uint32_t kDefaultInvitationSeconds = 24 * 60 * 60;
constexpr std::uint32_t kMaxInvitationSeconds = 30 * 24 * 60 * 60;
constexpr std::size_t kMaxCardBytes = 1024;

v1::Contact to_contact(const ContactView& c) {
    v1::Contact out;
    out.set_name(c.name);
    out.set_identity_id(c.identity_id);
    out.set_display_name(c.display_name);
    out.set_fingerprint(c.fingerprint);
    out.set_box_key(c.box_key);
    out.set_verified(c.verified);
    out.set_status(c.status);
    out.set_warning(c.warning);
    out.set_pending_box_key(c.pending_box_key);
    out.set_pending_display_name(c.pending_display_name);
    out.set_conflicts_with(c.conflicts_with);
    out.set_card_issued_ms(c.card_issued_ms);
    out.set_first_seen_ms(c.first_seen_ms);
    out.set_last_seen_ms(c.last_seen_ms);
    out.set_source(c.source);
    out.set_card(c.card);
    return out;
}

Result<void> validate_contact_ref(std::string_view field, const std::string& value) {
    if (value.empty())
        return make_error(ErrorCode::InvalidArgument,
                          std::string(field) + " must name a contact (a name, id or fingerprint)");
    return validate_member_ref(field, value);  // same limits: ≤ 256 bytes, no control characters
}

Result<void> validate_card(std::string_view field, const std::string& value) {
    if (value.empty() || value.size() > kMaxCardBytes)
        return make_error(ErrorCode::InvalidArgument,
                          std::string(field) + " must be a grove-contact:… card of at most " +
                              std::to_string(kMaxCardBytes) + " bytes");
    return {};
}

}  // namespace

ContactService::Raw ContactService::GetMyCard(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    return serve_unary<v1::GetMyCardRequest>(
        context_, call, request, response, kReadBook,
        [this](v1::GetMyCardRequest&) -> Result<v1::ContactCard> {
            auto card = context_.peer.my_contact_card();
            if (!card) return card.error();
            auto account = context_.peer.account();
            if (!account) return account.error();
            v1::ContactCard out;
            out.set_card(*card);
            out.set_display_name(account->display_name);
            out.set_identity_id(account->identity_id);
            out.set_fingerprint(account->fingerprint);
            return out;
        });
}

ContactService::Raw ContactService::Add(grpc::CallbackServerContext* call,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) {
    return serve_unary<v1::AddContactRequest>(
        context_, call, request, response, kManageBook,
        [this](v1::AddContactRequest& r) -> Result<v1::Contact> {
            if (!r.name().empty()) GROVE_TRY(validate_name("name", r.name()));
            const bool from_member = !r.from_space().empty() || !r.from_member().empty();
            if (from_member == !r.card().empty())
                return make_error(ErrorCode::InvalidArgument,
                                  "give either a card or from_space with from_member");
            Result<ContactView> added = make_error(ErrorCode::Internal, "unreachable");
            if (from_member) {
                GROVE_TRY(validate_space_ref("from_space", r.from_space()));
                GROVE_TRY(validate_member_ref("from_member", r.from_member()));
                added = context_.peer.add_contact_from_member(r.from_space(), r.from_member(),
                                                              r.name());
            } else {
                GROVE_TRY(validate_card("card", r.card()));
                added = context_.peer.add_contact(r.card(), r.name());
            }
            if (!added) return added.error();
            return to_contact(*added);
        });
}

ContactService::Raw ContactService::List(grpc::CallbackServerContext* call,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) {
    return serve_unary<v1::ListContactsRequest>(
        context_, call, request, response, kReadBook,
        [this](v1::ListContactsRequest& r) -> Result<v1::ListContactsResponse> {
            auto contacts = context_.peer.list_contacts();
            if (!contacts) return contacts.error();
            v1::ListContactsResponse out;
            auto next = sdk::serve_page(
                *contacts, r.page_size(), r.page_token(), "contacts",
                [](const ContactView& c) { return c.identity_id; },
                [&](const ContactView& c) { *out.add_contacts() = to_contact(c); });
            if (!next) return next.error();
            out.set_next_page_token(std::move(next).value());
            return out;
        });
}

ContactService::Raw ContactService::Get(grpc::CallbackServerContext* call,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) {
    return serve_unary<v1::GetContactRequest>(
        context_, call, request, response, kReadBook,
        [this](v1::GetContactRequest& r) -> Result<v1::Contact> {
            GROVE_TRY(validate_contact_ref("contact", r.contact()));
            auto contact = context_.peer.get_contact(r.contact());
            if (!contact) return contact.error();
            return to_contact(*contact);
        });
}

ContactService::Raw ContactService::Verify(grpc::CallbackServerContext* call,
                                           const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) {
    return serve_unary<v1::VerifyContactRequest>(
        context_, call, request, response, kManageBook,
        [this](v1::VerifyContactRequest& r) -> Result<v1::Contact> {
            GROVE_TRY(validate_contact_ref("contact", r.contact()));
            auto contact = context_.peer.verify_contact(r.contact());
            if (!contact) return contact.error();
            return to_contact(*contact);
        });
}

ContactService::Raw ContactService::Remove(grpc::CallbackServerContext* call,
                                           const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) {
    return serve_unary<v1::RemoveContactRequest>(
        context_, call, request, response, kManageBook,
        [this](v1::RemoveContactRequest& r) -> Result<v1::Empty> {
            GROVE_TRY(validate_contact_ref("contact", r.contact()));
            GROVE_TRY(context_.peer.remove_contact(r.contact()));
            return v1::Empty{};
        });
}

ContactService::Raw ContactService::Invite(grpc::CallbackServerContext* call,
                                           const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) {
    return serve_space_unary<v1::InviteContactRequest>(
        context_, call, request, response, kManageBook, kSpaceField,
        [this](v1::InviteContactRequest& r) -> Result<v1::Invitation> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_contact_ref("contact", r.contact()));
            Role role = Role::Participant;
            if (!r.role().empty()) {
                auto parsed = role_from_string(r.role());
                if (!parsed)
                    return make_error(ErrorCode::InvalidArgument,
                                      "role must be participant, guest or manager");
                role = *parsed;
            }
            if (r.valid_seconds() > kMaxInvitationSeconds)
                return make_error(ErrorCode::InvalidArgument,
                                  "valid_seconds is more than 30 days");
            std::vector<std::string> addresses;
            if (network_.invitation_addresses) addresses = network_.invitation_addresses();
            if (addresses.empty())
                return make_error(ErrorCode::FailedPrecondition,
                                  "this peer accepts no links: start groved with --listen "
                                  "HOST:PORT (or --relay) so that an invitation can name it");
            const std::uint32_t seconds =
                r.valid_seconds() == 0 ? kDefaultInvitationSeconds : r.valid_seconds();
            auto invitation = context_.peer.create_invitation_for(
                r.space(), r.contact(), role, context_.peer.now_ms() + std::int64_t{seconds} * 1000, addresses);
            if (!invitation) return invitation.error();
            return to_proto(*invitation);
        });
}

ContactService::Raw ContactService::OpenInvitation(grpc::CallbackServerContext* call,
                                                   const grpc::ByteBuffer* request,
                                                   grpc::ByteBuffer* response) {
    return serve_unary<v1::OpenInvitationRequest>(
        context_, call, request, response, kManageBook,
        [this](v1::OpenInvitationRequest& r) -> Result<v1::OpenedInvitation> {
            GROVE_TRY(validate_invitation_code("code", r.code()));
            auto opened = context_.peer.open_invitation(r.code());
            if (!opened) return opened.error();
            v1::OpenedInvitation out;
            out.set_space_id(opened->space_id);
            out.set_space_name(opened->space_name);
            out.set_role(to_string(opened->role));
            out.set_expires_ms(opened->expires_ms);
            out.set_inviter_name(opened->inviter_name);
            out.set_inviter_id(opened->inviter_id);
            out.set_inviter_fingerprint(opened->inviter_fingerprint);
            out.set_inviter_contact(opened->inviter_contact);
            out.set_inviter_trust(opened->inviter_trust);
            std::fill(opened->code.begin(), opened->code.end(), '\0');
            return out;
        });
}

}  // namespace grove::platform::api
