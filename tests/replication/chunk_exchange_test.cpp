// Chunks across links, several peers in one process: a read fetches what it lacks from every
// member device holding it, in parallel; wrong bytes from one source are rejected and another
// source used; an interrupted transfer resumes from the chunks already held.
#include "blob/chunk_exchange.h"

#include <gtest/gtest.h>

#include <random>

#include "blob/profile_blob_stores.h"
#include "chunk_mesh.h"
#include "core/invitation_code.h"
#include "direct_pair.h"

namespace grove::test {
namespace {

using platform::Bytes;
using platform::ByteView;
using platform::blob::ChunkExchangeOptions;
using platform::blob::ProfileBlobStores;
using platform::blob::SpaceBlobStore;

Bytes random_content(std::size_t size, unsigned seed) {
    Bytes out(size);
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i < size; i += 8) {
        auto v = rng();
        std::memcpy(out.data() + i, &v, std::min<std::size_t>(8, size - i));
    }
    return out;
}

// Ada created the space; Bob and Cy joined. Each has the blob layer attached.
struct ThreeMembers {
    TestAccount ada = make_account("Ada"), bob = make_account("Bob"), cy = make_account("Cy");
    platform::SpaceId sid{};
    std::string space;

    explicit ThreeMembers(ChunkExchangeOptions options = {}) {
        platform::crypto::initialize();
        for (auto* a : {&ada, &bob, &cy}) ProfileBlobStores::attach(*a->peer, {}, options);
        auto s = ada.peer->create_space("Files");
        EXPECT_TRUE(s.ok());
        space = s->id;
        sid = *platform::fixed_from<platform::kSpaceIdSize>(*platform::from_hex(space));
        for (auto* who : {&bob, &cy}) {
            auto inv = ada.peer->create_invitation(space, platform::Role::Participant, in_days(1),
                                                   {"x:1"});
            EXPECT_TRUE(inv.ok());
            DirectPair link(*ada.peer, *who->peer);
            EXPECT_TRUE(link.join(inv->code).ok());
            link.run();
        }
        DirectPair ab(*ada.peer, *bob.peer);  // Bob learns that Cy joined after him
        ab.run();
    }
    SpaceBlobStore& store(TestAccount& a) { return **ProfileBlobStores::of(*a.peer)->store(sid); }
    platform::blob::ChunkExchange& exchange(TestAccount& a) {
        return ProfileBlobStores::of(*a.peer)->exchange();
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

sdk::BlobManifest write(SpaceBlobStore& store, const Bytes& content) {
    std::size_t at = 0;
    auto m = store.write(
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

TEST(ChunkExchange, AReadFetchesWhatItLacksFromEveryMemberHoldingIt) {
    ThreeMembers t;
    const Bytes content = random_content(24 << 20, 1);
    auto manifest = write(t.store(t.ada), content);
    ASSERT_GE(manifest.chunks.size(), 10u);

    ChunkMesh mesh;
    mesh.link(*t.ada.peer, *t.bob.peer);
    mesh.start();
    auto at_bob = t.read(t.bob, manifest);  // Bob has only Ada to fetch from
    ASSERT_TRUE(at_bob.ok()) << at_bob.error().message;
    EXPECT_EQ(*at_bob, content);
    mesh.stop();

    // Cy reaches both: the chunks come from the two of them.
    ChunkMesh both;
    both.link(*t.ada.peer, *t.cy.peer);
    both.link(*t.bob.peer, *t.cy.peer);
    const auto ada_before = t.exchange(t.ada).stats().chunks_served;
    const auto bob_before = t.exchange(t.bob).stats().chunks_served;
    both.start();
    auto at_cy = t.read(t.cy, manifest);
    ASSERT_TRUE(at_cy.ok()) << at_cy.error().message;
    EXPECT_EQ(*at_cy, content);
    both.stop();
    const auto from_ada = t.exchange(t.ada).stats().chunks_served - ada_before;
    const auto from_bob = t.exchange(t.bob).stats().chunks_served - bob_before;
    EXPECT_GT(from_ada, 0u);
    EXPECT_GT(from_bob, 0u) << "Bob refused " << t.exchange(t.bob).stats().refused_not_member
                            << "; Bob sees Cy: "
                            << platform::Replicator(*t.bob.peer)
                                   .is_active_device(t.sid,
                                                     platform::Replicator(*t.cy.peer).device())
                            << "; Cy sees Bob: "
                            << platform::Replicator(*t.cy.peer)
                                   .is_active_device(t.sid,
                                                     platform::Replicator(*t.bob.peer).device());
    EXPECT_EQ(from_ada + from_bob, manifest.chunks.size());
    EXPECT_EQ(t.exchange(t.cy).stats().chunks_fetched, manifest.chunks.size());
}

TEST(ChunkExchange, WrongBytesFromOneSourceAreRejectedAndAnotherSourceServes) {
    ThreeMembers t;
    const Bytes content = random_content(8 << 20, 2);
    auto manifest = write(t.store(t.ada), content);
    for (const auto& c : manifest.chunks)  // Bob holds every chunk too
        ASSERT_TRUE(t.store(t.bob).accept_sealed(c.id, *t.store(t.ada).sealed(c.id)).ok());

    ChunkMesh mesh;
    mesh.link(*t.ada.peer, *t.cy.peer);
    mesh.link(*t.bob.peer, *t.cy.peer);
    platform::Peer* bob = t.bob.peer.get();
    mesh.set_filter([bob](const platform::Peer& from, grove::net::v1::LinkMessage& m) {
        if (&from == bob && m.has_chunk_piece() && !m.chunk_piece().data().empty())
            (*m.mutable_chunk_piece()->mutable_data())[0] ^= 0x5a;  // Bob serves wrong bytes
        return true;
    });
    mesh.start();
    auto at_cy = t.read(t.cy, manifest);
    ASSERT_TRUE(at_cy.ok()) << at_cy.error().message;
    EXPECT_EQ(*at_cy, content);
    mesh.stop();
    EXPECT_GE(t.exchange(t.cy).stats().rejected_chunks, 1u);
}

TEST(ChunkExchange, AnInterruptedTransferResumesFromTheChunksAlreadyHeld) {
    ChunkExchangeOptions quick;
    quick.idle_timeout = std::chrono::milliseconds(800);
    quick.unreachable_after = std::chrono::milliseconds(300);
    quick.wants_per_source = 1;
    ThreeMembers t(quick);
    const Bytes content = random_content(16 << 20, 3);
    auto manifest = write(t.store(t.ada), content);
    const std::size_t chunks = manifest.chunks.size();
    ASSERT_GE(chunks, 8u);

    // The link carries three chunks, then nothing more arrives (a dropped connection).
    std::atomic<int> pieces_finished{0};
    ChunkMesh mesh;
    int link = mesh.link(*t.ada.peer, *t.bob.peer);
    mesh.set_filter([&](const platform::Peer&, grove::net::v1::LinkMessage& m) {
        if (!m.has_chunk_piece()) return true;
        if (pieces_finished >= 3) return false;
        if (m.chunk_piece().last()) ++pieces_finished;
        return true;
    });
    mesh.start();
    auto first = t.read(t.bob, manifest);
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error().code, ErrorCode::Unavailable) << first.error().message;
    mesh.stop();
    mesh.cut(link);
    EXPECT_EQ(t.exchange(t.bob).stats().chunks_fetched, 3u);

    // A new link: only the rest crosses.
    const auto served_before = t.exchange(t.ada).stats().chunks_served;
    ChunkMesh again;
    again.link(*t.ada.peer, *t.bob.peer);
    again.start();
    auto second = t.read(t.bob, manifest);
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(*second, content);
    again.stop();
    EXPECT_EQ(t.exchange(t.ada).stats().chunks_served - served_before, chunks - 3);
}

TEST(ChunkExchange, NoConnectedHolderFailsWithUnavailable) {
    ChunkExchangeOptions quick;
    quick.unreachable_after = std::chrono::milliseconds(200);
    ThreeMembers t(quick);
    auto manifest = write(t.store(t.ada), random_content(1 << 20, 4));
    ChunkMesh mesh;
    mesh.link(*t.bob.peer, *t.cy.peer);  // neither holds it; Ada is not linked
    mesh.start();
    auto r = t.read(t.cy, manifest);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
}

}  // namespace
}  // namespace grove::test
