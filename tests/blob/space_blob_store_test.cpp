// SpaceBlobStore: streaming round trips (200 MB and empty), deduplication across versions, epoch
// rotation, progress, references and garbage collection, cache eviction and pins.
#include <gtest/gtest.h>

#include "blob/sealed_chunk.h"
#include "blob_test_support.h"
#include "toolhost/memoryblobstore.h"

namespace grove::platform::blob {
namespace {

using test::FakeEpochKeys;
using test::GeneratedSource;
using test::StreamHash;
using test::TempDir;

class SpaceBlobStoreTest : public ::testing::Test {
protected:
    void SetUp() override { crypto::initialize(); }

    std::unique_ptr<SpaceBlobStore> open(SpaceBlobStore::Options options = {}) {
        if (options.root.empty()) options.root = dir.path() / "space";
        if (!options.clock_ms) options.clock_ms = [this] { return clock; };
        auto store = SpaceBlobStore::open(options, keys);
        EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().describe());
        return store.ok() ? std::move(*store) : nullptr;
    }
    static Bytes read_all(SpaceBlobStore& store, const sdk::BlobManifest& manifest) {
        Bytes out;
        auto r = store.read(manifest,
                            [&](ByteView b) -> Result<void> {
                                out.insert(out.end(), b.begin(), b.end());
                                return {};
                            },
                            {});
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
        return out;
    }
    static sdk::BlobManifest write_bytes(SpaceBlobStore& store, const Bytes& bytes) {
        auto m = store.write(test::bytes_source(bytes), bytes.size(), {});
        EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().describe());
        return m.ok() ? *m : sdk::BlobManifest{};
    }
    static Bytes generated(std::uint64_t size, std::uint64_t seed) {
        Bytes out(size);
        GeneratedSource source(size, seed);
        (void)source(out);
        return out;
    }
    static std::vector<sdk::BlobId> ids(const sdk::BlobManifest& m) {
        std::vector<sdk::BlobId> out;
        for (const auto& c : m.chunks) out.push_back(c.id);
        return out;
    }

    TempDir dir;
    std::shared_ptr<FakeEpochKeys> keys = std::make_shared<FakeEpochKeys>();
    std::int64_t clock = 1'000'000;
};

TEST_F(SpaceBlobStoreTest, LargeContentRoundTripsStreamedWithBoundedMemory) {
    auto store = open();
    constexpr std::uint64_t kSize = 200ull * 1000 * 1000;
    const double rss_before = test::peak_rss_mib();
    GeneratedSource source(kSize, 42);
    StreamHash written;
    auto manifest = store->write(
        [&](std::span<std::uint8_t> b) -> Result<std::size_t> {
            auto n = source(b);
            written.update(b.first(*n));
            return n;
        },
        kSize, {});
    ASSERT_TRUE(manifest.ok()) << manifest.error().describe();
    EXPECT_EQ(manifest->size, kSize);
    // Content-defined chunks of ~1 MiB: 200 MB gives well over 100 of them, none over 4 MiB.
    EXPECT_GT(manifest->chunks.size(), 100u);
    for (const auto& c : manifest->chunks) EXPECT_LE(c.size, sdk::BlobStore::kMaxChunkSize);

    StreamHash read;
    ASSERT_TRUE(store
                    ->read(*manifest,
                           [&](ByteView b) -> Result<void> {
                               read.update(b);
                               return {};
                           },
                           {})
                    .ok());
    EXPECT_EQ(read.size(), kSize);
    EXPECT_EQ(read.finish(), written.finish());
    // Streaming: the peak grew by a few chunk buffers, never by the content's size.
    EXPECT_LT(test::peak_rss_mib() - rss_before, 64.0);
}

TEST_F(SpaceBlobStoreTest, EmptyContentHasNoChunksAndReadsBackEmpty) {
    auto store = open();
    auto manifest = write_bytes(*store, {});
    EXPECT_EQ(manifest.size, 0u);
    EXPECT_TRUE(manifest.chunks.empty());
    int calls = 0;
    ASSERT_TRUE(store
                    ->read(manifest,
                           [&](ByteView) -> Result<void> {
                               ++calls;
                               return {};
                           },
                           {})
                    .ok());
    EXPECT_EQ(calls, 0);
}

TEST_F(SpaceBlobStoreTest, SmallContentIsOneChunkAndReadsBack) {
    auto store = open();
    Bytes bytes = to_bytes("hello, grove");
    auto manifest = write_bytes(*store, bytes);
    ASSERT_EQ(manifest.chunks.size(), 1u);
    EXPECT_EQ(read_all(*store, manifest), bytes);
    auto chunk = store->get(manifest.chunks[0].id);
    ASSERT_TRUE(chunk.ok());
    EXPECT_EQ(*chunk, bytes);
}

TEST_F(SpaceBlobStoreTest, AnEditedVersionSharesAllButTheEditedChunks) {
    auto store = open();
    Bytes v1 = generated(24 * 1024 * 1024, 7);
    Bytes v2 = v1;
    Bytes inserted = to_bytes("a paragraph inserted in the middle of the document");
    v2.insert(v2.begin() + 12 * 1024 * 1024, inserted.begin(), inserted.end());
    auto m1 = write_bytes(*store, v1);
    const auto usage1 = store->usage();
    auto m2 = write_bytes(*store, v2);
    EXPECT_EQ(read_all(*store, m2), v2);
    const auto m1_ids = ids(m1);
    std::set<sdk::BlobId> first(m1_ids.begin(), m1_ids.end());
    std::size_t fresh = 0;
    for (const auto& id : ids(m2)) fresh += first.count(id) == 0;
    // Content-defined boundaries resynchronise after the insertion: one or two new chunks.
    EXPECT_LE(fresh, 2u);
    EXPECT_GE(fresh, 1u);
    EXPECT_LE(store->usage().chunks, usage1.chunks + 2);
    // Storing the same content again stores nothing new.
    auto m3 = write_bytes(*store, v2);
    EXPECT_EQ(ids(m3), ids(m2));
}

TEST_F(SpaceBlobStoreTest, ProgressCountsUpToTheTotal) {
    auto store = open();
    Bytes bytes = generated(9 * 1024 * 1024, 3);
    std::vector<sdk::BlobProgress> seen;
    auto m = store->write(test::bytes_source(bytes), bytes.size(),
                          [&](const sdk::BlobProgress& p) { seen.push_back(p); });
    ASSERT_TRUE(m.ok());
    ASSERT_EQ(seen.size(), m->chunks.size());
    for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i].done, seen[i - 1].done);
    EXPECT_EQ(seen.back().done, bytes.size());
    EXPECT_EQ(seen.back().total, bytes.size());
    seen.clear();
    ASSERT_TRUE(store
                    ->read(
                        *m, [](ByteView) -> Result<void> { return {}; },
                        [&](const sdk::BlobProgress& p) { seen.push_back(p); })
                    .ok());
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back().done, bytes.size());
    EXPECT_EQ(seen.back().total, bytes.size());
}

TEST_F(SpaceBlobStoreTest, ChunksWrittenBeforeARotationStillReadAndNewOnesNeedTheNewKey) {
    auto store = open();
    Bytes bytes = generated(3 * 1024 * 1024, 11);
    auto before = write_bytes(*store, bytes);
    keys->rotate(7);
    EXPECT_EQ(read_all(*store, before), bytes);
    auto after = write_bytes(*store, bytes);
    // Same bytes, new epoch: new names and new ciphertext (nothing the old key opens).
    const auto before_ids = ids(before);
    for (const auto& id : ids(after))
        EXPECT_EQ(std::count(before_ids.begin(), before_ids.end(), id), 0);
    auto sealed = store->sealed(after.chunks[0].id);
    ASSERT_TRUE(sealed.ok());
    EXPECT_EQ(*sealed_epoch(*sealed), 7u);

    // A removed member's device: it holds epoch 1 but never got epoch 7.
    auto removed = std::make_shared<FakeEpochKeys>();
    removed->copy_from(*keys);
    removed->forget(7);
    auto other = SpaceBlobStore::open({.root = dir.path() / "removed"}, removed);
    ASSERT_TRUE(other.ok());
    auto accepted = (*other)->accept_sealed(after.chunks[0].id, *sealed);
    ASSERT_FALSE(accepted.ok());
    EXPECT_EQ(accepted.error().code, ErrorCode::FailedPrecondition);
    EXPECT_FALSE((*other)->contains(after.chunks[0].id));
}

TEST_F(SpaceBlobStoreTest, AnotherMembersDeviceAcceptsVerifiedChunksAndRefusesWrongOnes) {
    auto a = open();
    Bytes bytes = generated(6 * 1024 * 1024, 5);
    auto m = write_bytes(*a, bytes);
    ASSERT_GE(m.chunks.size(), 2u);
    auto b_keys = std::make_shared<FakeEpochKeys>();
    b_keys->copy_from(*keys);
    auto b = SpaceBlobStore::open({.root = dir.path() / "b"}, b_keys);
    ASSERT_TRUE(b.ok());
    // A hostile source serves chunk 1's bytes as chunk 0: refused, nothing stored.
    auto wrong = (*b)->accept_sealed(m.chunks[0].id, *a->sealed(m.chunks[1].id));
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::DataLoss);
    EXPECT_FALSE((*b)->contains(m.chunks[0].id));
    for (const auto& c : m.chunks) ASSERT_TRUE((*b)->accept_sealed(c.id, *a->sealed(c.id)).ok());
    EXPECT_EQ(read_all(**b, m), bytes);
}

TEST_F(SpaceBlobStoreTest, GarbageCollectionRemovesOnlyChunksNoHolderRefersTo) {
    auto store = open();
    Bytes shared = generated(2 * 1024 * 1024, 1);
    auto kept = write_bytes(*store, shared);
    Bytes other = generated(2 * 1024 * 1024, 2);
    auto dropped = write_bytes(*store, other);
    ASSERT_TRUE(store->retain("version-1", ids(kept)).ok());
    ASSERT_TRUE(store->retain("version-1", ids(kept)).ok());  // idempotent
    ASSERT_TRUE(store->retain("version-2", ids(kept)).ok());
    EXPECT_EQ(store->reference_count(kept.chunks[0].id), 2);

    // Within the grace period nothing goes: the tool may not have referred to it yet.
    auto early = store->collect_garbage();
    ASSERT_TRUE(early.ok());
    EXPECT_EQ(early->chunks, 0u);

    clock += 2 * 60 * 60 * 1000;
    auto collected = store->collect_garbage();
    ASSERT_TRUE(collected.ok());
    EXPECT_EQ(collected->chunks, dropped.chunks.size());
    for (const auto& id : ids(dropped)) EXPECT_FALSE(store->contains(id));
    EXPECT_EQ(read_all(*store, kept), shared);

    ASSERT_TRUE(store->release("version-1").ok());
    EXPECT_EQ(store->collect_garbage()->chunks, 0u);
    ASSERT_TRUE(store->release("version-2").ok());
    EXPECT_EQ(store->collect_garbage()->chunks, kept.chunks.size());
    EXPECT_EQ(store->usage().chunks, 0u);
}

TEST_F(SpaceBlobStoreTest, ReferencesSurviveReopening) {
    sdk::BlobManifest m;
    {
        auto store = open();
        m = write_bytes(*store, generated(1024 * 1024, 9));
        ASSERT_TRUE(store->retain("v", ids(m)).ok());
    }
    clock += 24 * 60 * 60 * 1000;
    auto store = open();
    EXPECT_EQ(store->collect_garbage()->chunks, 0u);
    EXPECT_TRUE(store->contains(m.chunks[0].id));
}

TEST_F(SpaceBlobStoreTest, CacheEvictsFetchedChunksLeastRecentlyUsedFirstAndKeepsPins) {
    auto author = open();
    std::vector<sdk::BlobManifest> files;
    for (int i = 0; i < 4; ++i)
        files.push_back(write_bytes(*author, generated(200 * 1024, 100 + i)));
    const std::uint64_t chunk_bytes = 200 * 1024 + kSealOverhead;

    auto b_keys = std::make_shared<FakeEpochKeys>();
    b_keys->copy_from(*keys);
    // Room for three fetched chunks.
    auto reader = SpaceBlobStore::open(
        {.root = dir.path() / "reader", .cache_limit_bytes = 3 * chunk_bytes}, b_keys);
    ASSERT_TRUE(reader.ok());
    auto& b = **reader;
    // The reader's own upload is never evicted, whatever the limit.
    auto own = write_bytes(b, generated(100 * 1024, 77));
    const std::uint64_t own_bytes = 100 * 1024 + kSealOverhead;
    auto accept = [&](int i) {
        ASSERT_TRUE(
            b.accept_sealed(files[i].chunks[0].id, *author->sealed(files[i].chunks[0].id)).ok());
    };
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(b.retain("file-" + std::to_string(i), ids(files[i])).ok());
    ASSERT_TRUE(b.keep_offline("file-0", true).ok());
    accept(0);
    accept(1);
    // file-2 arrives (over the limit with the own upload: file-1 is the least recently used
    // unpinned chunk and goes).
    accept(2);
    EXPECT_TRUE(b.contains(files[0].chunks[0].id));   // pinned
    EXPECT_FALSE(b.contains(files[1].chunks[0].id));  // evicted
    EXPECT_TRUE(b.contains(files[2].chunks[0].id));
    EXPECT_TRUE(b.contains(own.chunks[0].id));
    EXPECT_EQ(b.missing("file-1"), ids(files[1]));
    // file-3 arrives: file-2 is now the least recently used unpinned chunk and goes.
    accept(3);
    EXPECT_FALSE(b.contains(files[2].chunks[0].id));
    EXPECT_TRUE(b.contains(files[3].chunks[0].id));
    EXPECT_LE(b.usage().bytes, 3 * chunk_bytes + own_bytes);
    EXPECT_TRUE(b.contains(files[0].chunks[0].id));
    EXPECT_TRUE(b.contains(own.chunks[0].id));
    // Unpinning lets the pinned chunk go the same way.
    ASSERT_TRUE(b.keep_offline("file-0", false).ok());
    accept(1);
    EXPECT_FALSE(b.contains(files[0].chunks[0].id));
    EXPECT_TRUE(b.contains(files[1].chunks[0].id));
}

TEST_F(SpaceBlobStoreTest, LeastRecentlyUsedOrderFollowsReads) {
    auto author = open();
    std::vector<sdk::BlobManifest> files;
    for (int i = 0; i < 3; ++i)
        files.push_back(write_bytes(*author, generated(64 * 1024, 300 + i)));
    const std::uint64_t chunk_bytes = 64 * 1024 + kSealOverhead;
    auto b_keys = std::make_shared<FakeEpochKeys>();
    b_keys->copy_from(*keys);
    auto reader = SpaceBlobStore::open(
        {.root = dir.path() / "reader", .cache_limit_bytes = 2 * chunk_bytes}, b_keys);
    ASSERT_TRUE(reader.ok());
    auto& b = **reader;
    auto id = [&](int i) { return files[i].chunks[0].id; };
    ASSERT_TRUE(b.accept_sealed(id(0), *author->sealed(id(0))).ok());
    ASSERT_TRUE(b.accept_sealed(id(1), *author->sealed(id(1))).ok());
    ASSERT_TRUE(b.get(id(0)).ok());  // 0 is now more recent than 1
    ASSERT_TRUE(b.accept_sealed(id(2), *author->sealed(id(2))).ok());
    EXPECT_TRUE(b.contains(id(0)));
    EXPECT_FALSE(b.contains(id(1)));
    EXPECT_TRUE(b.contains(id(2)));
}

TEST_F(SpaceBlobStoreTest, ChunkApiRefusesOversizedChunksAndFetchSaysUnavailable) {
    auto store = open();
    Bytes big(sdk::BlobStore::kMaxChunkSize + 1);
    auto put = store->put(big);
    ASSERT_FALSE(put.ok());
    EXPECT_EQ(put.error().code, ErrorCode::InvalidArgument);
    auto id = store->put(to_bytes("chunk"));
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(*store->put(to_bytes("chunk")), *id);
    bool called = false;
    store->fetch(*id, [&](Result<sdk::Bytes> r) {
        called = true;
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(*r, to_bytes("chunk"));
    });
    EXPECT_TRUE(called);
    sdk::BlobId unknown{};
    unknown[0] = 1;
    store->fetch(unknown, [](Result<sdk::Bytes> r) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
    });
    auto missing = store->get(unknown);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

// The SDK's default write()/read() let a host store without streaming support (the in-memory one)
// serve tools built for the streaming API.
TEST(SdkBlobStoreDefaults, MemoryStoreStreamsThroughTheDefaults) {
    crypto::initialize();
    MemoryBlobStore memory;
    Bytes bytes(3 * 1024 * 1024 + 5);
    GeneratedSource(bytes.size(), 8)(bytes);
    std::uint64_t last = 0;
    auto m = memory.write(test::bytes_source(bytes), bytes.size(),
                          [&](const sdk::BlobProgress& p) { last = p.done; });
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->size, bytes.size());
    EXPECT_EQ(last, bytes.size());
    Bytes out;
    ASSERT_TRUE(memory
                    .read(*m,
                          [&](ByteView b) -> Result<void> {
                              out.insert(out.end(), b.begin(), b.end());
                              return {};
                          },
                          {})
                    .ok());
    EXPECT_EQ(out, bytes);
}

}  // namespace
}  // namespace grove::platform::blob
