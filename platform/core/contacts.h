// Contacts as data: contact cards as text ("grove-contact:…"), invitations sealed to one contact
// ("grove-sealed-invite:…"), and the rule that merges a card into the contact book — a contact
// whose keys change, or a stranger claiming a contact's name, is flagged, never trusted silently.
// Pure functions (no store, no lock); platform/core/peer_contacts.cpp keeps the book.
#pragma once

#include <grove/sdk/result.h>

#include <string>
#include <vector>

#include "core/identity.h"
#include "core/peer.h"  // Role
#include "crypto/keys.h"
#include "grove/net/v1/contact.pb.h"
#include "grove/space/v1/ops.pb.h"

namespace grove::platform {

inline constexpr const char* kContactCardPrefix = "grove-contact:";
inline constexpr const char* kSealedInvitationPrefix = "grove-sealed-invite:";
inline constexpr std::size_t kMaxContactCardChars = 1024;
inline constexpr std::size_t kMaxSealedInvitationChars = 4096;
inline constexpr std::size_t kMaxContactNameBytes = 200;

// "grove-contact:" + base32(card || checksum). Decoding checks the checksum, the sizes and the
// card's self-signature (InvalidArgument with the reason otherwise).
std::string encode_contact_card(const grove::space::v1::IdentityCard& card);
Result<grove::space::v1::IdentityCard> decode_contact_card(std::string_view text);

// Whether the text is a sealed invitation (by its prefix; nothing is checked).
bool is_sealed_invitation(std::string_view text);

// Builds an invitation only `recipient` can open: `code` (with its one-time secret) sealed to the
// recipient card's box key, signed by the inviter's identity key.
std::string seal_invitation(const LocalIdentity& inviter,
                            const grove::space::v1::IdentityCard& recipient,
                            const grove::net::v1::InvitationCode& code,
                            const std::string& space_name, Role role, std::int64_t issued_ms);

// The text form of a SealedInvitation, and the bytes its signature covers (tests forge with them).
std::string encode_sealed_invitation(const grove::net::v1::SealedInvitation& sealed);
Bytes sealed_invitation_signing_input(const grove::net::v1::SealedInvitation& sealed);

// The parsed outside of a sealed invitation whose inviter card and signature check out (nothing
// opened yet): InvalidArgument for malformed text, PermissionDenied for a bad signature.
Result<grove::net::v1::SealedInvitation> decode_sealed_invitation(std::string_view text);

// Opens a checked sealed invitation with `me`'s identity box key: PermissionDenied when it is for
// another identity, does not open, or names another inviter inside than the one who signed it.
Result<grove::net::v1::SealedInvitationBody> open_sealed_invitation(
    const grove::net::v1::SealedInvitation& sealed, const LocalIdentity& me);

// ---- the contact book's merge rule ----
enum class ContactStatus { Ok, KeysChanged, NameConflict };
ContactStatus contact_status(const grove::net::v1::ContactRecord& record);
const char* to_string(ContactStatus status);

struct ContactMerge {
    enum class Outcome { Added, Updated, Unchanged, KeysChanged, NameConflict };
    Outcome outcome = Outcome::Unchanged;
    grove::net::v1::ContactRecord record;  // what to store (keyed by the card's identity key)
};

// Merges a verified `card` into `book`. Same identity and keys: the newer card's name is taken,
// nothing is flagged. Same identity, another box key, newer card: kept as the pending card and
// flagged (the accepted card stays). An older card with other keys: FailedPrecondition (never a
// rollback). A new identity whose card or chosen name is a contact's name: added, flagged, under
// a free name ("Bob (2)"). An explicit `local_name` taken by another contact: InvalidArgument.
Result<ContactMerge> merge_contact(const std::vector<grove::net::v1::ContactRecord>& book,
                                   const grove::space::v1::IdentityCard& card,
                                   const std::string& local_name, const std::string& source,
                                   std::int64_t now_ms);

// Accepts what was flagged (the pending card replaces the accepted one, a name conflict is
// cleared) and marks the contact verified.
void verify_contact_record(grove::net::v1::ContactRecord& record, std::int64_t now_ms);

}  // namespace grove::platform
