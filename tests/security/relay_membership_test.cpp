// Attacks on the relay's membership and storage: an outsider's deltas into a real space or under
// made-up space ids, fetching a space it is not in, forged and replayed rosters, a removed
// member, quotas per space, device and in total (refused with the reason, shown in sync status),
// a flood of hellos, the operator-only status and the database files' modes. In process: member
// SyncSessions against RelaySessions over a real RelayStore (docs/security.md, "The relay").
#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/stat.h>

#include "net/relay_roster.h"
#include "net/relay_server.h"
#include "net/relay_session.h"
#include "security_support.h"

using namespace grove;
using namespace grove::platform;
using namespace grove::platform::net;
using namespace grove::test;
namespace nv = grove::net::v1;
namespace wv = grove::wire::v1;

namespace {

struct RelayRig {
    TempDir dir;
    std::unique_ptr<RelayStore> store;
    std::mutex mutex;
    RelayCounters counters;
    RelayHub hub{[] {}};

    explicit RelayRig(RelayLimits limits = {}) {
        auto s = RelayStore::open(dir.path() / "relay", limits);
        EXPECT_TRUE(s.ok()) << s.error().message;
        store = std::move(s).value();
    }
    std::uint64_t stored_bytes(const SpaceId& space) {
        std::lock_guard lock(mutex);
        auto u = store->usage();
        auto it = u.find(space);
        return it == u.end() ? 0 : it->second.bytes;
    }
    std::uint64_t total_bytes() {
        std::lock_guard lock(mutex);
        return store->total_bytes();
    }
};

// A member device's link to the relay: its SyncSession (remote_is_relay) back to back with the
// relay's RelaySession for its device, perfect in-memory delivery.
class RelayLink {
public:
    RelayLink(RelayRig& rig, Peer& peer) : rep_(peer) {
        SyncOptions options;
        options.remote_is_relay = true;
        member_ = std::make_unique<SyncSession>(
            rep_, crypto::SigningKeyPair::generate().public_key, crypto::random_array<32>(),
            [this](nv::LinkMessage&& m) { to_relay_.push_back(std::move(m)); }, options);
        relay_ = std::make_unique<RelaySession>(
            *rig.store, rig.mutex, rig.counters, rep_.device(),
            [this](nv::LinkMessage&& m) {
                if (m.has_deltas()) delivered_ += m.deltas().deltas_size();
                to_member_.push_back(std::move(m));
            },
            [] {}, &rig.hub);
    }
    // Pumps both ends until nothing moves; `ticks` anti-entropy rounds (hellos, rosters).
    void run(int ticks = 2) {
        for (int t = 0; t <= ticks; ++t) {
            if (t > 0) member_->tick();
            for (int i = 0; i < 1000; ++i) {
                auto pm = member_->pump();
                auto pr = relay_->pump();
                ASSERT_TRUE(pm.ok() && pr.ok());
                if (to_relay_.empty() && to_member_.empty() && !*pm && !*pr) break;
                while (!to_relay_.empty()) {
                    auto m = std::move(to_relay_.front());
                    to_relay_.pop_front();
                    ASSERT_TRUE(relay_->handle_owned(std::move(m)).ok());
                }
                while (!to_member_.empty()) {
                    auto m = std::move(to_member_.front());
                    to_member_.pop_front();
                    ASSERT_TRUE(member_->handle_owned(std::move(m)).ok());
                }
            }
        }
    }
    SyncSession& member() { return *member_; }
    RelaySession& relay() { return *relay_; }
    std::size_t delivered() const { return delivered_; }

private:
    Replicator rep_;
    std::unique_ptr<SyncSession> member_;
    std::unique_ptr<RelaySession> relay_;
    std::deque<nv::LinkMessage> to_relay_, to_member_;
    std::size_t delivered_ = 0;
};

// A device the relay has never heard of, speaking raw link messages to it.
struct Outsider {
    crypto::SigningKeyPair key = crypto::SigningKeyPair::generate();
    std::vector<nv::LinkMessage> received;
    std::unique_ptr<RelaySession> session;

    explicit Outsider(RelayRig& rig) {
        session = std::make_unique<RelaySession>(
            *rig.store, rig.mutex, rig.counters, key.public_key,
            [this](nv::LinkMessage&& m) { received.push_back(std::move(m)); }, [] {}, &rig.hub);
    }
    // A validly signed chain of `n` deltas of junk (`size` bytes each) claiming `space`.
    std::vector<wv::SealedDelta> junk(const SpaceId& space, int n, std::size_t size,
                                      std::uint64_t first_seq = 1) {
        std::vector<wv::SealedDelta> out;
        auto content = crypto::random_symmetric_key();
        Bytes payload(size, 0x42);
        std::string prev;
        for (int i = 0; i < n; ++i) {
            wv::DeltaHeader h;
            h.set_version(1);
            h.set_space_id(to_string(ByteView(space)));
            h.set_author_device(to_string(ByteView(key.public_key)));
            h.set_seq(first_seq + i);
            h.set_prev(prev);
            h.set_lamport(first_seq + i);
            h.set_epoch(1);
            h.set_kind(wv::DELTA_KIND_CHAT);
            h.set_wall_time_ms(wall_ms());
            auto d = seal_delta(std::move(h), payload, content, &key.secret_key);
            prev = to_string(ByteView(d.id));
            out.push_back(d.sealed);
        }
        return out;
    }
    void send(nv::LinkMessage m) { ASSERT_TRUE(session->handle_owned(std::move(m)).ok()); }
    void push(const SpaceId& space, std::vector<wv::SealedDelta> deltas) {
        nv::LinkMessage m;
        m.mutable_deltas()->set_space_id(to_string(ByteView(space)));
        for (auto& d : deltas) *m.mutable_deltas()->add_deltas() = std::move(d);
        send(std::move(m));
    }
    void hello(const SpaceId& space) {
        nv::LinkMessage m;
        m.mutable_hello()->set_space_id(to_string(ByteView(space)));
        send(std::move(m));
        ASSERT_TRUE(session->pump().ok());
    }
    std::size_t count(nv::LinkMessage::BodyCase c) const {
        std::size_t n = 0;
        for (const auto& m : received) n += m.body_case() == c;
        return n;
    }
    std::optional<nv::Refusal> last_refusal() const {
        for (auto it = received.rbegin(); it != received.rend(); ++it)
            if (it->has_refusal()) return it->refusal();
        return std::nullopt;
    }
};

SpaceId random_space() {
    return crypto::random_array<kSpaceIdSize>();
}

Result<nv::Roster> sign_roster(const SpaceId& space, const crypto::SigningKeyPair& signer,
                               const VersionVector& vector, const RosterDevices& devices,
                               const nv::RosterAnchor* anchor = nullptr) {
    return make_roster(
        space, signer.public_key, vector, devices, wall_ms(),
        [&](ByteView m) -> Result<crypto::Signature> { return crypto::sign(signer.secret_key, m); },
        anchor);
}

nv::LinkMessage roster_message(nv::Roster r) {
    nv::LinkMessage m;
    *m.mutable_roster() = std::move(r);
    return m;
}

const crypto::SigningKeyPair& device_key(Peer& p) {
    return identity_of(p).device_sign;
}

bool admits(RelayRig& rig, const SpaceId& space, const crypto::SignPublicKey& device) {
    std::lock_guard lock(rig.mutex);
    const RelayRoster* r = rig.store->roster(space);
    return r && r->admits(device);
}

}  // namespace

// An outsider with a fresh key pushed junk into a real space until its quota was full (1 GiB in
// 16 s): members' new deltas were then refused. Now nothing of it is stored, it is told why, and
// the members' deltas go on being stored.
TEST(RelayMembership, OutsiderCannotFillARealSpace) {
    Trio t;
    RelayLimits limits;
    limits.space_quota_bytes = 4u << 20;
    RelayRig rig(limits);
    RelayLink ada(rig, *t.ada.peer);
    ada.run();
    ASSERT_TRUE(admits(rig, t.sid, device_key(*t.ada.peer).public_key))
        << "the creator's device gave the relay no roster";
    const auto before = rig.stored_bytes(t.sid);
    ASSERT_GT(before, 0u);

    Outsider eve(rig);
    for (int i = 0; i < 8; ++i) eve.push(t.sid, eve.junk(t.sid, 8, 64 * 1024, 1 + 8 * i));
    EXPECT_EQ(rig.stored_bytes(t.sid), before) << "the relay stored an outsider's deltas";
    auto refusal = eve.last_refusal();
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->reason(), nv::REFUSAL_NOT_MEMBER);
    EXPECT_GE(rig.counters.refused_not_member.load(), 64u);
    EXPECT_EQ(eve.count(nv::LinkMessage::kAck), 0u);

    // Nothing of it reaches a member either (never stored, so never forwarded or asked for).
    const auto delivered = ada.delivered();
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "still stored").ok());
    ada.run();
    EXPECT_EQ(ada.delivered(), delivered);
    EXPECT_GT(rig.stored_bytes(t.sid), before);
    EXPECT_EQ(ada.member().remote_vector(t.sid)->at(device_key(*t.ada.peer).public_key),
              rig.store->vector(t.sid).at(device_key(*t.ada.peer).public_key));
}

// Made-up space ids filled the disk (3 GiB in ~40 s). A space without a roster stores nothing.
TEST(RelayMembership, MadeUpSpaceIdsStoreNothing) {
    RelayRig rig;
    Outsider eve(rig);
    for (int i = 0; i < 50; ++i) {
        auto space = random_space();
        eve.push(space, eve.junk(space, 4, 16 * 1024));
    }
    EXPECT_EQ(rig.total_bytes(), 0u);
    ASSERT_TRUE(eve.last_refusal());
    EXPECT_EQ(eve.last_refusal()->reason(), nv::REFUSAL_NO_ROSTER);
    // Nor can it make itself a roster for an id it did not derive from its own identity.
    auto space = random_space();
    nv::RosterAnchor anchor;
    anchor.set_creator(to_string(ByteView(eve.key.public_key)));
    anchor.set_space_salt(std::string(16, 's'));
    auto roster = sign_roster(space, eve.key, {}, {{eve.key.public_key, true}}, &anchor);
    ASSERT_TRUE(roster.ok());
    eve.send(roster_message(*roster));
    EXPECT_EQ(rig.store->roster_count(), 0u);
    EXPECT_EQ(rig.counters.rosters_refused.load(), 1u);
    EXPECT_EQ(rig.counters.rosters_accepted.load(), 0u);
}

// The relay handed any authenticated device a space's ciphertext. Now an outsider's hello is
// answered with a refusal and nothing of the space.
TEST(RelayMembership, OutsiderCannotFetchASpace) {
    Trio t;
    RelayRig rig;
    RelayLink ada(rig, *t.ada.peer);
    ada.run();
    Outsider eve(rig);
    eve.hello(t.sid);
    ASSERT_TRUE(eve.session->pump().ok());
    EXPECT_EQ(eve.count(nv::LinkMessage::kDeltas), 0u);
    EXPECT_EQ(eve.count(nv::LinkMessage::kHello), 0u);  // not even the relay's vector
    ASSERT_TRUE(eve.last_refusal());
    EXPECT_EQ(eve.last_refusal()->reason(), nv::REFUSAL_NOT_MEMBER);
}

// Members reach the relay once a manager's device stated the roster; a participant cannot
// state one, an outsider cannot forge one (no anchor, a false anchor, a bad signature).
TEST(RelayMembership, ForgedRostersAreRefused) {
    Trio t;
    RelayRig rig;
    RelayLink ada(rig, *t.ada.peer);
    ada.run();
    RelayLink bob(rig, *t.bob.peer);
    bob.run();
    EXPECT_TRUE(admits(rig, t.sid, device_key(*t.bob.peer).public_key));
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "for Bob, through the relay").ok());
    ada.run();
    bob.run();
    EXPECT_GT(bob.delivered(), 0u) << "a member got nothing from the relay";
    const std::uint64_t accepted = rig.counters.rosters_accepted;

    Outsider eve(rig);
    // Signed by Eve for her own link, naming herself: she is no manager in the relay's roster.
    auto own =
        sign_roster(t.sid, eve.key, rig.store->vector(t.sid),
                    {{eve.key.public_key, true}, {device_key(*t.ada.peer).public_key, true}});
    eve.send(roster_message(*own));
    // Bob's roster (a participant's) adding Eve, sent on Bob's own link.
    RosterDevices with_eve;
    with_eve[eve.key.public_key] = true;
    with_eve[device_key(*t.ada.peer).public_key] = true;
    with_eve[device_key(*t.bob.peer).public_key] = true;
    auto by_bob = sign_roster(t.sid, device_key(*t.bob.peer), rig.store->vector(t.sid), with_eve);
    ASSERT_TRUE(bob.relay().handle_owned(roster_message(*by_bob)).ok());
    // Ada's roster replayed by Eve on Eve's link (not signed by the link's device).
    auto by_ada = sign_roster(t.sid, device_key(*t.ada.peer), rig.store->vector(t.sid), with_eve);
    eve.send(roster_message(*by_ada));
    // A bit flipped in a manager's roster.
    auto tampered = *by_ada;
    tampered.mutable_statement()->back() ^= 1;
    ASSERT_TRUE(ada.relay().handle_owned(roster_message(tampered)).ok());

    EXPECT_EQ(rig.counters.rosters_accepted.load(), accepted);
    EXPECT_GE(rig.counters.rosters_refused.load(), 4u);
    EXPECT_FALSE(admits(rig, t.sid, eve.key.public_key));
}

// A removed member is cut off at the relay: its open link stops being served, its new hellos and
// deltas are refused, and a roster it signed before (replayed by the manager's link) is stale.
TEST(RelayMembership, RemovedMemberIsCutOff) {
    Trio t;
    RelayRig rig;
    RelayLink ada(rig, *t.ada.peer);
    ada.run();
    RelayLink bob(rig, *t.bob.peer);
    bob.run();
    ASSERT_TRUE(admits(rig, t.sid, device_key(*t.bob.peer).public_key));
    auto old = sign_roster(t.sid, device_key(*t.ada.peer), rig.store->vector(t.sid),
                           rig.store->roster(t.sid)->devices);

    ASSERT_TRUE(t.ada.peer->remove_member(t.space, identity_of(*t.bob.peer).identity_hex()).ok());
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "after Bob left").ok());
    ada.run();
    EXPECT_FALSE(admits(rig, t.sid, device_key(*t.bob.peer).public_key))
        << "the relay still serves a removed member";
    const auto delivered = bob.delivered();
    bob.run();
    EXPECT_EQ(bob.delivered(), delivered) << "the relay sent a removed member new deltas";
    auto status = t.bob.peer->sync_status(t.space);
    ASSERT_TRUE(status.ok());
    EXPECT_NE(status->relay_problem.find("not a member"), std::string::npos)
        << status->relay_problem;

    // Bob's device keeps writing from its copy: refused.
    const auto bytes = rig.stored_bytes(t.sid);
    auto more = author_as(*t.bob.peer, t.sid, identity_of(*t.bob.peer), {chat_post("still here")});
    nv::LinkMessage push;
    push.mutable_deltas()->set_space_id(to_string(ByteView(t.sid)));
    for (const auto& d : more) *push.mutable_deltas()->add_deltas() = d.sealed;
    ASSERT_TRUE(bob.relay().handle_owned(std::move(push)).ok());
    EXPECT_EQ(rig.stored_bytes(t.sid), bytes);

    // The roster that still named Bob, sent again: the relay's roster was stated later.
    ASSERT_TRUE(ada.relay().handle_owned(roster_message(*old)).ok());
    EXPECT_FALSE(admits(rig, t.sid, device_key(*t.bob.peer).public_key));
}

// A manager removed while its device was offline states, from that device, a roster that keeps
// itself and admits a newcomer — before or after the remover's roster reaches the relay. Either
// way neither is served once the removal's roster arrived, and the removed device can sign no
// further roster.
TEST(RelayMembership, RemovedManagersRosterLosesInBothOrders) {
    for (bool removed_first : {false, true}) {
        SCOPED_TRACE(removed_first ? "the removed manager's roster arrives first"
                                   : "the removal's roster arrives first");
        Trio t;
        ASSERT_TRUE(
            t.ada.peer->change_role(t.space, identity_of(*t.bob.peer).identity_hex(), Role::Manager)
                .ok());
        t.sync_all();
        RelayRig rig;
        RelayLink ada(rig, *t.ada.peer);
        ada.run();
        RelayLink bob(rig, *t.bob.peer);
        bob.run();
        ASSERT_TRUE(rig.store->roster(t.sid)->manager(device_key(*t.bob.peer).public_key));

        // Bob's offline copy: everything as it was, plus a newcomer X as manager.
        auto x = crypto::SigningKeyPair::generate();
        RosterDevices bobs = rig.store->roster(t.sid)->devices;
        bobs[x.public_key] = true;
        auto bob_roster =
            sign_roster(t.sid, device_key(*t.bob.peer), rig.store->vector(t.sid), bobs);
        ASSERT_TRUE(bob_roster.ok());

        if (removed_first) {
            ASSERT_TRUE(bob.relay().handle_owned(roster_message(*bob_roster)).ok());
        }
        ASSERT_TRUE(
            t.ada.peer->remove_member(t.space, identity_of(*t.bob.peer).identity_hex()).ok());
        ada.run();
        if (!removed_first) {
            ASSERT_TRUE(bob.relay().handle_owned(roster_message(*bob_roster)).ok());
        }

        EXPECT_FALSE(admits(rig, t.sid, device_key(*t.bob.peer).public_key));
        EXPECT_FALSE(admits(rig, t.sid, x.public_key));
        EXPECT_TRUE(admits(rig, t.sid, device_key(*t.ada.peer).public_key));
        // A later roster of Bob's is refused outright.
        auto again = sign_roster(t.sid, device_key(*t.bob.peer), rig.store->vector(t.sid), bobs);
        const auto refused = rig.counters.rosters_refused.load();
        ASSERT_TRUE(bob.relay().handle_owned(roster_message(*again)).ok());
        EXPECT_EQ(rig.counters.rosters_refused.load(), refused + 1);
        EXPECT_FALSE(admits(rig, t.sid, x.public_key));
    }
}

// Per-device and total quotas beside the per-space one, each refused with its reason; a member
// sees the refusal in sync status (and a SyncChanged event), and it clears once the relay takes
// its deltas again.
TEST(RelayQuota, RefusalsNameTheQuotaAndReachSyncStatus) {
    Trio t;
    RelayLimits limits;
    limits.device_quota_bytes = 48 * 1024;
    RelayRig rig(limits);
    RelayLink ada(rig, *t.ada.peer);
    ada.run();
    std::atomic<int> changes{0};
    auto sub = t.ada.peer->subscribe(t.space, [&](const SpaceEvent& e) {
        if (e.kind == SpaceEvent::Kind::SyncChanged) ++changes;
    });
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(t.ada.peer->post_chat(t.space, std::string(20000, 'q')).ok());
    ada.run();
    auto status = t.ada.peer->sync_status(t.space);
    ASSERT_TRUE(status.ok());
    EXPECT_NE(status->relay_problem.find("quota for device"), std::string::npos)
        << "the member was not told: '" << status->relay_problem << "'";
    EXPECT_GE(changes.load(), 1);
    EXPECT_GT(rig.counters.refused_quota.load(), 0u);

    // Total: a second space of another device hits the relay's total.
    {
        RelayLimits small;
        small.total_quota_bytes = 1;  // nothing fits
        RelayRig full(small);
        RelayLink gus(full, *t.ada.peer);
        gus.run();
        auto st = t.ada.peer->sync_status(t.space);
        EXPECT_NE(st->relay_problem.find("storage"), std::string::npos) << st->relay_problem;
        EXPECT_EQ(full.total_bytes(), 0u);
    }
}

// A flood of SpaceHellos for made-up spaces grew the relay by ~365 bytes each. Now a hello the
// roster does not admit leaves nothing behind, and the answers are rate-limited.
TEST(RelayBounds, HelloFloodLeavesNothingBehind) {
    RelayRig rig;
    Outsider eve(rig);
    eve.hello(random_space());  // warm up
    const auto before = mallinfo2().uordblks;
    nv::LinkMessage m;
    for (int i = 0; i < 100000; ++i) {
        m.mutable_hello()->set_space_id(to_string(ByteView(random_space())));
        ASSERT_TRUE(eve.session->handle(m).ok());
        if (eve.received.size() > 64) eve.received.clear();
    }
    const auto after = mallinfo2().uordblks;
    EXPECT_LT(after - std::min(after, before), 2u << 20)
        << "the relay grew by " << (after - before) << " bytes";
    EXPECT_EQ(rig.hub.open_needs(), 0u);
    EXPECT_EQ(rig.counters.refused_not_member.load(), 100001u);
}

// A device admitted to many spaces uses at most max_spaces_per_link of them on one link: the
// relay keeps no state for the next hello and says why.
TEST(RelayBounds, SpacesPerLinkAreBounded) {
    RelayLimits limits;
    limits.max_spaces_per_link = 8;
    RelayRig rig(limits);
    Outsider dev(rig);  // a member of all of them, below
    for (int i = 0; i < 9; ++i) {
        auto space = random_space();
        RelayRoster roster;
        roster.devices = {{dev.key.public_key, true}};
        roster.digest = roster_digest(space, roster.devices);
        ASSERT_TRUE(rig.store->put_roster(space, roster).ok());
        dev.hello(space);
    }
    EXPECT_EQ(dev.count(nv::LinkMessage::kHello), 8u);
    ASSERT_TRUE(dev.last_refusal());
    EXPECT_EQ(dev.last_refusal()->reason(), nv::REFUSAL_LIMIT);

    // A hello whose vector names more authors than any space has: refused, nothing kept.
    RelayLimits one;
    one.max_spaces_per_link = 8;
    RelayRig rig2(one);
    Outsider member(rig2);
    auto space = random_space();
    RelayRoster roster;
    roster.devices = {{member.key.public_key, true}};
    roster.digest = roster_digest(space, roster.devices);
    ASSERT_TRUE(rig2.store->put_roster(space, roster).ok());
    nv::LinkMessage huge;
    huge.mutable_hello()->set_space_id(to_string(ByteView(space)));
    for (std::size_t i = 0; i <= RelaySession::kMaxVectorEntries; ++i) {
        auto* e = huge.mutable_hello()->add_vector();
        auto key = crypto::random_array<32>();
        e->set_device(to_string(ByteView(key)));
        e->set_seq(1);
    }
    member.send(std::move(huge));
    EXPECT_EQ(member.count(nv::LinkMessage::kHello), 0u);
    ASSERT_TRUE(member.last_refusal());
    EXPECT_EQ(member.last_refusal()->reason(), nv::REFUSAL_LIMIT);
}

// Relay/Status answered anyone with every space id and size. Now only the operator's token.
TEST(RelayStatus, OnlyTheOperatorReadsIt) {
    TempDir dir;
    RelayOptions options;
    options.data = dir.path() / "relay";
    options.listen = "127.0.0.1:0";
    auto relay = RelayServer::start(options);
    ASSERT_TRUE(relay.ok()) << relay.error().message;
    auto anyone = query_relay_status((*relay)->listen_address(), "");
    EXPECT_FALSE(anyone.ok()) << "the status answered without the operator token";
    auto wrong = query_relay_status((*relay)->listen_address(), std::string(64, '0'));
    EXPECT_FALSE(wrong.ok());
    auto token = read_status_token(options.data / "status.token");
    ASSERT_TRUE(token.ok()) << token.error().message;
    auto op = query_relay_status((*relay)->listen_address(), *token);
    ASSERT_TRUE(op.ok()) << op.error().message;
    EXPECT_EQ(op->max_spaces(), options.limits.max_spaces);
    struct stat st {};
    ASSERT_EQ(::stat((options.data / "status.token").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    (*relay)->stop();
}

// The relay's database files were 0644: its directory is now 0700 and its files 0600 (also
// when they existed before with a wider mode).
TEST(RelayFiles, DatabaseIsOwnerOnly) {
    TempDir dir;
    const auto path = dir.path() / "relay";
    {
        auto store = RelayStore::open(path, {});
        ASSERT_TRUE(store.ok());
    }
    ASSERT_EQ(::chmod((path / "relay.db").c_str(), 0644), 0);
    ASSERT_EQ(::chmod(path.c_str(), 0755), 0);
    auto store = RelayStore::open(path, {});
    ASSERT_TRUE(store.ok());
    for (const char* name : {"relay.db", "relay.db-wal", "relay.db-shm"}) {
        struct stat st {};
        if (::stat((path / name).c_str(), &st) != 0) continue;
        EXPECT_EQ(st.st_mode & 0777, 0600u) << name;
    }
    struct stat d {};
    ASSERT_EQ(::stat(path.c_str(), &d), 0);
    EXPECT_EQ(d.st_mode & 0777, 0700u);
}
