// Attacks on address records: unsigned, forged, tampered, stale, replayed, strangers', floods —
// fed to the SyncSession that handles a member's link, with a real AddressBook behind it.
#include <gtest/gtest.h>

#include "net/address_book.h"
#include "security_support.h"

namespace grove::test {
namespace {

namespace nv = grove::net::v1;
using platform::net::AddressBook;
using platform::net::AddressLimits;
using platform::net::SyncOptions;
using platform::net::SyncSession;

nv::AddressRecord record_of(const crypto::SignPublicKey& device, std::vector<std::string> addresses,
                            std::int64_t issued_ms) {
    nv::AddressRecord r;
    r.set_device(to_string(ByteView(device)));
    for (auto& a : addresses) r.add_addresses(a);
    r.set_issued_ms(issued_ms);
    return r;
}

nv::SignedAddressRecord signed_by(const LocalIdentity& signer, const nv::AddressRecord& record) {
    auto s =
        platform::net::sign_address_record(record, [&](ByteView m) -> Result<crypto::Signature> {
            return crypto::sign(signer.device_sign.secret_key, m);
        });
    EXPECT_TRUE(s.ok());
    return *s;
}

crypto::SignPublicKey device_of(Peer& p) {
    return identity_of(p).device_sign.public_key;
}

// Ada's end of a link from Bob, with Ada's address book.
struct AdaHearsBob {
    Trio trio;
    std::shared_ptr<AddressBook> book = AddressBook::in_memory();
    Replicator ada{*trio.ada.peer};
    std::unique_ptr<SyncSession> session;
    AdaHearsBob() {
        SyncOptions options;
        options.addresses = book;
        session = std::make_unique<SyncSession>(
            ada, device_of(*trio.bob.peer), crypto::random_array<32>(), [](nv::LinkMessage&&) {},
            options);
    }
    void hear(std::vector<nv::SignedAddressRecord> records) {
        nv::LinkMessage m;
        for (auto& r : records) *m.mutable_addresses()->add_records() = std::move(r);
        ASSERT_TRUE(session->handle(m).ok());  // bad records are refused, never fatal
    }
    std::optional<platform::net::DeviceAddresses> known(Peer& p) {
        return book->find(device_of(p));
    }
};

TEST(AddressRecordAttack, UnsignedRecordIsRefused) {
    AdaHearsBob t;
    auto r = signed_by(identity_of(*t.trio.bob.peer),
                       record_of(device_of(*t.trio.bob.peer), {"10.0.0.2:4000"}, wall_ms()));
    r.clear_signature();
    t.hear({r});
    EXPECT_FALSE(t.known(*t.trio.bob.peer));
    EXPECT_EQ(t.session->stats().address_records_refused, 1u);
}

TEST(AddressRecordAttack, RecordSignedByAnotherDeviceIsRefused) {
    // Bob states that Gus is at Bob's address: Gus's links would go to Bob.
    AdaHearsBob t;
    t.hear({signed_by(identity_of(*t.trio.bob.peer),
                      record_of(device_of(*t.trio.gus.peer), {"10.0.0.66:4000"}, wall_ms()))});
    EXPECT_FALSE(t.known(*t.trio.gus.peer));
    EXPECT_EQ(t.session->stats().address_records_refused, 1u);
}

TEST(AddressRecordAttack, RecordAlteredAfterSigningIsRefused) {
    AdaHearsBob t;
    auto r = signed_by(identity_of(*t.trio.gus.peer),
                       record_of(device_of(*t.trio.gus.peer), {"10.0.0.3:4000"}, wall_ms()));
    nv::AddressRecord inner;
    ASSERT_TRUE(inner.ParseFromString(r.record()));
    inner.set_addresses(0, "10.0.0.66:4000");  // Bob (relaying Gus's record) redirects it
    r.set_record(inner.SerializeAsString());
    t.hear({r});
    EXPECT_FALSE(t.known(*t.trio.gus.peer));
}

TEST(AddressRecordAttack, StaleOrReplayedRecordDoesNotReplaceANewerOne) {
    AdaHearsBob t;
    const auto bob = device_of(*t.trio.bob.peer);
    const auto& id = identity_of(*t.trio.bob.peer);
    auto old_record = signed_by(id, record_of(bob, {"10.0.0.2:1111"}, wall_ms() - 60'000));
    auto new_record = signed_by(id, record_of(bob, {"10.0.0.2:2222"}, wall_ms()));
    t.hear({new_record});
    t.hear({old_record, new_record});  // an old record kept by someone, and a replay
    auto known = t.known(*t.trio.bob.peer);
    ASSERT_TRUE(known);
    EXPECT_EQ(known->addresses, std::vector<std::string>{"10.0.0.2:2222"});
    EXPECT_EQ(t.session->stats().address_records_stored, 1u);
}

TEST(AddressRecordAttack, RecordsFromTheFarFutureOrPastAreRefused) {
    // A record dated far ahead would pin an address: nothing newer could replace it.
    AdaHearsBob t;
    const auto bob = device_of(*t.trio.bob.peer);
    const auto& id = identity_of(*t.trio.bob.peer);
    t.hear({signed_by(id, record_of(bob, {"10.0.0.2:1"}, wall_ms() + 3'600'000))});
    t.hear({signed_by(
        id, record_of(bob, {"10.0.0.2:2"}, wall_ms() - AddressLimits::kMaxAgeMs - 60'000))});
    EXPECT_FALSE(t.known(*t.trio.bob.peer));
    EXPECT_EQ(t.session->stats().address_records_refused, 2u);
}

TEST(AddressRecordAttack, OutsidersRecordIsRefused) {
    // A valid, self-signed record of a device in no space held here: nobody fills the book
    // (and has members dial) with strangers.
    AdaHearsBob t;
    Account eve = make_account("Eve");
    t.hear({signed_by(identity_of(*eve.peer),
                      record_of(device_of(*eve.peer), {"10.0.0.99:4000"}, wall_ms()))});
    EXPECT_FALSE(t.known(*eve.peer));
    EXPECT_EQ(t.session->stats().address_records_refused, 1u);
}

TEST(AddressRecordAttack, MalformedAddressesAndFloodsAreRefused) {
    AdaHearsBob t;
    const auto bob = device_of(*t.trio.bob.peer);
    const auto& id = identity_of(*t.trio.bob.peer);
    for (const char* bad : {"no-port", "host:0", "host:99999", "unix:/tmp/x", "a b:1", ":80"})
        t.hear({signed_by(id, record_of(bob, {bad}, wall_ms()))});
    std::vector<std::string> many(AddressLimits::kMaxAddresses + 1, "10.0.0.2:4000");
    t.hear({signed_by(id, record_of(bob, many, wall_ms()))});
    EXPECT_FALSE(t.known(*t.trio.bob.peer));
    // More records in one message than allowed: the message is ignored whole.
    std::vector<nv::SignedAddressRecord> flood(
        AddressLimits::kMaxRecordsPerMessage + 1,
        signed_by(id, record_of(bob, {"10.0.0.2:1"}, wall_ms())));
    t.hear(flood);
    EXPECT_FALSE(t.known(*t.trio.bob.peer));
}

TEST(AddressRecordAttack, MemberRecordsPassedOnByAnotherMemberAreKept) {
    // The control: Gus's own signed record, passed on by Bob, is kept — so what the tests above
    // refuse is refused for the reason they name.
    AdaHearsBob t;
    t.hear({signed_by(identity_of(*t.trio.gus.peer),
                      record_of(device_of(*t.trio.gus.peer), {"10.0.0.3:4000"}, wall_ms()))});
    auto known = t.known(*t.trio.gus.peer);
    ASSERT_TRUE(known);
    EXPECT_EQ(known->addresses, std::vector<std::string>{"10.0.0.3:4000"});
}

}  // namespace
}  // namespace grove::test
