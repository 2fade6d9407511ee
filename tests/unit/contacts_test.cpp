// Contacts: card text encode/decode/tamper, the merge rule (changed keys and name conflicts are
// flagged), the contact book through the Peer (sealed at rest, persists), and the schema v1 → v2
// upgrade of an existing profile.
#include "core/contacts.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/peer.h"
#include "core/space_journal.h"
#include "crypto/primitives.h"
#include "store/migrations.h"
#include "store/profile_store.h"
#include "test_support.h"

using namespace grove::platform;
namespace sp = grove::space::v1;
namespace nv = grove::net::v1;

namespace {

constexpr const char* kPass = "correct horse battery";

sp::IdentityCard card_of(const std::string& name, const crypto::SigningKeyPair& id,
                         const crypto::BoxKeyPair& box, std::int64_t issued) {
    return make_identity_card(name, id, box.public_key, issued);
}

std::unique_ptr<Peer> open_account(const std::filesystem::path& dir, const std::string& name) {
    auto peer = Peer::open(dir);
    EXPECT_TRUE(peer.ok()) << peer.error().message;
    EXPECT_TRUE((*peer)->create_account(name, kPass).ok());
    return std::move(peer).value();
}

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST(ContactCard, EncodeDecodeRoundTrip) {
    auto id = crypto::SigningKeyPair::generate();
    auto box = crypto::BoxKeyPair::generate();
    auto card = card_of("Bob", id, box, 1000);
    const std::string text = encode_contact_card(card);
    EXPECT_EQ(text.rfind("grove-contact:", 0), 0u);
    EXPECT_LE(text.size(), kMaxContactCardChars);
    auto back = decode_contact_card("  " + text + "\n");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->SerializeAsString(), card.SerializeAsString());
    // Upper case is the same base32.
    std::string upper = text;
    for (std::size_t i = std::string("grove-contact:").size(); i < upper.size(); ++i)
        upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
    EXPECT_TRUE(decode_contact_card(upper).ok());
}

TEST(ContactCard, TamperedCardsAreRefused) {
    auto id = crypto::SigningKeyPair::generate();
    auto box = crypto::BoxKeyPair::generate();
    auto card = card_of("Bob", id, box, 1000);
    const std::string text = encode_contact_card(card);
    // A typo anywhere: the checksum catches it.
    for (std::size_t i = std::string("grove-contact:").size(); i < text.size(); i += 7) {
        std::string typo = text;
        typo[i] = typo[i] == 'a' ? 'b' : 'a';
        auto r = decode_contact_card(typo);
        EXPECT_FALSE(r.ok()) << "position " << i;
    }
    // A field changed and the checksum recomputed: the self-signature catches it.
    auto renamed = card;
    renamed.set_display_name("Mallory");
    auto r = decode_contact_card(encode_contact_card(renamed));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("signed"), std::string::npos) << r.error().message;
    auto other_box = card;
    other_box.set_box_key(to_string(crypto::BoxKeyPair::generate().public_key));
    EXPECT_FALSE(decode_contact_card(encode_contact_card(other_box)).ok());
    // Wrong prefix, garbage, too long.
    EXPECT_FALSE(decode_contact_card("grove-invite:" + text.substr(14)).ok());
    EXPECT_FALSE(decode_contact_card("grove-contact:!!!").ok());
    EXPECT_FALSE(decode_contact_card("grove-contact:" + std::string(5000, 'a')).ok());
    EXPECT_FALSE(decode_contact_card("").ok());
}

TEST(ContactBook, SameKeysUpdateQuietlyChangedKeysAreFlagged) {
    auto id = crypto::SigningKeyPair::generate();
    auto box = crypto::BoxKeyPair::generate();
    std::vector<nv::ContactRecord> book;
    auto first = merge_contact(book, card_of("Bob", id, box, 1000), "", "card", 5);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->outcome, ContactMerge::Outcome::Added);
    EXPECT_EQ(first->record.local_name(), "Bob");
    EXPECT_EQ(contact_status(first->record), ContactStatus::Ok);
    verify_contact_record(first->record, 6);
    book.push_back(first->record);

    // A newer card, same keys, new display name: taken, still verified, not flagged.
    auto renamed = merge_contact(book, card_of("Robert", id, box, 2000), "", "card", 7);
    ASSERT_TRUE(renamed.ok());
    EXPECT_EQ(renamed->outcome, ContactMerge::Outcome::Updated);
    EXPECT_EQ(renamed->record.card().display_name(), "Robert");
    EXPECT_EQ(renamed->record.local_name(), "Bob");
    EXPECT_TRUE(renamed->record.verified());
    EXPECT_EQ(contact_status(renamed->record), ContactStatus::Ok);
    EXPECT_EQ(renamed->record.last_seen_ms(), 7);
    book[0] = renamed->record;

    // A newer card with another box key: pending, flagged, the accepted card stays.
    auto new_box = crypto::BoxKeyPair::generate();
    auto changed = merge_contact(book, card_of("Robert", id, new_box, 3000), "", "card", 8);
    ASSERT_TRUE(changed.ok());
    EXPECT_EQ(changed->outcome, ContactMerge::Outcome::KeysChanged);
    EXPECT_EQ(contact_status(changed->record), ContactStatus::KeysChanged);
    EXPECT_EQ(changed->record.card().box_key(), to_string(box.public_key));
    EXPECT_EQ(changed->record.pending_card().box_key(), to_string(new_box.public_key));

    // An older card with other keys is never a rollback.
    auto old = merge_contact(book, card_of("Bob", id, crypto::BoxKeyPair::generate(), 500), "",
                             "card", 9);
    ASSERT_FALSE(old.ok());
    EXPECT_EQ(old.error().code, grove::ErrorCode::FailedPrecondition);

    // Verifying accepts the pending card.
    auto record = changed->record;
    verify_contact_record(record, 10);
    EXPECT_EQ(contact_status(record), ContactStatus::Ok);
    EXPECT_EQ(record.card().box_key(), to_string(new_box.public_key));
    EXPECT_FALSE(record.has_pending_card());
    EXPECT_TRUE(record.verified());
}

TEST(ContactBook, AnotherIdentityWithAContactsNameIsFlaggedUnderAFreeName) {
    auto bob = crypto::SigningKeyPair::generate();
    auto box = crypto::BoxKeyPair::generate();
    std::vector<nv::ContactRecord> book;
    book.push_back(merge_contact(book, card_of("Bob", bob, box, 1000), "", "card", 1)->record);

    auto mallory = crypto::SigningKeyPair::generate();
    auto fake = merge_contact(book, card_of("Bob", mallory, box, 2000), "", "card", 2);
    ASSERT_TRUE(fake.ok());
    EXPECT_EQ(fake->outcome, ContactMerge::Outcome::NameConflict);
    EXPECT_EQ(fake->record.local_name(), "Bob (2)");
    EXPECT_EQ(fake->record.conflicts_with(), to_string(bob.public_key));
    EXPECT_EQ(contact_status(fake->record), ContactStatus::NameConflict);
    // A chosen name that is free does not clear the flag (the card still says "Bob").
    auto named = merge_contact(book, card_of("Bob", mallory, box, 2000), "Mal", "card", 2);
    ASSERT_TRUE(named.ok());
    EXPECT_EQ(named->record.local_name(), "Mal");
    EXPECT_EQ(contact_status(named->record), ContactStatus::NameConflict);
    // A chosen name that is taken is refused.
    auto taken = merge_contact(book, card_of("Carol", mallory, box, 2000), "Bob", "card", 2);
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().code, grove::ErrorCode::InvalidArgument);
    // A different name on a new identity is fine.
    auto carol = merge_contact(book, card_of("Carol", mallory, box, 2000), "", "card", 2);
    ASSERT_TRUE(carol.ok());
    EXPECT_EQ(contact_status(carol->record), ContactStatus::Ok);
}

TEST(ContactBook, PeerKeepsContactsSealedAndAcrossRestarts) {
    grove::test::TempDir a_dir, b_dir;
    auto bob = open_account(b_dir.path(), "Bobby Tables Marker");
    auto bob_card = bob->my_contact_card();
    ASSERT_TRUE(bob_card.ok());
    {
        auto ada = open_account(a_dir.path(), "Ada");
        EXPECT_EQ(ada->add_contact(*ada->my_contact_card(), "").error().code,
                  grove::ErrorCode::InvalidArgument);  // yourself
        auto added = ada->add_contact(*bob_card, "Robert Secretname");
        ASSERT_TRUE(added.ok()) << added.error().message;
        EXPECT_EQ(added->name, "Robert Secretname");
        EXPECT_EQ(added->display_name, "Bobby Tables Marker");
        EXPECT_EQ(added->fingerprint, bob->account()->fingerprint);
        EXPECT_EQ(added->identity_id, bob->account()->identity_id);
        EXPECT_EQ(added->status, "ok");
        EXPECT_FALSE(added->verified);
        EXPECT_EQ(added->card, *bob_card);
        EXPECT_GT(added->first_seen_ms, 0);
        // By name, id prefix, fingerprint.
        EXPECT_TRUE(ada->get_contact("Robert Secretname").ok());
        EXPECT_TRUE(ada->get_contact(added->identity_id.substr(0, 8)).ok());
        EXPECT_TRUE(ada->get_contact(added->fingerprint).ok());
        EXPECT_EQ(ada->get_contact("nobody").error().code, grove::ErrorCode::NotFound);
        auto verified = ada->verify_contact("Robert Secretname");
        ASSERT_TRUE(verified.ok());
        EXPECT_TRUE(verified->verified);
        ASSERT_TRUE(ada->lock().ok());
        EXPECT_EQ(ada->list_contacts().error().code, grove::ErrorCode::FailedPrecondition);
    }
    // Neither the local name nor the card's name is on disk in clear.
    for (const auto& f : std::filesystem::directory_iterator(a_dir.path())) {
        const std::string bytes = read_all(f.path());
        EXPECT_EQ(bytes.find("Secretname"), std::string::npos) << f.path();
        EXPECT_EQ(bytes.find("Bobby Tables"), std::string::npos) << f.path();
    }
    auto ada = Peer::open(a_dir.path());
    ASSERT_TRUE(ada.ok());
    ASSERT_TRUE((*ada)->unlock(kPass).ok());
    auto list = (*ada)->list_contacts();
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 1u);
    EXPECT_TRUE(list->front().verified);
    EXPECT_EQ(list->front().name, "Robert Secretname");
    ASSERT_TRUE((*ada)->remove_contact("Robert Secretname").ok());
    EXPECT_TRUE((*ada)->list_contacts()->empty());
    EXPECT_EQ((*ada)->remove_contact("Robert Secretname").error().code,
              grove::ErrorCode::NotFound);
}

TEST(ContactBook, ContactFromASpaceMember) {
    grove::test::TempDir a_dir;
    auto ada = open_account(a_dir.path(), "Ada");
    ASSERT_TRUE(ada->create_space("Design").ok());
    // The only member is Ada herself.
    EXPECT_EQ(ada->add_contact_from_member("Design", "Ada", "").error().code,
              grove::ErrorCode::InvalidArgument);
    EXPECT_EQ(ada->add_contact_from_member("Design", "Zed", "").error().code,
              grove::ErrorCode::NotFound);
    EXPECT_EQ(ada->add_contact_from_member("Nope", "Ada", "").error().code,
              grove::ErrorCode::NotFound);
}

TEST(ContactStore, UpgradesAVersion1Profile) {
    grove::test::TempDir dir;
    const auto db_path = dir.path() / "p.db";
    // A profile as schema v1 left it: only the first migration, with data in it.
    {
        auto db = store::Database::open(db_path);
        ASSERT_TRUE(db.ok());
        std::vector<store::Migration> v1{store::profile_migrations().front()};
        ASSERT_EQ(v1.front().version, 1);
        ASSERT_TRUE(store::migrate(**db, v1).ok());
        ASSERT_EQ((*db)->user_version(), 1);
        ASSERT_TRUE((*db)->exec("INSERT INTO spaces(space_id, joined_ms) VALUES (x'01', 5)").ok());
    }
    auto store = store::ProfileStore::open(db_path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_EQ((*store)->database().user_version(), 2);
    auto spaces = (*store)->list_spaces();
    ASSERT_TRUE(spaces.ok());
    EXPECT_EQ(spaces->size(), 1u);  // v1 data kept
    ASSERT_TRUE((*store)->put_contact({Bytes(32, 1), Bytes(24, 2), Bytes(40, 3)}).ok());
    ASSERT_TRUE((*store)->put_contact({Bytes(32, 1), Bytes(24, 4), Bytes(40, 5)}).ok());
    auto rows = (*store)->contacts();
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().nonce, Bytes(24, 4));
    EXPECT_TRUE(*(*store)->remove_contact(Bytes(32, 1)));
    EXPECT_FALSE(*(*store)->remove_contact(Bytes(32, 1)));
}

TEST(ContactStore, AnAccountCreatedAtVersion1UpgradesAndKeepsWorking) {
    grove::test::TempDir dir, b_dir;
    auto bob = open_account(b_dir.path(), "Bob");
    std::string space;
    {
        auto ada = open_account(dir.path(), "Ada");
        space = ada->create_space("Design")->id;
        ASSERT_TRUE(ada->post_chat(space, "before the upgrade").ok());
    }
    // Make it a v1 profile again: what an older Grove wrote.
    {
        auto db = store::Database::open(dir.path() / "grove.db");
        ASSERT_TRUE(db.ok()) << db.error().message;
        ASSERT_TRUE((*db)->exec("DROP TABLE contacts").ok());
        ASSERT_TRUE((*db)->set_user_version(1).ok());
    }
    auto ada = Peer::open(dir.path());
    ASSERT_TRUE(ada.ok()) << ada.error().message;
    ASSERT_TRUE((*ada)->unlock(kPass).ok());
    auto chat = (*ada)->list_chat(space);
    ASSERT_TRUE(chat.ok());
    ASSERT_EQ(chat->size(), 1u);
    EXPECT_EQ(chat->front().text, "before the upgrade");
    auto added = (*ada)->add_contact(*bob->my_contact_card(), "");
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_EQ(added->name, "Bob");
}
