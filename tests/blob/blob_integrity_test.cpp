// The blob store under damage: altered and swapped chunk files, a writer killed with SIGKILL in
// the middle of a chunk, full disks (injected and a real size-limited tmpfs), and a scan of the
// store's bytes for a plaintext marker.
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include <fstream>

#include "blob/sealed_chunk.h"
#include "blob_test_support.h"

namespace grove::platform::blob {
namespace {

namespace fs = std::filesystem;
using test::FakeEpochKeys;
using test::GeneratedSource;
using test::TempDir;

class BlobIntegrityTest : public ::testing::Test {
protected:
    void SetUp() override { crypto::initialize(); }

    Result<std::unique_ptr<SpaceBlobStore>> open(ChunkFiles::WriteFunction write = {},
                                                 fs::path root = {}) {
        return SpaceBlobStore::open({.root = root.empty() ? dir.path() / "space" : root,
                                     .write_function = std::move(write)},
                                    keys);
    }
    // Every chunk file in the store opens and matches its name.
    static void expect_every_chunk_verifies(SpaceBlobStore& store, const fs::path& root) {
        std::size_t count = 0;
        for (const auto& entry : fs::recursive_directory_iterator(root / "chunks")) {
            if (!entry.is_regular_file()) continue;
            std::string name =
                entry.path().parent_path().filename().string() + entry.path().filename().string();
            auto bytes = from_hex(name);
            ASSERT_TRUE(bytes && bytes->size() == 32) << name;
            sdk::BlobId id{};
            std::copy(bytes->begin(), bytes->end(), id.begin());
            auto chunk = store.get(id);
            EXPECT_TRUE(chunk.ok()) << name << ": " << chunk.error().describe();
            ++count;
        }
        EXPECT_EQ(count, store.usage().chunks);
    }
    static std::size_t files_in(const fs::path& dir) {
        std::size_t n = 0;
        for (const auto& e : fs::directory_iterator(dir)) n += e.is_regular_file();
        return n;
    }

    TempDir dir;
    std::shared_ptr<FakeEpochKeys> keys = std::make_shared<FakeEpochKeys>();
};

TEST_F(BlobIntegrityTest, AFlippedBitInAChunkFileIsDetectedOnRead) {
    auto store = open();
    ASSERT_TRUE(store.ok());
    GeneratedSource source(3 * 1024 * 1024, 4);
    auto m = (*store)->write(source.source(), 0, {});
    ASSERT_TRUE(m.ok());
    sdk::BlobId victim = m->chunks.back().id;
    std::string hex = to_hex(ByteView(victim));
    fs::path path = dir.path() / "space" / "chunks" / hex.substr(0, 2) / hex.substr(2);
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        char c = 0;
        f.seekg(1000);
        f.get(c);
        f.seekp(1000);
        f.put(static_cast<char>(c ^ 0x01));
    }
    auto read = (*store)->read(*m, [](ByteView) -> Result<void> { return {}; }, {});
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, ErrorCode::DataLoss);
    // The damaged chunk is gone (to be fetched again), the others are intact.
    EXPECT_FALSE((*store)->contains(victim));
    expect_every_chunk_verifies(**store, dir.path() / "space");
}

TEST_F(BlobIntegrityTest, AChunkFileRenamedToAnotherIdIsDetected) {
    auto store = open();
    ASSERT_TRUE(store.ok());
    auto a = (*store)->put(to_bytes("first chunk"));
    auto b = (*store)->put(to_bytes("second chunk"));
    ASSERT_TRUE(a.ok() && b.ok());
    auto path = [&](const sdk::BlobId& id) {
        std::string hex = to_hex(ByteView(id));
        return dir.path() / "space" / "chunks" / hex.substr(0, 2) / hex.substr(2);
    };
    fs::copy_file(path(*a), path(*b), fs::copy_options::overwrite_existing);
    auto got = (*store)->get(*b);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::DataLoss);
    EXPECT_EQ(*(*store)->get(*a), to_bytes("first chunk"));
}

TEST_F(BlobIntegrityTest, ATruncatedChunkFileIsDetected) {
    auto store = open();
    ASSERT_TRUE(store.ok());
    Bytes bytes(100000, 0x5a);
    auto id = (*store)->put(bytes);
    ASSERT_TRUE(id.ok());
    std::string hex = to_hex(ByteView(*id));
    fs::resize_file(dir.path() / "space" / "chunks" / hex.substr(0, 2) / hex.substr(2), 5000);
    auto got = (*store)->get(*id);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::DataLoss);
}

// A child process stores content through a write function that stops half-way through a chunk
// (after a few whole chunks), tells the parent, and waits; the parent kills it with SIGKILL. The
// store reopened afterwards holds only whole chunks, every one verifying, and no temp files.
TEST_F(BlobIntegrityTest, AWriterKilledMidChunkLeavesWholeChunksOnly) {
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(ready[0]);
        int chunks_written = 0;
        auto store = open([&](int fd, const std::uint8_t* data, std::size_t size) -> ssize_t {
            if (++chunks_written < 4) return ::write(fd, data, size);
            ssize_t n = ::write(fd, data, size / 2);  // half a chunk on disk
            char byte = 1;
            (void)!::write(ready[1], &byte, 1);
            for (;;) ::pause();
            return n;
        });
        if (!store.ok()) ::_exit(2);
        GeneratedSource source(64ull * 1024 * 1024, 99);
        (void)(*store)->write(source.source(), 0, {});
        ::_exit(3);  // not reached: killed in the write function
    }
    ::close(ready[1]);
    char byte = 0;
    ASSERT_EQ(::read(ready[0], &byte, 1), 1) << "the writer died before reaching its 4th chunk";
    ::close(ready[0]);
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status));

    const fs::path root = dir.path() / "space";
    EXPECT_EQ(files_in(root / "tmp"), 1u);  // the half-written chunk, never under its name
    auto store = open();
    ASSERT_TRUE(store.ok()) << store.error().describe();
    EXPECT_EQ(files_in(root / "tmp"), 0u);
    EXPECT_EQ((*store)->usage().chunks, 3u);  // three whole chunks, recorded by reconciliation
    expect_every_chunk_verifies(**store, root);
    // The store goes on working: writing the same content again completes it.
    GeneratedSource again(64ull * 1024 * 1024, 99);
    auto m = (*store)->write(again.source(), 0, {});
    ASSERT_TRUE(m.ok());
    expect_every_chunk_verifies(**store, root);
}

TEST_F(BlobIntegrityTest, AnInjectedFullDiskIsAClearErrorAndLeavesNoPartialChunk) {
    std::uint64_t budget = 5 * 1024 * 1024;  // bytes the "disk" still takes
    auto store = open([&](int fd, const std::uint8_t* data, std::size_t size) -> ssize_t {
        if (budget == 0) {
            errno = ENOSPC;
            return -1;
        }
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(size, budget));
        ssize_t written = ::write(fd, data, n);
        if (written > 0) budget -= static_cast<std::uint64_t>(written);
        return written;
    });
    ASSERT_TRUE(store.ok());
    GeneratedSource source(20 * 1024 * 1024, 12);
    auto m = (*store)->write(source.source(), 0, {});
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, ErrorCode::ResourceExhausted);
    EXPECT_NE(m.error().message.find("disk full"), std::string::npos) << m.error().message;
    const fs::path root = dir.path() / "space";
    EXPECT_EQ(files_in(root / "tmp"), 0u);
    expect_every_chunk_verifies(**store, root);
    // Space freed: the same content now stores whole.
    budget = 1ull << 40;
    GeneratedSource again(20 * 1024 * 1024, 12);
    auto retry = (*store)->write(again.source(), 0, {});
    ASSERT_TRUE(retry.ok()) << retry.error().describe();
    EXPECT_EQ(retry->size, 20u * 1024 * 1024);
}

// A real full disk: a child process in its own mount namespace mounts an 8 MiB tmpfs and stores
// 32 MiB there. Skipped where mount namespaces are not available to the test.
TEST_F(BlobIntegrityTest, ARealFullFileSystemIsAClearErrorAndLeavesNoPartialChunk) {
    const fs::path mountpoint = dir.path() / "small";
    fs::create_directories(mountpoint);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        if (::unshare(CLONE_NEWNS) != 0 && ::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) ::_exit(77);
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) ::_exit(77);
        if (::mount("tmpfs", mountpoint.c_str(), "tmpfs", 0, "size=8m,mode=0700") != 0) ::_exit(77);
        auto store = open({}, mountpoint / "space");
        if (!store.ok()) ::_exit(10);
        GeneratedSource source(32 * 1024 * 1024, 13);
        auto m = (*store)->write(source.source(), 0, {});
        if (m.ok()) ::_exit(11);
        if (m.error().code != ErrorCode::ResourceExhausted) ::_exit(12);
        if (files_in(mountpoint / "space" / "tmp") != 0) ::_exit(13);
        // Every chunk that made it is whole and verifies.
        for (const auto& entry :
             fs::recursive_directory_iterator(mountpoint / "space" / "chunks")) {
            if (!entry.is_regular_file()) continue;
            auto bytes = from_hex(entry.path().parent_path().filename().string() +
                                  entry.path().filename().string());
            sdk::BlobId id{};
            std::copy(bytes->begin(), bytes->end(), id.begin());
            if (!(*store)->get(id).ok()) ::_exit(14);
        }
        ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "cannot mount a tmpfs here";
    EXPECT_EQ(WEXITSTATUS(status), 0) << "10 open, 11 no error, 12 wrong error, 13 temp left, "
                                         "14 damaged chunk";
}

TEST_F(BlobIntegrityTest, TheStoreHoldsNoPlaintext) {
    auto store = open();
    ASSERT_TRUE(store.ok());
    const std::string marker = "GROVE-PLAINTEXT-MARKER-7f3a9c";
    Bytes content;
    for (int i = 0; i < 50000; ++i) {
        append(content, as_bytes(marker));
        content.push_back(static_cast<std::uint8_t>(i));
    }
    auto m = (*store)->write(test::bytes_source(content), content.size(), {});
    ASSERT_TRUE(m.ok());
    ASSERT_TRUE((*store)->put(as_bytes(marker)).ok());
    ASSERT_TRUE((*store)->retain("3f9a0c", {m->chunks[0].id}).ok());
    store->reset();
    std::size_t scanned = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        scanned += bytes.size();
        EXPECT_EQ(bytes.find(marker), std::string::npos) << entry.path();
        EXPECT_EQ(bytes.find("GROVE-PLAINTEXT"), std::string::npos) << entry.path();
    }
    EXPECT_GT(scanned, content.size());
}

}  // namespace
}  // namespace grove::platform::blob
