// Who may fetch a space's chunks over a link: a device that is not a member, and a member's
// device after its removal, ask a holder directly and are refused; a forged chunk is rejected
// and nothing of it is stored.
#include <gtest/gtest.h>

#include "../replication/chunk_mesh.h"
#include "blob/profile_blob_stores.h"
#include "security_support.h"

namespace grove::test {
namespace {

namespace nv = grove::net::v1;
using platform::blob::ChunkExchangeOptions;
using platform::blob::ProfileBlobStores;
using platform::blob::SpaceBlobStore;

SpaceBlobStore& blobs(Account& a, const SpaceId& sid) {
    return **ProfileBlobStores::of(*a.peer)->store(sid);
}

sdk::BlobManifest store_content(SpaceBlobStore& store, std::size_t size, std::uint8_t fill) {
    Bytes content(size);
    for (std::size_t i = 0; i < size; ++i) content[i] = static_cast<std::uint8_t>(fill + i * 31);
    std::size_t at = 0;
    auto m = store.write(
        [&](std::span<std::uint8_t> buf) -> Result<std::size_t> {
            std::size_t n = std::min(buf.size(), content.size() - at);
            std::memcpy(buf.data(), content.data() + at, n);
            at += n;
            return n;
        },
        size, {});
    EXPECT_TRUE(m.ok());
    return *m;
}

// Ada's side of a link to `asker`: what Ada answers to `requests` from it.
std::vector<nv::LinkMessage> answers_to(Peer& ada, Peer& asker,
                                        const std::vector<nv::LinkMessage>& requests) {
    Replicator ra(ada), rx(asker);
    std::vector<nv::LinkMessage> out;
    platform::net::SyncSession session(ra, rx.device(), crypto::random_array<32>(),
                                       [&](nv::LinkMessage&& m) { out.push_back(std::move(m)); });
    for (const auto& r : requests) EXPECT_TRUE(session.handle(r).ok());
    for (int i = 0; i < 8; ++i) (void)session.pump();
    return out;
}

std::vector<nv::LinkMessage> asks_for(const SpaceId& sid, const sdk::BlobId& id) {
    nv::LinkMessage want, have;
    want.mutable_chunk_want()->set_space_id(to_string(ByteView(sid)));
    want.mutable_chunk_want()->set_id(std::string(id.begin(), id.end()));
    want.mutable_chunk_want()->set_request(7);
    have.mutable_chunk_have()->set_space_id(to_string(ByteView(sid)));
    have.mutable_chunk_have()->add_ids(std::string(id.begin(), id.end()));
    have.mutable_chunk_have()->set_request(8);
    return {want, have};
}

struct Counted {
    int pieces = 0, held = 0, refused_not_member = 0;
};
Counted count(const std::vector<nv::LinkMessage>& messages) {
    Counted c;
    for (const auto& m : messages) {
        c.pieces += m.has_chunk_piece();
        c.held += m.has_chunk_held();
        c.refused_not_member +=
            m.has_chunk_refused() && m.chunk_refused().reason() == nv::CHUNK_NOT_MEMBER;
    }
    return c;
}

struct SharedSpace {
    Account ada = make_account("Ada"), bob = make_account("Bob");
    std::string space;
    SpaceId sid{};
    explicit SharedSpace(ChunkExchangeOptions options = {}) {
        ProfileBlobStores::attach(*ada.peer, {}, options);
        ProfileBlobStores::attach(*bob.peer, {}, options);
        auto s = ada.peer->create_space("Files");
        EXPECT_TRUE(s.ok());
        space = s->id;
        sid = space_id(space);
        auto inv =
            ada.peer->create_invitation(space, Role::Participant, wall_ms() + 86'400'000, {"x:1"});
        EXPECT_TRUE(inv.ok());
        DirectPair link(*ada.peer, *bob.peer);
        EXPECT_TRUE(link.join(inv->code).ok());
        link.run();
    }
};

TEST(ChunkAccess, ADeviceOutsideTheSpaceIsRefusedEveryChunk) {
    SharedSpace t;
    Account eve = make_account("Eve");
    ProfileBlobStores::attach(*eve.peer);
    auto manifest = store_content(blobs(t.ada, t.sid), 300 * 1024, 1);
    // Eve learnt the space id and a chunk id (say from a screenshot of a relay's log) and asks.
    auto answers = answers_to(*t.ada.peer, *eve.peer, asks_for(t.sid, manifest.chunks[0].id));
    auto c = count(answers);
    EXPECT_EQ(c.pieces, 0);
    EXPECT_EQ(c.held, 0);
    EXPECT_EQ(c.refused_not_member, 2);
    // The same requests from Bob, a member, are served: the refusal is about Eve.
    auto member =
        count(answers_to(*t.ada.peer, *t.bob.peer, asks_for(t.sid, manifest.chunks[0].id)));
    EXPECT_GE(member.pieces, 1);
    EXPECT_EQ(member.held, 1);
}

TEST(ChunkAccess, ARemovedMembersDeviceIsRefusedFromItsRemovalOn) {
    ChunkExchangeOptions quick;
    quick.unreachable_after = std::chrono::milliseconds(300);
    SharedSpace t(quick);
    auto before = store_content(blobs(t.ada, t.sid), 300 * 1024, 2);
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Bob").ok());
    auto after = store_content(blobs(t.ada, t.sid), 300 * 1024, 3);

    for (const auto* m : {&before, &after}) {
        auto c = count(answers_to(*t.ada.peer, *t.bob.peer, asks_for(t.sid, m->chunks[0].id)));
        EXPECT_EQ(c.pieces, 0);
        EXPECT_EQ(c.refused_not_member, 2);
    }
    // Bob's device, not yet told of its removal, tries through its own blob layer: nothing.
    ChunkMesh mesh;
    mesh.link(*t.ada.peer, *t.bob.peer);
    mesh.start();
    auto r = blobs(t.bob, t.sid).read(before, [](ByteView) -> Result<void> { return {}; }, {});
    mesh.stop();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Unavailable) << r.error().message;
    EXPECT_FALSE(blobs(t.bob, t.sid).contains(before.chunks[0].id));
    EXPECT_GE(ProfileBlobStores::of(*t.ada.peer)->exchange().stats().refused_not_member, 1u);
}

TEST(ChunkAccess, AForgedChunkIsRejectedAndNothingOfItStored) {
    ChunkExchangeOptions quick;
    quick.unreachable_after = std::chrono::milliseconds(300);
    SharedSpace t(quick);
    auto manifest = store_content(blobs(t.ada, t.sid), 300 * 1024, 4);
    // Ada's device is compromised: it serves other bytes of the right size under the id.
    ChunkMesh mesh;
    mesh.link(*t.ada.peer, *t.bob.peer);
    Peer* ada = t.ada.peer.get();
    mesh.set_filter([ada](const Peer& from, nv::LinkMessage& m) {
        if (&from == ada && m.has_chunk_piece())
            for (auto& byte : *m.mutable_chunk_piece()->mutable_data()) byte = 'F';
        return true;
    });
    mesh.start();
    auto r = blobs(t.bob, t.sid).read(manifest, [](ByteView) -> Result<void> { return {}; }, {});
    mesh.stop();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::DataLoss) << r.error().message;
    EXPECT_FALSE(blobs(t.bob, t.sid).contains(manifest.chunks[0].id));
    EXPECT_EQ(blobs(t.bob, t.sid).usage().chunks, 0u);
    EXPECT_GE(ProfileBlobStores::of(*t.bob.peer)->exchange().stats().rejected_chunks, 1u);
}

}  // namespace
}  // namespace grove::test
