// Address records: signing and verifying, the HOST:PORT check, the book's persistence and its own
// record's monotonic issue time, and two members learning each other's addresses over a link.
#include <gtest/gtest.h>

#include <fstream>

#include "crypto/primitives.h"
#include "direct_pair.h"
#include "net/address_book.h"
#include "net/sync_session.h"
#include "replication_support.h"

namespace grove::test {
namespace {

namespace nv = grove::net::v1;
using namespace grove::platform;
namespace gn = grove::platform::net;
using gn::AddressBook;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Signer {
    crypto::SigningKeyPair keys = crypto::SigningKeyPair::generate();
    std::function<Result<crypto::Signature>(ByteView)> sign() const {
        return [this](ByteView m) -> Result<crypto::Signature> {
            return crypto::sign(keys.secret_key, m);
        };
    }
};

TEST(AddressRecord, SignedRecordVerifiesAndAnyChangeBreaksIt) {
    Signer s;
    nv::AddressRecord r;
    r.set_device(to_string(ByteView(s.keys.public_key)));
    r.add_addresses("192.168.1.20:47100");
    r.add_relays("relay.example.org:7000");
    r.set_issued_ms(now_ms());
    auto signed_record = gn::sign_address_record(r, s.sign());
    ASSERT_TRUE(signed_record.ok());
    auto verified = gn::verify_address_record(*signed_record, now_ms());
    ASSERT_TRUE(verified.ok()) << verified.error().message;
    EXPECT_EQ(verified->device, s.keys.public_key);
    EXPECT_EQ(verified->addresses, std::vector<std::string>{"192.168.1.20:47100"});
    EXPECT_EQ(verified->relays, std::vector<std::string>{"relay.example.org:7000"});

    auto flipped = *signed_record;
    flipped.mutable_record()->back() ^= 1;
    EXPECT_FALSE(gn::verify_address_record(flipped, now_ms()).ok());
    auto bad_signature = *signed_record;
    bad_signature.mutable_signature()->front() ^= 1;
    auto refused = gn::verify_address_record(bad_signature, now_ms());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Unauthenticated);
}

TEST(AddressRecord, DialableAddresses) {
    for (const char* good : {"127.0.0.1:1", "host.example:65535", "[::1]:4000", "a-b.c:80"})
        EXPECT_TRUE(gn::is_dialable_address(good)) << good;
    for (const char* bad : {"", "host", "host:", ":80", "host:0", "host:65536", "host:8a",
                            "unix:/x", "h st:1", "host:123456"})
        EXPECT_FALSE(gn::is_dialable_address(bad)) << bad;
}

TEST(AddressBook, KeepsRecordsAcrossReopeningAndDropsAnUnreadableFile) {
    TempDir dir;
    const auto file = dir.path() / "addresses";
    Signer member;
    auto yes = [](const crypto::SignPublicKey&) { return true; };
    {
        auto book = AddressBook::open(file);
        nv::AddressRecord r;
        r.set_device(to_string(ByteView(member.keys.public_key)));
        r.add_addresses("10.1.2.3:5000");
        r.set_issued_ms(now_ms());
        auto accepted = book->accept(*gn::sign_address_record(r, member.sign()), yes, now_ms());
        ASSERT_TRUE(accepted.ok());
        EXPECT_EQ(*accepted, AddressBook::Outcome::Stored);
    }
    EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::group_read,
              std::filesystem::perms::none);
    auto again = AddressBook::open(file);
    auto found = again->find(member.keys.public_key);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->addresses, std::vector<std::string>{"10.1.2.3:5000"});

    { std::ofstream(file, std::ios::trunc) << "not a record list"; }
    EXPECT_TRUE(AddressBook::open(file)->devices().empty());
}

TEST(AddressBook, OwnRecordIsReSignedOnlyWhenItChangesAndItsTimeOnlyGrows) {
    TempDir dir;
    const auto file = dir.path() / "addresses";
    Signer me;
    const auto t = now_ms();
    std::int64_t first = 0;
    {
        auto book = AddressBook::open(file);
        book->set_own({"10.0.0.1:4000"}, {"relay:7000"});
        auto a = book->own_record(me.keys.public_key, me.sign(), t);
        ASSERT_TRUE(a.ok());
        const auto generation = book->generation();
        auto b = book->own_record(me.keys.public_key, me.sign(), t + 5);
        EXPECT_EQ(a->SerializeAsString(), b->SerializeAsString());  // unchanged: same record
        EXPECT_EQ(book->generation(), generation);
        first = gn::verify_address_record(*a, t)->issued_ms;
    }
    // After a restart with the clock set back, a changed record is still newer than the last.
    auto book = AddressBook::open(file);
    book->set_own({"10.0.0.9:4000"}, {});
    auto c = book->own_record(me.keys.public_key, me.sign(), t - 60'000);
    ASSERT_TRUE(c.ok());
    EXPECT_GT(gn::verify_address_record(*c, t)->issued_ms, first);
}

TEST(AddressBook, MembersLearnEachOthersAddressesOverALink) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto space = ada.peer->create_space("Addresses");
    ASSERT_TRUE(space.ok());
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(1), {"x:1"});
    ASSERT_TRUE(inv.ok());
    {
        DirectPair join(*ada.peer, *bob.peer);
        ASSERT_TRUE(join.join(inv->code).ok());
    }
    auto ada_book = AddressBook::in_memory();
    auto bob_book = AddressBook::in_memory();
    ada_book->set_own({"10.0.0.1:4000"}, {"relay.example:7000"});
    bob_book->set_own({"10.0.0.2:4000"}, {});
    Replicator ra(*ada.peer), rb(*bob.peer);
    std::deque<nv::LinkMessage> to_a, to_b;
    gn::SyncOptions oa, ob;
    oa.addresses = ada_book;
    ob.addresses = bob_book;
    auto binding = crypto::random_array<32>();
    gn::SyncSession sa(
        ra, rb.device(), binding, [&](nv::LinkMessage&& m) { to_b.push_back(std::move(m)); }, oa);
    gn::SyncSession sb(
        rb, ra.device(), binding, [&](nv::LinkMessage&& m) { to_a.push_back(std::move(m)); }, ob);
    for (int i = 0; i < 50 && !(to_a.empty() && to_b.empty() && i > 0); ++i) {
        ASSERT_TRUE(sa.pump().ok());
        ASSERT_TRUE(sb.pump().ok());
        for (; !to_b.empty(); to_b.pop_front()) ASSERT_TRUE(sb.handle(to_b.front()).ok());
        for (; !to_a.empty(); to_a.pop_front()) ASSERT_TRUE(sa.handle(to_a.front()).ok());
    }
    auto bob_at_ada = ada_book->find(rb.device());
    ASSERT_TRUE(bob_at_ada);
    EXPECT_EQ(bob_at_ada->addresses, std::vector<std::string>{"10.0.0.2:4000"});
    auto ada_at_bob = bob_book->find(ra.device());
    ASSERT_TRUE(ada_at_bob);
    EXPECT_EQ(ada_at_bob->relays, std::vector<std::string>{"relay.example:7000"});

    // Ada moves: her new record reaches Bob on the same link.
    ada_book->set_own({"10.0.0.77:4000"}, {});
    ASSERT_TRUE(sa.pump().ok());
    for (; !to_b.empty(); to_b.pop_front()) ASSERT_TRUE(sb.handle(to_b.front()).ok());
    EXPECT_EQ(bob_book->find(ra.device())->addresses, std::vector<std::string>{"10.0.0.77:4000"});
}

}  // namespace
}  // namespace grove::test
