#include "core/contacts.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "core/invitation_code.h"
#include "core/membership.h"  // role_to_proto
#include "core/text_code.h"
#include "crypto/primitives.h"

namespace grove::platform {

namespace sp = grove::space::v1;
namespace nv = grove::net::v1;

namespace {

void put_field(Bytes& out, std::string_view field) {
    append_u32le(out, static_cast<std::uint32_t>(field.size()));
    append(out, as_bytes(field));
}

Bytes sealed_signing_input(const nv::SealedInvitation& s) {
    Bytes out = to_bytes("grove.sealed-invite.v1");
    put_field(out, s.inviter().sign_key());
    put_field(out, s.recipient());
    put_field(out, s.recipient_box());
    put_field(out, s.sealed_body());
    append_u64le(out, static_cast<std::uint64_t>(s.issued_ms()));
    return out;
}

bool same_keys(const sp::IdentityCard& a, const sp::IdentityCard& b) {
    return a.sign_key() == b.sign_key() && a.box_key() == b.box_key();
}

}  // namespace

std::string encode_contact_card(const sp::IdentityCard& card) {
    return encode_text_code(kContactCardPrefix, "grove.contact.v1",
                            as_bytes(card.SerializeAsString()));
}

Result<sp::IdentityCard> decode_contact_card(std::string_view text) {
    auto payload = decode_text_code(text, kContactCardPrefix, "grove.contact.v1",
                                    kMaxContactCardChars, "contact card");
    if (!payload.ok()) return payload.error();
    sp::IdentityCard card;
    if (!card.ParseFromArray(payload->data(), static_cast<int>(payload->size())))
        return make_error(ErrorCode::InvalidArgument, "the contact card does not parse");
    auto checked = verify_identity_card(card);
    if (!checked.ok())
        return make_error(ErrorCode::InvalidArgument, "the contact card is not validly signed (" +
                                                          checked.error().message + ")");
    return card;
}

bool is_sealed_invitation(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    return text.rfind(kSealedInvitationPrefix, 0) == 0;
}

std::string seal_invitation(const LocalIdentity& inviter, const sp::IdentityCard& recipient,
                            const nv::InvitationCode& code, const std::string& space_name,
                            Role role, std::int64_t issued_ms) {
    nv::SealedInvitationBody body;
    body.set_inviter(to_string(inviter.identity_sign.public_key));
    body.set_recipient(recipient.sign_key());
    *body.mutable_code() = code;
    body.set_space_name(space_name);
    body.set_role(role_to_proto(role));
    std::string plain = body.SerializeAsString();
    auto box = *fixed_from<32>(as_bytes(recipient.box_key()));
    nv::SealedInvitation sealed;
    *sealed.mutable_inviter() = inviter.card;
    sealed.set_recipient(recipient.sign_key());
    sealed.set_recipient_box(recipient.box_key());
    sealed.set_sealed_body(to_string(crypto::seal(box, as_bytes(plain))));
    sodium_memzero(plain.data(), plain.size());
    body.mutable_code()->mutable_secret()->assign(32, '\0');
    sealed.set_issued_ms(issued_ms);
    sealed.set_signature(
        to_string(crypto::sign(inviter.identity_sign.secret_key, sealed_signing_input(sealed))));
    return encode_sealed_invitation(sealed);
}

std::string encode_sealed_invitation(const nv::SealedInvitation& sealed) {
    return encode_text_code(kSealedInvitationPrefix, "grove.sealed-invite.v1",
                            as_bytes(sealed.SerializeAsString()));
}

Bytes sealed_invitation_signing_input(const nv::SealedInvitation& sealed) {
    return sealed_signing_input(sealed);
}

Result<nv::SealedInvitation> decode_sealed_invitation(std::string_view text) {
    auto payload = decode_text_code(text, kSealedInvitationPrefix, "grove.sealed-invite.v1",
                                    kMaxSealedInvitationChars, "sealed invitation");
    if (!payload.ok()) return payload.error();
    nv::SealedInvitation sealed;
    if (!sealed.ParseFromArray(payload->data(), static_cast<int>(payload->size())))
        return make_error(ErrorCode::InvalidArgument, "the sealed invitation does not parse");
    if (sealed.recipient().size() != 32 || sealed.recipient_box().size() != 32 ||
        sealed.sealed_body().size() <= crypto::kSealOverhead ||
        sealed.signature().size() != crypto::kSignatureSize)
        return make_error(ErrorCode::InvalidArgument, "the sealed invitation is malformed");
    if (auto card = verify_identity_card(sealed.inviter()); !card.ok())
        return make_error(
            ErrorCode::PermissionDenied,
            "the inviter's card is not validly signed (" + card.error().message + ")");
    auto key = *fixed_from<32>(as_bytes(sealed.inviter().sign_key()));
    if (!crypto::verify(key, sealed_signing_input(sealed), as_bytes(sealed.signature())))
        return make_error(ErrorCode::PermissionDenied,
                          "the inviter's signature on the sealed invitation is invalid");
    return sealed;
}

Result<nv::SealedInvitationBody> open_sealed_invitation(const nv::SealedInvitation& sealed,
                                                        const LocalIdentity& me) {
    if (sealed.recipient() != to_string(me.identity_sign.public_key) ||
        sealed.recipient_box() != to_string(me.identity_box.public_key))
        return make_error(ErrorCode::PermissionDenied,
                          "this invitation is for another account (" +
                              crypto::fingerprint(as_bytes(sealed.recipient())) + ")");
    auto plain = crypto::open_sealed(me.identity_box, as_bytes(sealed.sealed_body()));
    if (!plain.ok())
        return make_error(ErrorCode::PermissionDenied,
                          "the sealed invitation does not open with this account's key");
    nv::SealedInvitationBody body;
    const ByteView view = plain->view();
    if (!body.ParseFromArray(view.data(), static_cast<int>(view.size())))
        return make_error(ErrorCode::InvalidArgument,
                          "the sealed invitation's body does not parse");
    if (body.inviter() != sealed.inviter().sign_key() || body.recipient() != sealed.recipient())
        return make_error(ErrorCode::PermissionDenied,
                          "the sealed invitation was re-signed by someone else than its inviter");
    const auto& code = body.code();
    if (code.space_id().size() != 16 || code.invitation_id().size() != 16 ||
        code.secret().size() != 32 || code.addresses_size() > 16 || body.space_name().size() > 200)
        return make_error(ErrorCode::InvalidArgument, "the sealed invitation is malformed");
    for (const auto& a : code.addresses())
        if (a.empty() || a.size() > 256)
            return make_error(ErrorCode::InvalidArgument,
                              "the sealed invitation has a bad address");
    // What opens is joined as a plain code: one that join would refuse is refused here.
    std::string plain_code = encode_invitation_code(code);
    const bool fits = plain_code.size() <= kMaxInvitationCodeChars;
    sodium_memzero(plain_code.data(), plain_code.size());
    if (!fits)
        return make_error(ErrorCode::InvalidArgument,
                          "the sealed invitation's code is too long to join with (over " +
                              std::to_string(kMaxInvitationCodeChars) + " characters)");
    return body;
}

// ---- the contact book ----

ContactStatus contact_status(const nv::ContactRecord& record) {
    if (record.has_pending_card()) return ContactStatus::KeysChanged;
    if (!record.conflicts_with().empty()) return ContactStatus::NameConflict;
    return ContactStatus::Ok;
}

const char* to_string(ContactStatus status) {
    switch (status) {
        case ContactStatus::KeysChanged:
            return "keys_changed";
        case ContactStatus::NameConflict:
            return "name_conflict";
        case ContactStatus::Ok:
            break;
    }
    return "ok";
}

Result<ContactMerge> merge_contact(const std::vector<nv::ContactRecord>& book,
                                   const sp::IdentityCard& card, const std::string& local_name,
                                   const std::string& source, std::int64_t now_ms) {
    GROVE_TRY(verify_identity_card(card));
    if (local_name.size() > kMaxContactNameBytes)
        return make_error(ErrorCode::InvalidArgument, "a contact's name has at most 200 bytes");
    auto name_taken = [&](const std::string& name, const std::string& except_key) {
        for (const auto& r : book)
            if (r.local_name() == name && r.card().sign_key() != except_key) return true;
        return false;
    };
    ContactMerge merge;
    for (const auto& existing : book) {
        if (existing.card().sign_key() != card.sign_key()) continue;
        merge.record = existing;
        auto& r = merge.record;
        r.set_last_seen_ms(now_ms);
        if (!local_name.empty() && local_name != r.local_name()) {
            if (name_taken(local_name, card.sign_key()))
                return make_error(ErrorCode::InvalidArgument,
                                  "another contact is named \"" + local_name + "\"");
            r.set_local_name(local_name);
            merge.outcome = ContactMerge::Outcome::Updated;
        }
        if (same_keys(card, r.card())) {
            if (card.issued_ms() > r.card().issued_ms()) {
                *r.mutable_card() = card;  // e.g. a new display name, same keys
                merge.outcome = ContactMerge::Outcome::Updated;
            }
            return merge;
        }
        // Same identity, other box key.
        if (card.issued_ms() <= r.card().issued_ms())
            return make_error(ErrorCode::FailedPrecondition,
                              "this card of " + r.local_name() +
                                  " is older than the one you have and names other keys: "
                                  "ignored");
        if (!r.has_pending_card() || card.issued_ms() > r.pending_card().issued_ms())
            *r.mutable_pending_card() = card;
        merge.outcome = ContactMerge::Outcome::KeysChanged;
        return merge;
    }
    // A new identity.
    auto& r = merge.record;
    *r.mutable_card() = card;
    r.set_first_seen_ms(now_ms);
    r.set_last_seen_ms(now_ms);
    r.set_source(source);
    const std::string wanted = local_name.empty() ? card.display_name() : local_name;
    if (!local_name.empty() && name_taken(local_name, card.sign_key()))
        return make_error(ErrorCode::InvalidArgument,
                          "another contact is named \"" + local_name + "\": choose another name");
    merge.outcome = ContactMerge::Outcome::Added;
    for (const auto& other : book) {
        if (other.local_name() == wanted || other.card().display_name() == card.display_name() ||
            other.local_name() == card.display_name()) {
            r.set_conflicts_with(other.card().sign_key());
            merge.outcome = ContactMerge::Outcome::NameConflict;
            break;
        }
    }
    std::string name = wanted;
    for (int n = 2; name_taken(name, card.sign_key()); ++n)
        name = wanted + " (" + std::to_string(n) + ")";
    r.set_local_name(name);
    return merge;
}

void verify_contact_record(nv::ContactRecord& record, std::int64_t now_ms) {
    if (record.has_pending_card()) {
        *record.mutable_card() = record.pending_card();
        record.clear_pending_card();
    }
    record.clear_conflicts_with();
    record.set_verified(true);
    record.set_verified_ms(now_ms);
}

}  // namespace grove::platform
