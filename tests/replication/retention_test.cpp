// Lagging past a relay's retention: the relay records what it expired (its floor, in
// SQLite), tells a device that lacks deltas below it (RetentionGap, shown in sync status and as
// an event), has member devices that offered the space re-send them, and forwards the refill.
#include <gtest/gtest.h>

#include "core/chain_auth.h"
#include "core/replicator.h"
#include "net/peer_node.h"
#include "net/relay_server.h"
#include "net/relay_session.h"
#include "net/sync_session.h"
#include "replication_support.h"

using namespace grove;
using namespace grove::platform;
using namespace grove::platform::net;
using grove::test::in_days;
using grove::test::make_account;
using grove::test::wait_until;
namespace nv = grove::net::v1;

namespace {

std::int64_t wall_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
// Past the default retention (90 days): everything stored until now expires.
constexpr std::int64_t kPastRetention = 91LL * 86'400'000;

bool converged(Peer& a, Peer& b, const std::string& space) {
    auto x = a.sync_status(space);
    auto y = b.sync_status(space);
    return x.ok() && y.ok() && !x->pending && !y->pending && x->heads_digest == y->heads_digest &&
           x->state_digest == y->state_digest && !x->behind_retention && !y->behind_retention;
}

std::uint64_t seq_of(const SyncStatus& st, const std::string& device_hex) {
    for (const auto& [d, s] : st.vector)
        if (d == device_hex) return s;
    return 0;
}

std::uint64_t accepted(RelayServer& relay) {
    return relay.status().accepted_deltas();
}

// Everything Ada authored in `space` so far, authenticated as a relay would.
std::vector<DecodedDelta> authored(Peer& peer, const SpaceId& sid) {
    Replicator rep(peer);
    VersionVector none;
    auto out = rep.outgoing(sid, 0, none, 100000, 1 << 28);
    EXPECT_TRUE(out.ok());
    return authenticate_batch(sid, std::move(out->deltas)).deltas;
}

}  // namespace

// Cy is offline while Ada writes; the relay expires what Cy lacks. Back online with only the
// relay, and with no member online, Cy is told (sync status, event) and holds no log with a
// hole; when Ada comes back the relay has her re-send, and Cy converges.
TEST(Retention, LaggingDeviceIsToldThenRefilledThroughTheRelay) {
    grove::test::TempDir relay_dir;
    RelayOptions ro;
    ro.data = relay_dir.path();
    ro.listen = "127.0.0.1:0";
    ro.tick = std::chrono::milliseconds(200);
    auto relay = RelayServer::start(ro);
    ASSERT_TRUE(relay.ok()) << relay.error().message;
    const std::string relay_addr = (*relay)->listen_address();

    auto ada = make_account("Ada");
    auto cy = make_account("Cy");
    PeerNodeOptions oa;
    oa.listen = "127.0.0.1:0";
    oa.relays = {relay_addr};
    oa.tick = std::chrono::milliseconds(200);
    auto na = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(na.ok()) << na.error().message;
    PeerNodeOptions oc;  // Cy: only the relay once joined
    oc.relays = {relay_addr};
    oc.tick = std::chrono::milliseconds(200);
    oc.keep_join_link = false;
    auto nc = PeerNode::start(*cy.peer, oc);
    ASSERT_TRUE(nc.ok());

    auto space = ada.peer->create_space("Lag");
    ASSERT_TRUE(space.ok());
    ASSERT_TRUE(ada.peer->post_chat(space->id, "before").ok());
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(7),
                                           {(*na)->listen_address()});
    ASSERT_TRUE(inv.ok());
    auto joined = (*nc)->join(inv->code, std::chrono::seconds(20));
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    ASSERT_TRUE(wait_until([&] { return converged(*ada.peer, *cy.peer, space->id); }));

    std::vector<SpaceEvent> cy_events;
    std::mutex events_mutex;
    auto sub = cy.peer->subscribe(space->id, [&](const SpaceEvent& e) {
        if (e.kind != SpaceEvent::Kind::SyncChanged) return;
        std::lock_guard lock(events_mutex);
        cy_events.push_back(e);
    });

    // Cy goes offline; Ada writes 40; the relay stores them, then expires them all.
    (*nc)->stop();
    nc->reset();
    const auto before_cy = cy.peer->list_chat(space->id)->size();
    auto base = accepted(**relay);
    for (int i = 0; i < 40; ++i)
        ASSERT_TRUE(ada.peer->post_chat(space->id, "while away " + std::to_string(i)).ok());
    ASSERT_TRUE(wait_until([&] { return accepted(**relay) >= base + 40; }));
    auto expired = (*relay)->expire(wall_now() + kPastRetention);
    ASSERT_TRUE(expired.ok()) << expired.error().message;
    EXPECT_GE(expired->deltas, 40u);
    base = accepted(**relay);
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(ada.peer->post_chat(space->id, "after expiry " + std::to_string(i)).ok());
    ASSERT_TRUE(wait_until([&] { return accepted(**relay) >= base + 5; }));
    auto st = (*relay)->status();
    ASSERT_EQ(st.per_space_size(), 1);
    ASSERT_EQ(st.per_space(0).floor_size(), 1);  // Ada's chain only
    const std::uint64_t floor = st.per_space(0).floor(0).seq();
    EXPECT_EQ(st.expired_deltas(), expired->deltas);

    // No member online: Cy comes back through the relay alone and is told, explicitly.
    (*na)->stop();
    na->reset();
    auto nc2 = PeerNode::start(*cy.peer, oc);
    ASSERT_TRUE(nc2.ok());
    ASSERT_TRUE(wait_until([&] {
        auto s = cy.peer->sync_status(space->id);
        return s.ok() && s->behind_retention;
    })) << "cy was not told it lags past the relay's retention: "
        << cy.peer->sync_status(space->id)->relay_problem;
    const std::string ada_device = ada.peer->account()->device_id;
    auto gap = cy.peer->sync_status(space->id);
    ASSERT_EQ(gap->missing.size(), 1u);
    EXPECT_EQ(gap->missing[0].device_id, ada_device);
    EXPECT_EQ(gap->missing[0].from_seq, seq_of(*gap, ada_device) + 1);
    EXPECT_EQ(gap->missing[0].to_seq, floor);
    EXPECT_NE(gap->retention_note.find("waiting for a member device"), std::string::npos)
        << gap->retention_note;
    // It stays explicit, and Cy applied nothing above the hole (no silent partial history).
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    gap = cy.peer->sync_status(space->id);
    EXPECT_TRUE(gap->behind_retention);
    EXPECT_EQ(cy.peer->list_chat(space->id)->size(), before_cy);
    EXPECT_EQ(gap->pending, 0u);
    st = (*relay)->status();
    EXPECT_EQ(st.lagging_devices(), 1u);
    EXPECT_EQ(st.refill_requests(), 0u);
    EXPECT_GE(st.retention_gaps(), 1u);

    // Ada comes back: the relay asks her to re-send; Cy catches up and the gap clears.
    auto na2 = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(na2.ok());
    ASSERT_TRUE(wait_until([&] { return converged(*ada.peer, *cy.peer, space->id); },
                           std::chrono::seconds(30)))
        << "cy did not catch up through the relay's refill";
    EXPECT_EQ(cy.peer->list_chat(space->id)->size(), before_cy + 45);
    EXPECT_TRUE(wait_until([&] { return (*relay)->status().lagging_devices() == 0; }));
    st = (*relay)->status();
    EXPECT_GE(st.refill_requests(), 1u);
    EXPECT_GE(st.refilled_deltas(), 40u);
    EXPECT_EQ(st.refills_refused(), 0u);
    {
        std::lock_guard lock(events_mutex);
        ASSERT_GE(cy_events.size(), 2u);  // fell behind, caught up
    }
    (*nc2)->stop();
    (*na2)->stop();
    (*relay)->stop();
}

// The floor is written in the same transaction as the deletion and read back at open; re-sent
// deltas are kept per lagging device, counted in the quota, and dropped once delivered.
TEST(Retention, FloorSurvivesRestartAndRefillsAreBounded) {
    crypto::initialize();
    grove::test::TempDir dir;
    auto ada = make_account("Ada");
    auto space = ada.peer->create_space("F");
    ASSERT_TRUE(space.ok());
    for (int i = 0; i < 30; ++i) ASSERT_TRUE(ada.peer->post_chat(space->id, "m").ok());
    auto sid = *fixed_from<16>(*from_hex(space->id));
    auto deltas = authored(*ada.peer, sid);
    ASSERT_EQ(deltas.size(), 31u);
    const auto author = deltas.front().author;
    auto lagging = crypto::SigningKeyPair::generate().public_key;
    {
        auto store = RelayStore::open(dir.path(), RelayLimits{});
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE((*store)->append(sid, {deltas.begin(), deltas.begin() + 20}).ok());
        auto gone = (*store)->expire(wall_now() + kPastRetention);
        ASSERT_TRUE(gone.ok());
        EXPECT_EQ(gone->deltas, 20u);
        EXPECT_EQ((*store)->floor(sid).at(author), 20u);
        ASSERT_TRUE((*store)->append(sid, {deltas.begin() + 20, deltas.end()}).ok());
    }
    auto store = RelayStore::open(dir.path(), RelayLimits{});  // as after a restart or kill -9
    ASSERT_TRUE(store.ok());
    EXPECT_EQ((*store)->floor(sid).at(author), 20u);
    EXPECT_EQ((*store)->vector(sid).at(author), 31u);
    EXPECT_EQ((*store)->usage()[sid].deltas, 11u);

    // A member re-sends everything the lagging device lacks (from seq 6): kept are 6..20 only
    // (the relay holds the rest), up to the first signed delta — here the last of the run.
    ASSERT_TRUE((*store)->append(sid, {deltas.begin(), deltas.begin() + 5}).ok());  // duplicates
    auto refill = authenticate_batch(sid, [&] {
        Replicator rep(*ada.peer);
        VersionVector has{{author, 5}};
        return std::move(rep.outgoing(sid, 0, has, 100000, 1 << 28)->deltas);
    }());
    ASSERT_EQ(refill.rejected, 0u);
    auto kept = (*store)->append_refill(sid, lagging, refill.deltas);
    ASSERT_TRUE(kept.ok()) << kept.error().message;
    EXPECT_GE(*kept, 15u);
    EXPECT_EQ((*store)->refill_count(sid, lagging), *kept);
    EXPECT_EQ((*store)->usage()[sid].refill_deltas, *kept);
    // Read back for that device only, in order, each run ending signed.
    VersionVector has{{author, 5}};
    std::int64_t held = std::numeric_limits<std::int64_t>::max();
    auto back = (*store)->read_refill(sid, lagging, 0, has, 1000, 1 << 24, &held);
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(back->deltas.size(), *kept);
    EXPECT_FALSE(back->deltas.back().signature().empty());
    EXPECT_EQ(has.at(author), 5u + *kept);
    VersionVector other;
    auto none = (*store)->read_refill(sid, crypto::SigningKeyPair::generate().public_key, 0, other,
                                      1000, 1 << 24, &held);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->deltas.empty());
    // The log read holds back what would leave a hole (seq 21 for a device at 5).
    VersionVector at5{{author, 5}};
    held = std::numeric_limits<std::int64_t>::max();
    auto log = (*store)->read(sid, 0, at5, 1000, 1 << 24, &held);
    ASSERT_TRUE(log.ok());
    EXPECT_TRUE(log->deltas.empty());
    EXPECT_NE(held, std::numeric_limits<std::int64_t>::max());
    // Delivered: dropped.
    auto pruned = (*store)->prune_refill(sid, lagging, {{author, 31}});
    ASSERT_TRUE(pruned.ok());
    EXPECT_EQ(*pruned, *kept);
    EXPECT_EQ((*store)->refill_count(sid, lagging), 0u);
    EXPECT_EQ((*store)->usage()[sid].deltas, 11u);

    // Quota: a refill that does not fit is refused whole, with a clear error.
    store->reset();
    RelayLimits small;
    small.space_quota_bytes =
        (*RelayStore::open(dir.path(), RelayLimits{}))->usage()[sid].bytes + 64;
    auto tight = RelayStore::open(dir.path(), small);
    ASSERT_TRUE(tight.ok());
    auto refused = (*tight)->append_refill(sid, lagging, refill.deltas);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::ResourceExhausted);
    EXPECT_NE(refused.error().message.find("quota"), std::string::npos);
    EXPECT_EQ((*tight)->refill_count(sid, lagging), 0u);
}

namespace {
// A RelaySession driven by hand: what it sends is captured.
struct Captured {
    std::mutex mutex;
    std::vector<nv::LinkMessage> out;
    LinkSession::Sender sender() {
        return [this](nv::LinkMessage&& m) {
            std::lock_guard lock(mutex);
            out.push_back(std::move(m));
        };
    }
    template <class F>
    std::size_t count(F&& pred) {
        std::lock_guard lock(mutex);
        return static_cast<std::size_t>(std::count_if(out.begin(), out.end(), pred));
    }
};

nv::LinkMessage hello(const SpaceId& sid, const VersionVector& v) {
    nv::LinkMessage m;
    m.mutable_hello()->set_space_id(to_string(sid));
    vector_to_proto(v, m.mutable_hello()->mutable_vector());
    return m;
}
}  // namespace

// Refill requests go only to devices that offered the space, never to the lagging device; a
// refill nobody asked for is refused and stores nothing; a RetentionGap or RefillRequest from a
// device that is not a relay is ignored.
TEST(Retention, RefillOnlyFromDevicesThatOfferedAndOnlyWhenAsked) {
    crypto::initialize();
    grove::test::TempDir dir;
    auto ada = make_account("Ada");
    auto space = ada.peer->create_space("H");
    ASSERT_TRUE(space.ok());
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(ada.peer->post_chat(space->id, "m").ok());
    auto sid = *fixed_from<16>(*from_hex(space->id));
    auto deltas = authored(*ada.peer, sid);
    const auto author = deltas.front().author;
    auto store = RelayStore::open(dir.path(), RelayLimits{});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->append(sid, deltas).ok());
    ASSERT_TRUE((*store)->expire(wall_now() + kPastRetention).ok());  // floor 11
    std::mutex store_mutex;
    RelayCounters counters;
    RelayHub hub([] {});
    auto key = [] { return crypto::SigningKeyPair::generate().public_key; };
    Captured member_out, other_out, lagging_out;
    const auto lagging_key = key();
    const auto other_key = key();
    // All three are member devices in the relay's roster (it serves no one else).
    RelayRoster roster;
    roster.devices = {{author, true}, {lagging_key, false}, {other_key, false}};
    roster.digest = roster_digest(sid, roster.devices);
    ASSERT_TRUE((*store)->put_roster(sid, roster).ok());
    RelaySession member(**store, store_mutex, counters, author, member_out.sender(), {}, &hub);
    RelaySession other(**store, store_mutex, counters, other_key, other_out.sender(), {}, &hub);
    RelaySession lagging(**store, store_mutex, counters, lagging_key, lagging_out.sender(), {},
                         &hub);
    ASSERT_TRUE(member.handle(hello(sid, {{author, 11}})).ok());  // offers the space
    ASSERT_TRUE(lagging.handle(hello(sid, {{author, 3}})).ok());
    auto is_gap = [](const nv::LinkMessage& m) { return m.has_retention_gap(); };
    auto is_request = [](const nv::LinkMessage& m) { return m.has_refill_request(); };
    ASSERT_EQ(lagging_out.count(is_gap), 1u);
    {
        std::lock_guard lock(lagging_out.mutex);
        for (const auto& m : lagging_out.out)
            if (m.has_retention_gap()) {
                ASSERT_EQ(m.retention_gap().floor_size(), 1);
                EXPECT_EQ(m.retention_gap().floor(0).seq(), 11u);
            }
    }
    ASSERT_TRUE(member.pump().ok());
    ASSERT_TRUE(other.pump().ok());
    ASSERT_TRUE(lagging.pump().ok());
    EXPECT_EQ(member_out.count(is_request), 1u);
    EXPECT_EQ(other_out.count(is_request), 0u);    // never offered the space
    EXPECT_EQ(lagging_out.count(is_request), 0u);  // not asked to refill itself
    // The same request is not sent twice to one link.
    ASSERT_TRUE(member.pump().ok());
    EXPECT_EQ(member_out.count(is_request), 1u);
    std::uint64_t request = 0;
    {
        std::lock_guard lock(member_out.mutex);
        for (const auto& m : member_out.out)
            if (m.has_refill_request()) request = m.refill_request().request_id();
    }
    // A refill from a link that was not asked (another device, or a made-up id): refused.
    nv::LinkMessage bogus;
    bogus.mutable_refill()->set_space_id(to_string(sid));
    bogus.mutable_refill()->set_request_id(request);
    for (const auto& d : deltas) *bogus.mutable_refill()->add_deltas() = d.sealed;
    ASSERT_TRUE(other.handle(bogus).ok());
    bogus.mutable_refill()->set_request_id(request + 1000);
    ASSERT_TRUE(member.handle(bogus).ok());
    EXPECT_EQ((*store)->refill_count(sid, lagging_key), 0u);
    EXPECT_EQ(counters.refills_refused.load(), 2 * deltas.size());
    EXPECT_EQ(counters.refilled.load(), 0u);
    // A tampered delta in an asked refill fails its signature and is not stored.
    nv::LinkMessage tampered;
    tampered.mutable_refill()->set_space_id(to_string(sid));
    tampered.mutable_refill()->set_request_id(request);
    *tampered.mutable_refill()->add_deltas() = deltas[5].sealed;
    (*tampered.mutable_refill()->mutable_deltas(0)->mutable_ciphertext())[0] ^= 1;
    const auto rejected_before = counters.rejected.load();
    ASSERT_TRUE(member.handle(tampered).ok());
    EXPECT_EQ(counters.rejected.load(), rejected_before + 1);
    EXPECT_EQ(counters.refilled.load(), 0u);
    EXPECT_EQ((*store)->refill_count(sid, lagging_key), 0u);
    // A first answer with only part of the range (seq 4..7), marked done: once the lagging
    // device holds it and is still behind, the gap says the member lacks the rest too.
    nv::LinkMessage part;
    part.mutable_refill()->set_space_id(to_string(sid));
    part.mutable_refill()->set_request_id(request);
    for (std::size_t i = 3; i < 7; ++i) *part.mutable_refill()->add_deltas() = deltas[i].sealed;
    part.mutable_refill()->set_done(true);
    ASSERT_TRUE(member.handle(part).ok());
    EXPECT_EQ(counters.refilled.load(), 4u);
    ASSERT_TRUE(lagging.handle(hello(sid, {{author, 7}})).ok());
    EXPECT_EQ((*store)->refill_count(sid, lagging_key), 0u);  // delivered: dropped
    {
        std::lock_guard lock(lagging_out.mutex);
        ASSERT_TRUE(lagging_out.out.back().has_retention_gap());
        EXPECT_NE(lagging_out.out.back().retention_gap().problem().find("do not hold all of it"),
                  std::string::npos);
        EXPECT_EQ(lagging_out.out.back().retention_gap().members_asked(), 1u);
    }
    // The genuine answer is stored for the lagging device and reaches it.
    nv::LinkMessage good;
    good.mutable_refill()->set_space_id(to_string(sid));
    good.mutable_refill()->set_request_id(request);
    for (std::size_t i = 3; i < deltas.size(); ++i)
        *good.mutable_refill()->add_deltas() = deltas[i].sealed;
    good.mutable_refill()->set_done(true);
    ASSERT_TRUE(member.handle(good).ok());
    EXPECT_EQ(counters.refilled.load(), 12u);  // 4..7 before (dropped once held), now 4..11
    EXPECT_EQ((*store)->refill_count(sid, lagging_key), 8u);
    ASSERT_TRUE(lagging.pump().ok());
    std::size_t delivered = 0;
    {
        std::lock_guard lock(lagging_out.mutex);
        for (const auto& m : lagging_out.out)
            if (m.has_deltas()) delivered += m.deltas().deltas_size();
    }
    EXPECT_EQ(delivered, 4u);  // 8..11: it holds up to 7
    // Once the device reports it holds them, the gap closes (an empty floor) and they go.
    ASSERT_TRUE(lagging.handle(hello(sid, {{author, 11}})).ok());
    EXPECT_EQ(lagging_out.count(is_gap), 3u);  // told, the member lacks the rest, closed
    {
        std::lock_guard lock(lagging_out.mutex);
        EXPECT_EQ(lagging_out.out.back().retention_gap().floor_size(), 0);
    }
    EXPECT_EQ(hub.open_needs(), 0u);

    // On a device: a RetentionGap or RefillRequest on a link that is not a relay is ignored.
    Replicator rep(*ada.peer);
    Captured sent;
    SyncSession session(rep, key(), {}, sent.sender());  // a direct link, not a relay
    nv::LinkMessage g;
    g.mutable_retention_gap()->set_space_id(to_string(sid));
    vector_to_proto({{author, 1000}}, g.mutable_retention_gap()->mutable_floor());
    ASSERT_TRUE(session.handle(g).ok());
    EXPECT_EQ(session.stats().retention_gaps, 0u);
    EXPECT_NE(session.stats().last_problem.find("not a relay"), std::string::npos);
    EXPECT_FALSE(ada.peer->sync_status(space->id)->behind_retention);
    nv::LinkMessage r;
    r.mutable_refill_request()->set_space_id(to_string(sid));
    r.mutable_refill_request()->set_request_id(1);
    ASSERT_TRUE(session.handle(r).ok());
    EXPECT_EQ(session.stats().refill_requests, 0u);
}

#ifdef GROVE_RELAY_BIN
#include <netinet/in.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "grove_test/child_process.h"

namespace {
using grove::test::ChildProcess;

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::string word(const std::string& line, int index) {
    std::istringstream in(line);
    std::string w;
    for (int i = 0; i <= index; ++i) in >> w;
    return w;
}

std::unique_ptr<ChildProcess> node(const std::filesystem::path& profile,
                                   std::vector<std::string> extra) {
    std::vector<std::string> argv{GROVE_SYNC_NODE, "--profile", profile.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto p = std::make_unique<ChildProcess>(argv);
    auto line = p->read_line(std::chrono::seconds(30));
    EXPECT_TRUE(line && line->rfind("listening", 0) == 0) << line.value_or("<timeout>");
    return p;
}

std::unique_ptr<ChildProcess> relay_process(const std::filesystem::path& dir, int port) {
    auto p = std::make_unique<ChildProcess>(
        std::vector<std::string>{GROVE_RELAY_BIN, "--data", dir.string(), "--listen",
                                 "127.0.0.1:" + std::to_string(port), "--retention-seconds", "2"});
    auto line = p->read_line(std::chrono::seconds(30));
    EXPECT_TRUE(line && line->rfind("listening", 0) == 0) << line.value_or("<timeout>");
    return p;
}

// grove-relay --status --json (the operator token from `data`), parsed (null when unreadable).
nlohmann::json relay_status(const std::string& address, const std::filesystem::path& data) {
    ChildProcess p(
        {GROVE_RELAY_BIN, "--status", "--json", "--listen", address, "--data", data.string()});
    std::string text;
    while (auto line = p.read_line(std::chrono::seconds(10))) text += *line + "\n";
    return nlohmann::json::parse(text, nullptr, false);
}

bool relay_says(const std::string& address, const std::filesystem::path& data,
                const std::function<bool(const nlohmann::json&)>& f, std::chrono::seconds timeout) {
    return wait_until(
        [&] {
            auto j = relay_status(address, data);
            return !j.is_discarded() && f(j);
        },
        timeout);
}
}  // namespace

// Real processes: grove-relay with a 2-second retention (and a kill -9 after it expired what c
// lacks: the floor is on disk), a member `a`, a relay-only `c`. c comes back while a is offline:
// the relay reports it lagging and asks nobody; a comes back: refill, equal digests, every post.
TEST(Retention, ProcessesRelayWithShortRetentionRefillsAfterKill9) {
    grove::test::TempDir root;
    const int port = free_port();
    const std::string relay = "127.0.0.1:" + std::to_string(port);
    auto r = relay_process(root.path() / "relay", port);
    auto a = node(root.path() / "a", {"--listen", "127.0.0.1:0", "--relay", relay});
    auto c = node(root.path() / "c", {"--relay", relay, "--close-join-links"});
    auto created = a->ask("space Lag");
    ASSERT_EQ(created.rfind("ok", 0), 0u) << created;
    const std::string space = word(created, 1);
    auto code = a->ask("invite " + space);
    ASSERT_EQ(c->ask("join " + word(code, 1)), "ok " + space);
    auto same = [&] {
        auto x = a->ask("status " + space);
        auto y = c->ask("status " + space);
        return x.rfind("ok", 0) == 0 && word(x, 1) == word(y, 1) && word(x, 2) == word(y, 2) &&
               word(x, 4) == "0" && word(y, 4) == "0";
    };
    ASSERT_TRUE(wait_until(same, std::chrono::seconds(30)));

    c->kill9();
    a->send("burst " + space + " 300 10");
    ASSERT_EQ(a->read_line(std::chrono::seconds(60)).value_or(""), "ok 300");
    // The relay took them and, 2 s later, expired them (its floor rose).
    ASSERT_TRUE(relay_says(
        relay, root.path() / "relay",
        [](const nlohmann::json& j) {
            return j["expired_deltas"].get<std::uint64_t>() >= 300 && !j["per_space"].empty() &&
                   !j["per_space"][0]["retention_floor"].empty();
        },
        std::chrono::seconds(30)))
        << relay_status(relay, root.path() / "relay").dump();
    a->quit();
    r->kill9();
    r = relay_process(root.path() / "relay", port);

    // c back, no member online: lagging, told, nobody asked; c holds no partial history.
    c = node(root.path() / "c", {"--relay", relay, "--close-join-links"});
    const std::string c_count = c->ask("count " + space);
    ASSERT_TRUE(relay_says(
        relay, root.path() / "relay",
        [](const nlohmann::json& j) {
            return j["lagging_devices"] == 1 && j["retention_gaps"].get<std::uint64_t>() >= 1;
        },
        std::chrono::seconds(20)))
        << relay_status(relay, root.path() / "relay").dump();
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    EXPECT_EQ(c->ask("count " + space), c_count);
    EXPECT_EQ(word(c->ask("status " + space), 4), "0");  // nothing pending
    EXPECT_EQ(relay_status(relay, root.path() / "relay")["refill_requests"], 0);

    a = node(root.path() / "a", {"--listen", "127.0.0.1:0", "--relay", relay});
    ASSERT_TRUE(wait_until(same, std::chrono::seconds(60)))
        << relay_status(relay, root.path() / "relay").dump();
    EXPECT_EQ(c->ask("count " + space), "ok 300");
    ASSERT_TRUE(relay_says(
        relay, root.path() / "relay",
        [](const nlohmann::json& j) {
            return j["lagging_devices"] == 0 && j["refill_requests"].get<std::uint64_t>() >= 1 &&
                   j["refilled_deltas"].get<std::uint64_t>() >= 300;
        },
        std::chrono::seconds(20)))
        << relay_status(relay, root.path() / "relay").dump();
    a->quit();
    c->quit();
}
#endif
