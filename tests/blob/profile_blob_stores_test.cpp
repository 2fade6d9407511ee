// ProfileBlobStores over a real Peer: a tool instance's BlobStore is the space's on-disk store
// under the profile, sealed with the space's epoch key, and unusable while the account is locked.
#include "blob/profile_blob_stores.h"

#include <gtest/gtest.h>

#include "blob_test_support.h"
#include "core/core_instance_bridge.h"
#include "core/space_journal.h"

namespace grove::platform::blob {
namespace {

TEST(ProfileBlobStores, ToolInstancesStoreContentUnderTheProfileWithTheSpacesKeys) {
    crypto::initialize();
    test::TempDir dir;
    auto peer = std::move(Peer::open(dir.path() / "profile")).value();
    ASSERT_TRUE(peer->create_account("Ada", "correct horse battery").ok());
    auto space = peer->create_space("Files");
    ASSERT_TRUE(space.ok());
    InstanceAddress address;
    ASSERT_TRUE(grove::sdk::from_hex(space->id, address.space));

    CoreInstanceBridge before(*peer, address);
    EXPECT_EQ(before.blobs(), nullptr);  // no blob layer: the host's in-memory fallback
    ProfileBlobStores::attach(*peer);
    CoreInstanceBridge bridge(*peer, address);
    sdk::BlobStore* store = bridge.blobs();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store, bridge.blobs());

    Bytes content(3 * 1024 * 1024 + 17);
    test::GeneratedSource(content.size(), 21)(content);
    auto manifest = store->write(test::bytes_source(content), content.size(), {});
    ASSERT_TRUE(manifest.ok()) << manifest.error().describe();
    ASSERT_TRUE(store->retain("version", {manifest->chunks[0].id}).ok());
    const auto root = dir.path() / "profile" / "blobs" / space->id;
    EXPECT_TRUE(std::filesystem::exists(root / "index.db"));
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root / "chunks"))
        files += e.is_regular_file();
    EXPECT_EQ(files, manifest->chunks.size());

    // Locked: nothing can be sealed or opened.
    ASSERT_TRUE(peer->lock().ok());
    auto locked = store->get(manifest->chunks[0].id);
    ASSERT_FALSE(locked.ok());
    EXPECT_EQ(locked.error().code, ErrorCode::FailedPrecondition);
    EXPECT_FALSE(store->put(to_bytes("x")).ok());

    ASSERT_TRUE(peer->unlock("correct horse battery").ok());
    Bytes out;
    ASSERT_TRUE(store
                    ->read(*manifest,
                           [&](ByteView b) -> Result<void> {
                               out.insert(out.end(), b.begin(), b.end());
                               return {};
                           },
                           {})
                    .ok());
    EXPECT_EQ(out, content);
}

TEST(ProfileBlobStores, OpeningAStoreCollectsChunksNoVersionRefersTo) {
    crypto::initialize();
    test::TempDir dir;
    sdk::BlobManifest kept, dropped;
    InstanceAddress address;
    {
        auto peer = std::move(Peer::open(dir.path() / "profile")).value();
        ASSERT_TRUE(peer->create_account("Ada", "correct horse battery").ok());
        auto space = peer->create_space("Files");
        ASSERT_TRUE(space.ok());
        ASSERT_TRUE(grove::sdk::from_hex(space->id, address.space));
        ProfileBlobStores::attach(*peer, {.gc_grace_ms = 0});
        sdk::BlobStore* store = CoreInstanceBridge(*peer, address).blobs();
        Bytes a(300 * 1024, 1), b(300 * 1024, 2);
        kept = *store->write(test::bytes_source(a), a.size(), {});
        dropped = *store->write(test::bytes_source(b), b.size(), {});
        ASSERT_TRUE(store->retain("v1", {kept.chunks[0].id}).ok());
    }
    auto peer = std::move(Peer::open(dir.path() / "profile")).value();
    ASSERT_TRUE(peer->unlock("correct horse battery").ok());
    ProfileBlobStores::attach(*peer, {.gc_grace_ms = 0});
    sdk::BlobStore* store = CoreInstanceBridge(*peer, address).blobs();
    EXPECT_TRUE(store->contains(kept.chunks[0].id));
    EXPECT_FALSE(store->contains(dropped.chunks[0].id));
}

}  // namespace
}  // namespace grove::platform::blob
