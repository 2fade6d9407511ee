#include <gtest/gtest.h>

#include <fstream>

#include "crypto/primitives.h"
#include "store/migrations.h"
#include "store/profile_store.h"
#include "test_support.h"

using namespace grove::platform;
using namespace grove::platform::store;

namespace {
StoredDelta make_delta(const Bytes& space, int i) {
    StoredDelta d;
    d.space_id = space;
    d.id = crypto::hash("t", to_bytes(std::to_string(i)));
    d.author = crypto::hash("author", to_bytes(std::to_string(i)));
    d.author_seq = 1;
    d.header = to_bytes("h" + std::to_string(i));
    d.nonce = Bytes(24, 7);
    d.ciphertext = to_bytes("c" + std::to_string(i));
    return d;
}
}  // namespace

TEST(Store, ReopenKeepsSpacesAndDeltasInOrder) {
    grove::test::TempDir dir;
    Bytes space(16, 1);
    {
        auto store = ProfileStore::open(dir.path() / "p.db");
        ASSERT_TRUE(store.ok()) << store.error().message;
        ASSERT_TRUE((*store)->add_space(space, 5).ok());
        std::vector<StoredDelta> batch;
        for (int i = 0; i < 50; ++i) batch.push_back(make_delta(space, i));
        ASSERT_TRUE((*store)->append_deltas(batch).ok());
    }
    auto store = ProfileStore::open(dir.path() / "p.db");
    ASSERT_TRUE(store.ok());
    auto spaces = (*store)->list_spaces();
    ASSERT_TRUE(spaces.ok());
    ASSERT_EQ(spaces->size(), 1u);
    int i = 0;
    auto r = (*store)->for_each_delta(space, [&](StoredDelta&& d) -> grove::Result<void> {
        EXPECT_EQ(to_string(d.header), "h" + std::to_string(i++));
        return {};
    });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(i, 50);
}

TEST(Store, DuplicateDeltaRollsBackTheWholeBatch) {
    grove::test::TempDir dir;
    Bytes space(16, 1);
    auto store = ProfileStore::open(dir.path() / "p.db");
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->add_space(space, 5).ok());
    std::vector<StoredDelta> batch{make_delta(space, 1), make_delta(space, 2), make_delta(space, 1)};
    auto r = (*store)->append_deltas(batch);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(*(*store)->count_deltas(space), 0u);
}

TEST(Store, MigrationsRunOnceAndRefuseNewerSchemas) {
    grove::test::TempDir dir;
    {
        auto db = Database::open(dir.path() / "m.db");
        ASSERT_TRUE(db.ok());
        std::vector<Migration> v1{{1, "one", "CREATE TABLE a(x);"}};
        ASSERT_TRUE(migrate(**db, v1).ok());
        ASSERT_TRUE(migrate(**db, v1).ok());  // idempotent
        std::vector<Migration> v2{{1, "one", "CREATE TABLE a(x);"},
                                  {2, "two", "ALTER TABLE a ADD COLUMN y;"}};
        ASSERT_TRUE(migrate(**db, v2).ok());
        EXPECT_EQ((*db)->user_version(), 2);
        auto bad = migrate(**db, v1);
        ASSERT_FALSE(bad.ok());
        EXPECT_EQ(bad.error().code, grove::ErrorCode::FailedPrecondition);
    }
}

TEST(Store, FailedMigrationLeavesTheVersion) {
    grove::test::TempDir dir;
    auto db = Database::open(dir.path() / "m.db");
    ASSERT_TRUE(db.ok());
    std::vector<Migration> ms{{1, "one", "CREATE TABLE a(x);"}, {2, "broken", "NOT SQL;"}};
    EXPECT_FALSE(migrate(**db, ms).ok());
    EXPECT_EQ((*db)->user_version(), 1);
}

TEST(Store, GarbageFileIsDataLossAtOpen) {
    grove::test::TempDir dir;
    {
        std::ofstream f(dir.path() / "p.db", std::ios::binary);
        std::string junk(8192, 'x');
        f << "SQLite format 3" << junk;
    }
    auto store = ProfileStore::open(dir.path() / "p.db");
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, grove::ErrorCode::DataLoss) << store.error().message;
}

TEST(Store, TruncatedDatabaseIsDataLossAtOpen) {
    grove::test::TempDir dir;
    Bytes space(16, 1);
    {
        auto store = ProfileStore::open(dir.path() / "p.db");
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE((*store)->add_space(space, 5).ok());
        std::vector<StoredDelta> batch;
        for (int i = 0; i < 2000; ++i) batch.push_back(make_delta(space, i));
        ASSERT_TRUE((*store)->append_deltas(batch).ok());
        ASSERT_TRUE((*store)->database().exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    }
    auto size = std::filesystem::file_size(dir.path() / "p.db");
    std::filesystem::resize_file(dir.path() / "p.db", size / 2);
    auto store = ProfileStore::open(dir.path() / "p.db");
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, grove::ErrorCode::DataLoss) << store.error().message;
}
