// Relays hold chunks: a member's device hands the relay the chunks it wrote, and another member
// fetches them there while the author is offline; only members of the space store or fetch; a
// full quota is refused with a reason the author's device shows; the relay's chunk store keeps
// what it holds across a restart and drops it after the retention. Member Peers with the blob
// layer against RelaySessions over a real RelayStore and RelayChunkStore, in one process.
#include "net/relay_chunks.h"

#include <gtest/gtest.h>

#include <random>

#include "blob/profile_blob_stores.h"
#include "blob/sealed_chunk.h"
#include "direct_pair.h"
#include "net/relay_session.h"

namespace grove::test {
namespace {

namespace nv = grove::net::v1;
using platform::Bytes;
using platform::ByteView;
using platform::SpaceId;
using platform::blob::ProfileBlobStores;
using platform::blob::SpaceBlobStore;
using platform::net::RelayChunkLimits;
using platform::net::RelayChunkStore;
using platform::net::RelaySession;
using platform::net::RelayStore;

Bytes random_content(std::size_t size, unsigned seed) {
    Bytes out(size);
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i < size; i += 8) {
        auto v = rng();
        std::memcpy(out.data() + i, &v, std::min<std::size_t>(8, size - i));
    }
    return out;
}

struct RelayRig {
    TempDir dir;
    std::unique_ptr<RelayStore> store;
    std::unique_ptr<RelayChunkStore> chunks;
    std::mutex mutex;
    platform::net::RelayCounters counters;
    platform::net::RelayHub hub{[] {}};

    explicit RelayRig(RelayChunkLimits limits = {}) {
        auto s = RelayStore::open(dir.path() / "relay", {});
        EXPECT_TRUE(s.ok()) << s.error().message;
        store = std::move(s).value();
        auto c = RelayChunkStore::open(dir.path() / "relay", limits);
        EXPECT_TRUE(c.ok()) << c.error().message;
        chunks = std::move(c).value();
    }
    platform::net::RelayChunkUsage held(const SpaceId& space) const {
        auto u = chunks->usage();
        auto it = u.find(space);
        return it == u.end() ? platform::net::RelayChunkUsage{} : it->second;
    }
};

// Member devices' links to the relay, pumped on a thread of their own (as links are), with the
// anti-entropy tick every 50 ms; a link can be cut (its device goes offline).
class RelayLinks {
public:
    explicit RelayLinks(RelayRig& rig) : rig_(rig) {}
    ~RelayLinks() { stop(); }

    int link(platform::Peer& peer) {
        std::lock_guard lock(mutex_);
        auto l = std::make_unique<Link>(peer);
        Link* p = l.get();
        platform::net::SyncOptions options;
        options.remote_is_relay = true;
        p->member = std::make_unique<platform::net::SyncSession>(
            p->rep, platform::crypto::SigningKeyPair::generate().public_key,
            platform::crypto::random_array<32>(),
            [p](nv::LinkMessage&& m) { p->to_relay.push_back(std::move(m)); }, options);
        p->relay = std::make_unique<RelaySession>(
            *rig_.store, rig_.mutex, rig_.counters, p->rep.device(),
            [p](nv::LinkMessage&& m) { p->to_member.push_back(std::move(m)); }, [] {}, &rig_.hub,
            rig_.chunks.get());
        links_.push_back(std::move(l));
        return static_cast<int>(links_.size()) - 1;
    }
    void cut(int n) {
        std::lock_guard lock(mutex_);
        links_.at(n).reset();
    }
    void start() {
        running_ = true;
        thread_ = std::thread([this] {
            auto next_tick = std::chrono::steady_clock::now();
            while (running_) {
                const bool tick = std::chrono::steady_clock::now() >= next_tick;
                if (tick) next_tick += std::chrono::milliseconds(50);
                if (!round(tick)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
    }
    void stop() {
        running_ = false;
        if (thread_.joinable()) thread_.join();
    }

private:
    struct Link {
        explicit Link(platform::Peer& peer) : rep(peer) {}
        platform::Replicator rep;
        std::deque<nv::LinkMessage> to_relay, to_member;
        std::unique_ptr<platform::net::SyncSession> member;
        std::unique_ptr<RelaySession> relay;
    };
    bool round(bool tick) {
        std::lock_guard lock(mutex_);
        bool busy = false;
        for (auto& l : links_) {
            if (!l) continue;
            if (tick) l->member->tick();
            auto pm = l->member->pump();
            auto pr = l->relay->pump();
            EXPECT_TRUE(pm.ok() && pr.ok());
            busy = busy || (pm.ok() && *pm) || (pr.ok() && *pr) || !l->to_relay.empty() ||
                   !l->to_member.empty();
            while (!l->to_relay.empty()) {
                auto m = std::move(l->to_relay.front());
                l->to_relay.pop_front();
                EXPECT_TRUE(l->relay->handle_owned(std::move(m)).ok());
            }
            while (!l->to_member.empty()) {
                auto m = std::move(l->to_member.front());
                l->to_member.pop_front();
                EXPECT_TRUE(l->member->handle_owned(std::move(m)).ok());
            }
        }
        return busy;
    }

    RelayRig& rig_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Link>> links_;
    std::atomic<bool> running_{false};
    std::thread thread_;
};

// Ada created the space, Bob joined; both have the blob layer. They never link to each other
// again: whatever Bob gets from Ada comes through the relay.
struct TwoMembers {
    TestAccount ada = make_account("Ada"), bob = make_account("Bob");
    SpaceId sid{};

    TwoMembers() {
        platform::crypto::initialize();
        for (auto* a : {&ada, &bob}) ProfileBlobStores::attach(*a->peer);
        auto s = ada.peer->create_space("Files");
        EXPECT_TRUE(s.ok());
        sid = *platform::fixed_from<platform::kSpaceIdSize>(*platform::from_hex(s->id));
        auto inv =
            ada.peer->create_invitation(s->id, platform::Role::Participant, in_days(1), {"x:1"});
        EXPECT_TRUE(inv.ok());
        DirectPair link(*ada.peer, *bob.peer);
        EXPECT_TRUE(link.join(inv->code).ok());
        link.run();
    }
    SpaceBlobStore& store(TestAccount& a) { return **ProfileBlobStores::of(*a.peer)->store(sid); }
    platform::blob::ChunkExchangeStats stats(TestAccount& a) {
        return ProfileBlobStores::of(*a.peer)->exchange().stats();
    }
    sdk::BlobManifest write(TestAccount& a, const Bytes& content) {
        std::size_t at = 0;
        auto m = store(a).write(
            [&](std::span<std::uint8_t> buf) -> Result<std::size_t> {
                std::size_t n = std::min(buf.size(), content.size() - at);
                std::memcpy(buf.data(), content.data() + at, n);
                at += n;
                return n;
            },
            content.size(), {});
        EXPECT_TRUE(m.ok()) << m.error().message;
        return *m;
    }
    Result<Bytes> read(TestAccount& a, const sdk::BlobManifest& m) {
        Bytes out;
        auto r = store(a).read(m,
                               [&](ByteView b) -> Result<void> {
                                   out.insert(out.end(), b.begin(), b.end());
                                   return {};
                               },
                               {});
        if (!r.ok()) return r.error();
        return out;
    }
};

TEST(RelayChunks, AFileSharedByAMemberNowOfflineArrivesThroughTheRelay) {
    TwoMembers t;
    RelayRig rig;
    const Bytes content = random_content(12 << 20, 11);
    auto manifest = t.write(t.ada, content);
    ASSERT_GE(manifest.chunks.size(), 5u);

    RelayLinks links(rig);
    const int ada = links.link(*t.ada.peer);
    links.start();
    ASSERT_TRUE(wait_until([&] { return t.stats(t.ada).chunks_pushed == manifest.chunks.size(); },
                           std::chrono::seconds(120)))
        << "the relay holds " << rig.held(t.sid).chunks << " of " << manifest.chunks.size()
        << " chunks; Ada's device says: " << t.stats(t.ada).push_problem;
    EXPECT_EQ(rig.held(t.sid).chunks, manifest.chunks.size());
    links.cut(ada);  // Ada goes offline

    links.link(*t.bob.peer);
    auto at_bob = t.read(t.bob, manifest);
    ASSERT_TRUE(at_bob.ok()) << at_bob.error().message;
    EXPECT_EQ(*at_bob, content);
    EXPECT_EQ(t.stats(t.bob).chunks_fetched, manifest.chunks.size());
    // Nothing at the relay is in the clear: every file is a sealed chunk.
    links.stop();
}

TEST(RelayChunks, ADeviceOutsideTheSpaceCanNeitherStoreNorFetchChunks) {
    TwoMembers t;
    RelayRig rig;
    auto manifest = t.write(t.ada, random_content(3 << 20, 12));
    RelayLinks links(rig);
    links.link(*t.ada.peer);
    links.start();
    ASSERT_TRUE(wait_until([&] { return rig.held(t.sid).chunks == manifest.chunks.size(); },
                           std::chrono::seconds(120)));
    links.stop();
    const auto before = rig.held(t.sid);
    const auto refused_before = rig.chunks->refused_not_member.load();

    // Eve authenticated her link with a key of her own; she is in no roster of the space.
    std::vector<nv::LinkMessage> received;
    RelaySession eve(
        *rig.store, rig.mutex, rig.counters,
        platform::crypto::SigningKeyPair::generate().public_key,
        [&](nv::LinkMessage&& m) { received.push_back(std::move(m)); }, [] {}, &rig.hub,
        rig.chunks.get());
    const std::string space = platform::to_string(ByteView(t.sid));
    const auto& first = manifest.chunks.front().id;
    const std::string id(reinterpret_cast<const char*>(first.data()), first.size());
    nv::LinkMessage have;
    have.mutable_chunk_have()->set_space_id(space);
    have.mutable_chunk_have()->set_request(1);
    have.mutable_chunk_have()->add_ids(id);
    nv::LinkMessage want;
    want.mutable_chunk_want()->set_space_id(space);
    want.mutable_chunk_want()->set_id(id);
    want.mutable_chunk_want()->set_request(2);
    nv::LinkMessage put;
    auto* p = put.mutable_chunk_put();
    p->set_space_id(space);
    p->set_id(std::string(32, 'e'));
    p->set_request(3);
    p->set_data("GRVB" + std::string(1000, 'x'));
    p->set_sealed_size(1004);
    p->set_last(true);
    for (auto* m : {&have, &want, &put}) ASSERT_TRUE(eve.handle_owned(std::move(*m)).ok());
    ASSERT_TRUE(eve.pump().ok());

    std::map<std::uint64_t, nv::ChunkRefusalReason> refused;
    for (const auto& m : received) {
        EXPECT_FALSE(m.has_chunk_held() || m.has_chunk_piece() || m.has_chunk_stored())
            << "the relay answered an outsider: " << m.ShortDebugString().substr(0, 200);
        if (m.has_chunk_refused())
            refused[m.chunk_refused().request()] = m.chunk_refused().reason();
    }
    for (std::uint64_t r : {1, 2, 3})
        EXPECT_EQ(refused[r], nv::CHUNK_NOT_MEMBER) << "request " << r;
    EXPECT_EQ(rig.held(t.sid).chunks, before.chunks) << "the relay stored an outsider's chunk";
    EXPECT_EQ(rig.chunks->refused_not_member.load() - refused_before, 3u);
}

// Bob was removed; the file Ada shares afterwards reaches the relay, and Bob's device, still
// holding a link to the relay, is refused every chunk of it (the relay's roster no longer names
// him), and his read fails.
TEST(RelayChunks, ARemovedMemberCannotFetchChunksFromTheRelay) {
    TwoMembers t;
    RelayRig rig;
    const std::string space_hex = platform::to_hex(ByteView(t.sid));
    ASSERT_TRUE(t.ada.peer->remove_member(space_hex, "Bob").ok());
    auto manifest = t.write(t.ada, random_content(3 << 20, 14));
    RelayLinks links(rig);
    const int ada = links.link(*t.ada.peer);
    links.start();
    const auto bob_device = platform::Replicator(*t.bob.peer).device();
    ASSERT_TRUE(wait_until(
        [&] {
            auto check = rig.store->check_member(t.sid, bob_device);
            return check.has_roster && !check.admitted &&
                   t.stats(t.ada).chunks_pushed == manifest.chunks.size();
        },
        std::chrono::seconds(120)));
    links.cut(ada);

    std::vector<nv::LinkMessage> received;
    RelaySession bob(
        *rig.store, rig.mutex, rig.counters, bob_device,
        [&](nv::LinkMessage&& m) { received.push_back(std::move(m)); }, [] {}, &rig.hub,
        rig.chunks.get());
    const auto& first = manifest.chunks.front().id;
    nv::LinkMessage want;
    want.mutable_chunk_want()->set_space_id(platform::to_string(ByteView(t.sid)));
    want.mutable_chunk_want()->set_id(std::string(reinterpret_cast<const char*>(first.data()), 32));
    want.mutable_chunk_want()->set_request(9);
    ASSERT_TRUE(bob.handle_owned(std::move(want)).ok());
    ASSERT_TRUE(bob.pump().ok());
    ASSERT_EQ(received.size(), 1u);
    ASSERT_TRUE(received[0].has_chunk_refused());
    EXPECT_EQ(received[0].chunk_refused().reason(), nv::CHUNK_NOT_MEMBER);

    links.link(*t.bob.peer);  // his own device's link: the read finds no source
    auto at_bob = t.read(t.bob, manifest);
    EXPECT_FALSE(at_bob.ok());
    EXPECT_EQ(t.stats(t.bob).chunks_fetched, 0u);
    links.stop();
}

TEST(RelayChunks, AFullQuotaIsRefusedWithAReasonTheAuthorSees) {
    TwoMembers t;
    RelayChunkLimits limits;
    limits.space_quota_bytes = 5 << 20;
    RelayRig rig(limits);
    auto manifest = t.write(t.ada, random_content(12 << 20, 13));
    RelayLinks links(rig);
    links.link(*t.ada.peer);
    links.start();
    ASSERT_TRUE(
        wait_until([&] { return t.stats(t.ada).pushes_refused > 0; }, std::chrono::seconds(120)));
    links.stop();
    const auto problem = t.stats(t.ada).push_problem;
    EXPECT_NE(problem.find("quota for this space's files is full"), std::string::npos) << problem;
    EXPECT_NE(problem.find("of 5 MiB"), std::string::npos) << problem;
    EXPECT_LE(rig.held(t.sid).bytes, limits.space_quota_bytes);
    EXPECT_GT(rig.held(t.sid).chunks, 0u);
    EXPECT_LT(rig.held(t.sid).chunks, manifest.chunks.size());
    EXPECT_GE(rig.chunks->refused_quota.load(), 1u);
}

TEST(RelayChunkStore, KeepsChunksAcrossARestartAndDropsThemAfterTheRetention) {
    TempDir dir;
    const SpaceId space = platform::crypto::random_array<platform::kSpaceIdSize>();
    sdk::BlobId id{};
    id.fill(7);
    const Bytes sealed(2000, 0x33);
    RelayChunkLimits limits;
    limits.retention = std::chrono::hours(24);
    {
        auto store = RelayChunkStore::open(dir.path(), limits);
        ASSERT_TRUE(store.ok()) << store.error().message;
        ASSERT_TRUE((*store)->reserve(space, sealed.size()).ok());
        ASSERT_TRUE((*store)->put(space, id, sealed).ok());
        (*store)->release(space, sealed.size());
    }
    auto store = RelayChunkStore::open(dir.path(), limits);
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_TRUE((*store)->contains(space, id));
    EXPECT_EQ((*store)->total().bytes, sealed.size());
    auto back = (*store)->read(space, id);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, sealed);
    const auto now = in_days(0);
    auto kept = (*store)->expire(now);
    ASSERT_TRUE(kept.ok());
    EXPECT_EQ(*kept, 0u);
    auto dropped = (*store)->expire(now + 25 * 3600 * 1000LL);
    ASSERT_TRUE(dropped.ok());
    EXPECT_EQ(*dropped, 1u);
    EXPECT_FALSE((*store)->contains(space, id));
    EXPECT_EQ((*store)->total().bytes, 0u);
}

}  // namespace
}  // namespace grove::test
