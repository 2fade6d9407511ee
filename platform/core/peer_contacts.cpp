// Peer facade methods of contacts: the contact book (stored sealed under the storage key), this
// account's card, invitations sealed to a contact and opening them. The rules are core/contacts.*.
#include <sodium.h>

#include <algorithm>

#include "core/contacts.h"
#include "core/invitation_code.h"
#include "core/membership.h"
#include "core/peer.h"
#include "core/peer_impl.h"
#include "crypto/primitives.h"

namespace grove::platform {

namespace sp = grove::space::v1;
namespace nv = grove::net::v1;

namespace {

struct Entry {
    Bytes key;  // the row key
    nv::ContactRecord record;
};

std::string squeeze(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
    std::transform(text.begin(), text.end(), text.begin(), ::tolower);
    return text;
}

// Row key: BLAKE2b keyed by a sub-key of the storage key, over the identity key — the table
// never shows whose contact a row is.
Bytes row_key(const UnlockedAccount& account, std::string_view identity) {
    auto index = crypto::keyed_hash(account.storage_key, to_bytes("grove.contact.index.v1"));
    auto index_key = crypto::symmetric_key_from(index);
    sodium_memzero(index.data(), index.size());
    auto h = crypto::keyed_hash(index_key, as_bytes(identity));
    return Bytes(h.begin(), h.end());
}

std::string purpose(ByteView key) { return "contact:" + to_hex(key); }

Result<std::vector<Entry>> load_book(Peer::Impl& impl) {
    auto rows = impl.store->contacts();
    if (!rows.ok()) return rows.error();
    std::vector<Entry> out;
    for (auto& row : *rows) {
        auto plain = open_local(impl.account->storage_key, purpose(row.key), row.nonce,
                                row.sealed_record);
        Entry e{std::move(row.key), {}};
        if (!plain.ok() || !e.record.ParseFromArray(plain->data(), static_cast<int>(plain->size())))
            return make_error(ErrorCode::DataLoss, "a stored contact is damaged");
        out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
        return a.record.local_name() < b.record.local_name();
    });
    return out;
}

Result<void> save(Peer::Impl& impl, const nv::ContactRecord& record) {
    Bytes key = row_key(*impl.account, record.card().sign_key());
    auto sealed =
        seal_local(impl.account->storage_key, purpose(key), as_bytes(record.SerializeAsString()));
    return impl.store->put_contact({std::move(key), std::move(sealed.nonce),
                                    std::move(sealed.ciphertext)});
}

std::vector<nv::ContactRecord> records(const std::vector<Entry>& book) {
    std::vector<nv::ContactRecord> out;
    for (const auto& e : book) out.push_back(e.record);
    return out;
}

const Entry* by_identity(const std::vector<Entry>& book, std::string_view identity) {
    for (const auto& e : book)
        if (e.record.card().sign_key() == identity) return &e;
    return nullptr;
}

ContactView view_of(const std::vector<Entry>& book, const nv::ContactRecord& r) {
    ContactView v;
    const auto& card = r.card();
    v.name = r.local_name();
    v.identity_id = to_hex(as_bytes(card.sign_key()));
    v.display_name = card.display_name();
    v.fingerprint = crypto::fingerprint(as_bytes(card.sign_key()));
    v.box_key = to_hex(as_bytes(card.box_key()));
    const ContactStatus status = contact_status(r);
    v.status = to_string(status);
    v.verified = r.verified() && status == ContactStatus::Ok;
    if (status == ContactStatus::KeysChanged) {
        v.pending_box_key = to_hex(as_bytes(r.pending_card().box_key()));
        v.pending_display_name = r.pending_card().display_name();
        v.warning = "keys changed — compare fingerprints again, then `contact verify " + v.name +
                    "` (until then invitations use the keys you had)";
    } else if (status == ContactStatus::NameConflict) {
        const Entry* other = by_identity(book, r.conflicts_with());
        v.conflicts_with = other ? other->record.local_name() : to_hex(as_bytes(r.conflicts_with()));
        v.warning = "claims the name of your contact " + v.conflicts_with +
                    " with another identity key — compare fingerprints before trusting it";
    }
    v.card_issued_ms = card.issued_ms();
    v.first_seen_ms = r.first_seen_ms();
    v.last_seen_ms = r.last_seen_ms();
    v.source = r.source();
    v.card = encode_contact_card(card);
    return v;
}

// A contact by local name, identity id, id prefix (≥ 4 hex digits) or fingerprint.
Result<const Entry*> resolve(const std::vector<Entry>& book, const std::string& ref) {
    if (ref.empty()) return make_error(ErrorCode::InvalidArgument, "no contact given");
    for (const auto& e : book)
        if (e.record.local_name() == ref) return &e;
    const std::string key = squeeze(ref);
    std::vector<const Entry*> by_id, by_fingerprint;
    for (const auto& e : book) {
        const std::string hex = to_hex(as_bytes(e.record.card().sign_key()));
        if (hex == key || (key.size() >= 4 && hex.rfind(key, 0) == 0)) by_id.push_back(&e);
        if (squeeze(crypto::fingerprint(as_bytes(e.record.card().sign_key()))) == key)
            by_fingerprint.push_back(&e);
    }
    for (const auto* list : {&by_id, &by_fingerprint}) {
        if (list->size() == 1) return list->front();
        if (list->size() > 1)
            return make_error(ErrorCode::InvalidArgument,
                              "\"" + ref + "\" matches more than one contact: use the id");
    }
    return make_error(ErrorCode::NotFound, "no contact \"" + ref + "\"");
}

// The contact book and the entry `contact` names in it; callers hold the peer's lock.
struct Lookup {
    std::vector<Entry> book;
    const Entry* entry = nullptr;  // into `book`
};
Result<Lookup> look_up(Peer::Impl& impl, const std::string& contact) {
    GROVE_TRY(impl.require_unlocked());
    auto book = load_book(impl);
    if (!book.ok()) return book.error();
    Lookup found{std::move(book).value()};
    auto e = resolve(found.book, contact);
    if (!e.ok()) return e.error();
    found.entry = *e;
    return found;
}

Result<ContactView> merge_and_store(Peer::Impl& impl, const sp::IdentityCard& card,
                                    const std::string& name, const std::string& source) {
    if (card.sign_key() == to_string(impl.account->identity.identity_sign.public_key))
        return make_error(ErrorCode::InvalidArgument, "that is your own card");
    auto book = load_book(impl);
    if (!book.ok()) return book.error();
    auto merged = merge_contact(records(*book), card, name, source, impl.now_ms());
    if (!merged.ok()) return merged.error();
    GROVE_TRY(save(impl, merged->record));
    auto after = load_book(impl);
    if (!after.ok()) return after.error();
    return view_of(*after, merged->record);
}

}  // namespace

Result<std::string> Peer::my_contact_card() const {
    std::lock_guard lock(impl_->mutex);
    GROVE_TRY(impl_->require_unlocked());
    return encode_contact_card(impl_->account->identity.card);
}

Result<ContactView> Peer::add_contact(const std::string& card_text, const std::string& name) {
    auto card = decode_contact_card(card_text);
    if (!card.ok()) return card.error();
    std::lock_guard lock(impl_->mutex);
    GROVE_TRY(impl_->require_unlocked());
    return merge_and_store(*impl_, *card, name, "card");
}

Result<ContactView> Peer::add_contact_from_member(const std::string& space,
                                                  const std::string& member,
                                                  const std::string& name) {
    std::lock_guard lock(impl_->mutex);
    GROVE_TRY(impl_->require_unlocked());
    auto s = impl_->resolve(space);
    if (!s.ok()) return s.error();
    if (member.empty()) return make_error(ErrorCode::InvalidArgument, "no member given");
    const std::string key = squeeze(member);
    std::vector<const MemberRecord*> by_id, by_fingerprint, by_name;
    for (const MemberRecord* m : (*s)->membership().active()) {
        const std::string hex = to_hex(m->identity);
        if (hex == key || (key.size() >= 4 && hex.rfind(key, 0) == 0)) by_id.push_back(m);
        if (squeeze(crypto::fingerprint(m->identity)) == key) by_fingerprint.push_back(m);
        if (m->card.display_name() == member) by_name.push_back(m);
    }
    const MemberRecord* found = nullptr;
    for (const auto* list : {&by_id, &by_fingerprint, &by_name}) {
        if (list->size() > 1)
            return make_error(ErrorCode::InvalidArgument,
                              "\"" + member + "\" matches more than one member: use the id");
        if (list->size() == 1) {
            found = list->front();
            break;
        }
    }
    if (!found) return make_error(ErrorCode::NotFound, "no member \"" + member + "\" in this space");
    return merge_and_store(*impl_, found->card, name, "space:" + (*s)->id_hex());
}

Result<std::vector<ContactView>> Peer::list_contacts() const {
    std::lock_guard lock(impl_->mutex);
    GROVE_TRY(impl_->require_unlocked());
    auto book = load_book(*impl_);
    if (!book.ok()) return book.error();
    std::vector<ContactView> out;
    for (const auto& e : *book) out.push_back(view_of(*book, e.record));
    return out;
}

Result<ContactView> Peer::get_contact(const std::string& contact) const {
    std::lock_guard lock(impl_->mutex);
    auto found = look_up(*impl_, contact);
    if (!found.ok()) return found.error();
    return view_of(found->book, found->entry->record);
}

Result<ContactView> Peer::verify_contact(const std::string& contact) {
    std::lock_guard lock(impl_->mutex);
    auto found = look_up(*impl_, contact);
    if (!found.ok()) return found.error();
    nv::ContactRecord record = found->entry->record;
    verify_contact_record(record, now_ms());
    GROVE_TRY(save(*impl_, record));
    return view_of(found->book, record);
}

Result<void> Peer::remove_contact(const std::string& contact) {
    std::lock_guard lock(impl_->mutex);
    auto found = look_up(*impl_, contact);
    if (!found.ok()) return found.error();
    auto removed = impl_->store->remove_contact(found->entry->key);
    if (!removed.ok()) return removed.error();
    return {};
}

Result<InvitationInfo> Peer::create_invitation_for(const std::string& space,
                                                   const std::string& contact, Role role,
                                                   std::int64_t expires_ms,
                                                   const std::vector<std::string>& addresses) {
    sp::IdentityCard recipient;
    std::string space_name;
    {
        std::lock_guard lock(impl_->mutex);
        auto found = look_up(*impl_, contact);
        if (!found.ok()) return found.error();
        const auto& r = found->entry->record;
        if (contact_status(r) != ContactStatus::Ok)
            return make_error(ErrorCode::FailedPrecondition,
                              "the contact " + r.local_name() + " is flagged (" +
                                  to_string(contact_status(r)) +
                                  "): compare fingerprints and run `contact verify` first");
        recipient = r.card();
        auto s = impl_->resolve(space);
        if (!s.ok()) return s.error();
        space_name = (*s)->name();
    }
    // The normal invitation (the manager check and the CreateInvitation delta, which names the
    // contact's identity), then its code is sealed to the contact and signed. The plain code
    // never leaves this function.
    // The invitation records Bob's identity: every peer refuses to admit anyone else with it.
    const auto recipient_key = fixed_from<32>(as_bytes(recipient.sign_key()));
    if (!recipient_key)
        return make_error(ErrorCode::Internal, "the contact's card has no identity key");
    auto plain = impl_->create_invitation(space, role, expires_ms, addresses, &*recipient_key);
    if (!plain.ok()) return plain.error();
    auto code = decode_invitation_code(plain->code);
    sodium_memzero(plain->code.data(), plain->code.size());
    if (!code.ok()) return code.error();
    {
        std::lock_guard lock(impl_->mutex);
        GROVE_TRY(impl_->require_unlocked());
        plain->code = seal_invitation(impl_->account->identity, recipient, *code, space_name,
                                      role, now_ms());
    }
    auto* secret = code->mutable_secret();
    sodium_memzero(secret->data(), secret->size());
    return std::move(*plain);
}

Result<OpenedInvitation> Peer::open_invitation(const std::string& sealed_code) {
    auto sealed = decode_sealed_invitation(sealed_code);
    if (!sealed.ok()) return sealed.error();
    std::lock_guard lock(impl_->mutex);
    GROVE_TRY(impl_->require_unlocked());
    auto body = open_sealed_invitation(*sealed, impl_->account->identity);
    if (!body.ok()) return body.error();
    if (body->code().expires_ms() != 0 && body->code().expires_ms() < now_ms())
        return make_error(ErrorCode::PermissionDenied, "the invitation has expired");
    OpenedInvitation out;
    out.code = encode_invitation_code(body->code());
    auto* secret = body->mutable_code()->mutable_secret();
    sodium_memzero(secret->data(), secret->size());
    out.space_id = to_hex(as_bytes(body->code().space_id()));
    out.space_name = body->space_name();
    out.role = role_from_proto(body->role());
    out.expires_ms = body->code().expires_ms();
    const auto& inviter = sealed->inviter();
    out.inviter_name = inviter.display_name();
    out.inviter_id = to_hex(as_bytes(inviter.sign_key()));
    out.inviter_fingerprint = crypto::fingerprint(as_bytes(inviter.sign_key()));
    // How far the inviter is trusted: a known contact's card is merged (changed keys flagged).
    auto book = load_book(*impl_);
    if (!book.ok()) return book.error();
    out.inviter_trust = "unknown";
    if (const Entry* known = by_identity(*book, inviter.sign_key())) {
        auto merged = merge_contact(records(*book), inviter, "", "card", now_ms());
        nv::ContactRecord record = merged.ok() ? merged->record : known->record;
        if (merged.ok()) GROVE_TRY(save(*impl_, record));
        out.inviter_contact = record.local_name();
        const ContactStatus status = contact_status(record);
        if (status != ContactStatus::Ok)
            out.inviter_trust = to_string(status);
        else if (!merged.ok() || record.card().box_key() != inviter.box_key())
            out.inviter_trust = "keys_changed";  // an older card with other keys: not trusted
        else
            out.inviter_trust = record.verified() ? "verified" : "unverified";
    } else {
        for (const auto& e : *book)
            if (e.record.local_name() == inviter.display_name() ||
                e.record.card().display_name() == inviter.display_name()) {
                out.inviter_trust = "name_conflict";
                out.inviter_contact = e.record.local_name();
                break;
            }
    }
    return out;
}

}  // namespace grove::platform
