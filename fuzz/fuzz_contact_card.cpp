// Contact cards: decode_contact_card() on any text a user may paste or import (grovectl contact
// add, the API's AddContact), and the contact book's merge rule on every card that passes.
//
// The first input byte picks how the rest reaches the code: 0 — as pasted text; 1 — as the
// payload of a well-formed "grove-contact:" code (valid checksum: the card parser and signature
// check see hostile bytes); 2 — as an IdentityCard re-signed by one of two fixed identities, so
// that hostile names, times and box keys reach merge_contact() with a book that already holds
// one of them. Checks: refusals are InvalidArgument with a reason; an accepted card is validly
// signed, re-encodes to a code that decodes to the same card; a merge keeps the book's rules
// (the identity key is the card's; a changed box key is flagged pending, never taken silently;
// a name stays unique; names are bounded).
#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "core/contacts.h"
#include "core/text_code.h"
#include "crypto/primitives.h"
#include "fuzz_support.h"

using namespace grove;
using namespace grove::fuzz;
namespace sp = grove::space::v1;
namespace nv = grove::net::v1;

namespace {

// Two identities made from fixed seeds (the same in every run: reproducible inputs).
struct Keys {
    crypto::SigningKeyPair bob, carol;
    crypto::BoxKeyPair bob_box;
    nv::ContactRecord bob_record;  // the book: Bob, verified
    Keys() {
        std::array<std::uint8_t, 32> seed{};
        seed.fill(0x42);
        crypto_sign_seed_keypair(bob.public_key.data(), bob.secret_key.data(), seed.data());
        seed.fill(0x43);
        crypto_sign_seed_keypair(carol.public_key.data(), carol.secret_key.data(), seed.data());
        seed.fill(0x44);
        crypto_box_seed_keypair(bob_box.public_key.data(), bob_box.secret_key.data(), seed.data());
        *bob_record.mutable_card() = make_identity_card("Bob", bob, bob_box.public_key, 1000);
        bob_record.set_local_name("Bob");
        bob_record.set_verified(true);
    }
};

const Keys& keys() {
    static Keys k;
    return k;
}

// Re-signs `card` in place with `who` (its sign_key set to who's public key).
void resign(sp::IdentityCard& card, const crypto::SigningKeyPair& who) {
    auto box = fixed_from<32>(as_bytes(card.box_key()));
    crypto::BoxPublicKey box_key{};
    if (box) box_key = *box;
    card = make_identity_card(card.display_name(), who, box_key, card.issued_ms());
}

void check_accepted(const sp::IdentityCard& card) {
    GROVE_FUZZ_CHECK(verify_identity_card(card).ok());
    GROVE_FUZZ_CHECK(card.sign_key().size() == 32 && card.box_key().size() == 32);
    std::string again = encode_contact_card(card);
    auto back = decode_contact_card(again);
    GROVE_FUZZ_CHECK(back.ok());
    GROVE_FUZZ_CHECK(back->SerializeAsString() == card.SerializeAsString());
}

void merge_into_book(const sp::IdentityCard& card, const std::string& local_name) {
    const auto& k = keys();
    std::vector<nv::ContactRecord> book{k.bob_record};
    auto merged = merge_contact(book, card, local_name, "fuzz", 5000);
    if (!merged.ok()) {
        GROVE_FUZZ_CHECK(merged.error().code == ErrorCode::InvalidArgument ||
                         merged.error().code == ErrorCode::FailedPrecondition);
        GROVE_FUZZ_CHECK(!merged.error().message.empty());
        return;
    }
    const auto& r = merged->record;
    GROVE_FUZZ_CHECK(r.card().sign_key() == card.sign_key());
    GROVE_FUZZ_CHECK(r.local_name().size() <= kMaxContactNameBytes + 16);
    if (card.sign_key() == k.bob_record.card().sign_key()) {
        // Bob's identity: the accepted keys stay Bob's verified ones unless they are the same.
        GROVE_FUZZ_CHECK(r.card().box_key() == k.bob_record.card().box_key());
        if (card.box_key() != k.bob_record.card().box_key()) {
            GROVE_FUZZ_CHECK(contact_status(r) == ContactStatus::KeysChanged);
            GROVE_FUZZ_CHECK(r.pending_card().SerializeAsString() == card.SerializeAsString());
            GROVE_FUZZ_CHECK(merged->outcome == ContactMerge::Outcome::KeysChanged);
        }
    } else {
        // A new identity never takes Bob's name.
        GROVE_FUZZ_CHECK(r.local_name() != "Bob");
        GROVE_FUZZ_CHECK(merged->outcome == ContactMerge::Outcome::Added ||
                         merged->outcome == ContactMerge::Outcome::NameConflict);
        if (merged->outcome == ContactMerge::Outcome::NameConflict)
            GROVE_FUZZ_CHECK(contact_status(r) == ContactStatus::NameConflict);
    }
}

}  // namespace

void grove_fuzz_seeds(Seeds& seeds) {
    const auto& k = keys();
    const auto& bob = k.bob_record.card();
    std::string text = encode_contact_card(bob);
    seeds.add(std::string(1, '\0') + text);
    seeds.add(std::string(1, '\0') + "  " + text + "\n");
    std::string upper = text;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) {
        return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    });
    seeds.add(std::string(1, '\0') + upper);
    seeds.add(std::string(1, '\1') + bob.SerializeAsString());
    auto newer = make_identity_card("Bob, new laptop", k.bob, k.bob_box.public_key, 2000);
    seeds.add(std::string(1, '\2') + "\x01" + newer.SerializeAsString());  // same keys, newer
    auto rekeyed =
        make_identity_card("Bob", k.bob, crypto::BoxKeyPair::generate().public_key, 3000);
    seeds.add(std::string(1, '\2') + "\x01" + rekeyed.SerializeAsString());  // keys changed
    auto older = make_identity_card("Bob", k.bob, crypto::BoxKeyPair::generate().public_key, 10);
    seeds.add(std::string(1, '\2') + "\x01" + older.SerializeAsString());  // rollback
    auto carol = make_identity_card("Bob", k.carol, crypto::BoxKeyPair::generate().public_key, 10);
    seeds.add(std::string(1, '\2') + "\x02" + carol.SerializeAsString());  // name conflict
    // Control 0x30: a 3-byte local name ("Bob", taken: refused), signed as Carol.
    seeds.add(std::string(1, '\2') + "\x30" + "Bob" + carol.SerializeAsString());
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = data[0] % 3;
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    if (mode == 0 || mode == 1) {
        std::string text =
            mode == 0 ? std::string(rest)
                      : encode_text_code(kContactCardPrefix, "grove.contact.v1", as_bytes(rest));
        auto card = decode_contact_card(text);
        if (!card.ok()) {
            GROVE_FUZZ_CHECK(card.error().code == ErrorCode::InvalidArgument);
            GROVE_FUZZ_CHECK(!card.error().message.empty());
            return 0;
        }
        check_accepted(*card);
        merge_into_book(*card, "");
        return 0;
    }
    // mode 2: [signer & name-length byte][local name][card bytes]
    if (rest.empty()) return 0;
    const std::uint8_t control = static_cast<std::uint8_t>(rest[0]);
    rest.remove_prefix(1);
    const std::size_t name_len = std::min<std::size_t>(control >> 4, rest.size());
    std::string local_name(rest.substr(0, name_len));
    rest.remove_prefix(name_len);
    sp::IdentityCard card;
    if (!card.ParseFromArray(rest.data(), static_cast<int>(rest.size()))) return 0;
    resign(card, (control & 1) ? keys().bob : keys().carol);
    auto checked = verify_identity_card(card);
    if (!checked.ok()) {
        GROVE_FUZZ_CHECK(checked.error().code == ErrorCode::InvalidArgument);
        return 0;
    }
    check_accepted(card);
    merge_into_book(card, local_name);
    return 0;
}
