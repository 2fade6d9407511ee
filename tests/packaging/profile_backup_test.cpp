// Profile backups: a live profile (a real account with a space, chat and a store being written)
// backs up consistently, restores elsewhere and opens with its passphrase; a wrong passphrase, a
// damaged or truncated archive, an occupied target or an existing archive file lose nothing.
#include "store/profile_backup.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <thread>

#include "core/peer.h"
#include "store/database.h"

namespace fs = std::filesystem;
using namespace grove::platform;
using grove::ErrorCode;

namespace {

constexpr const char* kAccountPass = "correct horse battery";
constexpr const char* kBackupPass = "backup passphrase";
// The cheapest Argon2id: these tests check the format, not the key derivation's cost.
const store::BackupKdf kFastKdf{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "grove-backup-XXXXXX").string();
        path_ = ::mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void write_all(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

std::int64_t count_rows(const fs::path& db_path) {
    auto db = store::Database::open(db_path);
    EXPECT_TRUE(db.ok());
    auto st = (*db)->prepare("SELECT count(*) FROM log");
    EXPECT_TRUE(st.ok());
    EXPECT_TRUE(*st->step());
    return st->column_int(0);
}

// A profile with a real account, a space and a chat message, plus a tool's store and a blob.
struct Fixture {
    TempDir root;
    fs::path profile = root.path() / "profile";
    std::string space_id;

    Fixture() {
        auto peer = Peer::open(profile);
        EXPECT_TRUE(peer.ok()) << peer.error().message;
        EXPECT_TRUE((*peer)->create_account("Ada", kAccountPass).ok());
        auto space = (*peer)->create_space("Plans");
        EXPECT_TRUE(space.ok());
        space_id = space->id;
        EXPECT_TRUE((*peer)->post_chat(space_id, "kept across machines").ok());
        fs::create_directories(profile / "tools");
        auto tool_db = store::Database::open(profile / "tools" / "notes.db");
        EXPECT_TRUE(tool_db.ok());
        EXPECT_TRUE((*tool_db)->exec("CREATE TABLE log(n INTEGER)").ok());
        write_all(profile / "blobs" / "ab" / "abcdef", std::string(3 << 20, 'x'));  // > one chunk
    }
};

TEST(ProfileBackup, ALiveProfileRestoresElsewhereAndOpensWithItsPassphrase) {
    Fixture f;
    // The tool's store keeps committing while the backup runs.
    std::atomic<bool> stop{false};
    std::atomic<std::int64_t> committed{0};
    std::thread writer([&] {
        auto db = store::Database::open(f.profile / "tools" / "notes.db");
        ASSERT_TRUE(db.ok());
        for (std::int64_t n = 1; !stop; ++n) {
            ASSERT_TRUE((*db)->exec("INSERT INTO log VALUES(" + std::to_string(n) + ")").ok());
            committed = n;
        }
    });
    while (committed < 50) std::this_thread::yield();
    const std::int64_t before = committed;
    const fs::path archive = f.root.path() / "profile.grovebak";
    auto made = store::create_backup(f.profile, archive, kBackupPass, kFastKdf);
    const std::int64_t after = committed;
    stop = true;
    writer.join();
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_GE(made->databases, 2u);  // grove.db and the tool's store at least; no -wal/-shm
    EXPECT_EQ(::access(archive.c_str(), F_OK), 0);
    EXPECT_EQ(fs::status(archive).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);

    auto checked = store::verify_backup(archive, kBackupPass);
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    EXPECT_EQ(checked->files, made->files);

    // "Another machine": a directory that never saw the profile.
    TempDir elsewhere;
    const fs::path restored = elsewhere.path() / "restored";
    auto back = store::restore_backup(archive, restored, kBackupPass);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->bytes, made->bytes);
    EXPECT_EQ(read_all(restored / "blobs" / "ab" / "abcdef"), std::string(3 << 20, 'x'));
    // The snapshot is one commit of the store: every row up to some point between start and end.
    const std::int64_t rows = count_rows(restored / "tools" / "notes.db");
    EXPECT_GE(rows, before);
    EXPECT_LE(rows, after);

    auto peer = Peer::open(restored);
    ASSERT_TRUE(peer.ok()) << peer.error().message;
    EXPECT_EQ((*peer)->unlock("wrong passphrase").error().code, ErrorCode::Unauthenticated);
    ASSERT_TRUE((*peer)->unlock(kAccountPass).ok());
    auto spaces = (*peer)->list_spaces();
    ASSERT_TRUE(spaces.ok());
    ASSERT_EQ(spaces->size(), 1u);
    EXPECT_EQ(spaces->front().id, f.space_id);
}

TEST(ProfileBackup, AWrongPassphraseRestoresNothing) {
    Fixture f;
    const fs::path archive = f.root.path() / "b";
    ASSERT_TRUE(store::create_backup(f.profile, archive, kBackupPass, kFastKdf).ok());
    const fs::path target = f.root.path() / "restored";
    auto r = store::restore_backup(archive, target, "not it");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Unauthenticated);
    EXPECT_FALSE(fs::exists(target));
    // Nothing left beside it either.
    for (const auto& e : fs::directory_iterator(f.root.path()))
        EXPECT_EQ(e.path().filename().string().find(".restored.restoring"), std::string::npos);
}

TEST(ProfileBackup, ADamagedOrTruncatedArchiveIsRefusedWhole) {
    Fixture f;
    const fs::path archive = f.root.path() / "b";
    ASSERT_TRUE(store::create_backup(f.profile, archive, kBackupPass, kFastKdf).ok());
    const std::string good = read_all(archive);

    std::string flipped = good;
    flipped[flipped.size() / 2] ^= 0x01;
    write_all(f.root.path() / "flipped", flipped);
    auto r1 = store::restore_backup(f.root.path() / "flipped", f.root.path() / "r1", kBackupPass);
    ASSERT_FALSE(r1.ok());
    EXPECT_EQ(r1.error().code, ErrorCode::DataLoss);
    EXPECT_FALSE(fs::exists(f.root.path() / "r1"));

    // Cut at a message boundary-independent point near the end: the final message is missing.
    write_all(f.root.path() / "cut", good.substr(0, good.size() - 30));
    auto r2 = store::verify_backup(f.root.path() / "cut", kBackupPass);
    ASSERT_FALSE(r2.ok());
    EXPECT_EQ(r2.error().code, ErrorCode::DataLoss);

    write_all(f.root.path() / "longer", good + "x");
    EXPECT_FALSE(store::verify_backup(f.root.path() / "longer", kBackupPass).ok());

    write_all(f.root.path() / "other", "not a backup at all, just text");
    auto r3 = store::verify_backup(f.root.path() / "other", kBackupPass);
    ASSERT_FALSE(r3.ok());
    EXPECT_EQ(r3.error().code, ErrorCode::InvalidArgument);
}

TEST(ProfileBackup, NeverOverwritesAnArchiveOrAProfile) {
    Fixture f;
    const fs::path archive = f.root.path() / "b";
    write_all(archive, "an older backup");
    auto made = store::create_backup(f.profile, archive, kBackupPass, kFastKdf);
    ASSERT_FALSE(made.ok());
    EXPECT_EQ(made.error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ(read_all(archive), "an older backup");

    fs::remove(archive);
    ASSERT_TRUE(store::create_backup(f.profile, archive, kBackupPass, kFastKdf).ok());
    const fs::path occupied = f.root.path() / "occupied";
    write_all(occupied / "mine.txt", "keep me");
    auto r = store::restore_backup(archive, occupied, kBackupPass);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ(read_all(occupied / "mine.txt"), "keep me");

    // An empty directory is a fine target.
    fs::create_directories(f.root.path() / "empty");
    EXPECT_TRUE(store::restore_backup(archive, f.root.path() / "empty", kBackupPass).ok());
    EXPECT_TRUE(fs::exists(f.root.path() / "empty" / "grove.db"));
}

}  // namespace
