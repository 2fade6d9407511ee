// The Files tool without the host: replicas (LoopbackToolContext, one shared in-memory blob store
// standing in for fetched content) exchange operations in random causal orders and end with the
// same tree; concurrent saves give exactly one conflict copy named alike everywhere; concurrent
// moves converge, cycles included; trash, restore, purge; snapshots.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <atomic>
#include <random>

#include "conflictname.h"
#include "filesinstance.h"
#include "filesmodel.h"
#include "grove/tools/files/v1/ops.pb.h"
#include "loopback_tool_context.h"
#include "toolhost/memoryblobstore.h"

using namespace grove;
using namespace grove::tools::files;

namespace {

sdk::Bytes bytes_of(std::string_view text) {
    return sdk::Bytes(text.begin(), text.end());
}

sdk::BlobSource source_of(const sdk::Bytes& bytes) {
    auto offset = std::make_shared<std::size_t>(0);
    return [&bytes, offset](std::span<std::uint8_t> buffer) -> Result<std::size_t> {
        std::size_t n = std::min(buffer.size(), bytes.size() - *offset);
        std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(*offset), n, buffer.begin());
        *offset += n;
        return n;
    };
}

struct Replica {
    tests::LoopbackToolContext context;
    FilesInstance files{context};

    Replica(std::string name, std::uint8_t identity, std::uint8_t device, sdk::BlobStore& blobs,
            sdk::Role role = sdk::Role::Participant)
        : context(std::move(name), identity, device, role) {
        context.attach(&files);
        context.set_blobs(&blobs);
    }
    void pull(Replica& from, std::size_t& cursor) {
        auto& ops = from.context.submitted();
        for (; cursor < ops.size(); ++cursor) (void)context.receive(ops[cursor]);
    }
    ItemId upload(const ItemId& parent, std::string_view name, const sdk::Bytes& content) {
        auto id = files.upload(parent, name, source_of(content), content.size());
        EXPECT_TRUE(id.ok()) << id.error().describe();
        return id.ok() ? *id : ItemId{};
    }
    sdk::Bytes download(const ItemId& file) {
        sdk::Bytes out;
        auto r = files.download(file, [&](sdk::ByteView b) -> Result<void> {
            out.insert(out.end(), b.begin(), b.end());
            return {};
        });
        EXPECT_TRUE(r.ok()) << r.error().describe();
        return out;
    }
    std::vector<std::string> names(const ItemId& folder = kTopLevel) {
        std::vector<std::string> out;
        for (const Entry& e : files.state().list(folder)) out.push_back(e.name);
        return out;
    }
    // Every visible path, with the current version's id: the tree as a user sees it.
    std::vector<std::string> tree() {
        std::vector<std::string> out;
        std::vector<ItemId> pending{kTopLevel};
        while (!pending.empty()) {
            ItemId folder = pending.back();
            pending.pop_back();
            for (const Entry& e : files.state().list(folder)) {
                std::string line = files.state().path(e.id);
                if (e.current) line += " @" + sdk::to_hex(e.current->id).substr(0, 8);
                out.push_back(line);
                if (e.folder) pending.push_back(e.id);
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }
};

// A blob store that records the holders' references (over an in-memory one).
class RecordingBlobStore final : public sdk::BlobStore {
public:
    Result<sdk::BlobId> put(sdk::ByteView chunk) override { return memory.put(chunk); }
    bool contains(const sdk::BlobId& id) const override { return memory.contains(id); }
    Result<sdk::Bytes> get(const sdk::BlobId& id) const override { return memory.get(id); }
    void fetch(const sdk::BlobId& id, std::function<void(Result<sdk::Bytes>)> done) override {
        memory.fetch(id, std::move(done));
    }
    Result<void> retain(std::string_view holder, const std::vector<sdk::BlobId>& ids) override {
        holders[std::string(holder)] = ids;
        return {};
    }
    Result<void> release(std::string_view holder) override {
        holders.erase(std::string(holder));
        return {};
    }
    Result<void> keep_offline(std::string_view holder, bool keep) override {
        if (keep)
            pinned.insert(std::string(holder));
        else
            pinned.erase(std::string(holder));
        return {};
    }

    platform::MemoryBlobStore memory;
    std::map<std::string, std::vector<sdk::BlobId>> holders;
    std::set<std::string> pinned;
};

// "%Y-%m-%d %H.%M" of the loopback context's wall time for Lamport `lamport`.
std::string loopback_time(std::uint64_t lamport) {
    return conflict_copy_name("x", "A",
                              1'700'000'000'000 + static_cast<std::int64_t>(lamport) * 1000)
        .substr(std::string("x (A's conflicted copy ").size(), 16);
}

TEST(FilesModel, FoldersAndFilesReplicateWithTheirContent) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs), bob("Bob", 2, 21, blobs);
    auto reports = alice.files.create_folder(kTopLevel, "Reports");
    ASSERT_TRUE(reports.ok());
    sdk::Bytes content(3 * 1024 * 1024 + 11, 0x41);
    ItemId file = alice.upload(*reports, "summary.txt", content);
    std::size_t cursor = 0;
    bob.pull(alice, cursor);
    EXPECT_EQ(bob.names(), std::vector<std::string>{"Reports"});
    EXPECT_EQ(bob.names(*reports), std::vector<std::string>{"summary.txt"});
    EXPECT_EQ(bob.files.state().path(file), "Reports/summary.txt");
    EXPECT_EQ(bob.download(file), content);
    auto versions = bob.files.state().versions(file);
    ASSERT_EQ(versions.size(), 1u);
    EXPECT_EQ(versions[0]->author_name, "Alice");
    EXPECT_EQ(versions[0]->content.size, content.size());
    EXPECT_EQ(alice.files.digest(), bob.files.digest());
}

TEST(FilesModel, ConcurrentSavesKeepBothAsExactlyOneConflictCopyNamedAlikeEverywhere) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs), bob("Bob", 2, 21, blobs);
    ItemId file = alice.upload(kTopLevel, "plan.txt", bytes_of("v1"));
    std::size_t from_alice = 0, from_bob = 0;
    bob.pull(alice, from_alice);
    // Apart: both edit version 1.
    const sdk::Bytes alices = bytes_of("v2 by Alice"), bobs = bytes_of("v2 by Bob");
    ASSERT_TRUE(alice.files.save_version(file, source_of(alices), alices.size()).ok());
    ASSERT_TRUE(bob.files.save_version(file, source_of(bobs), bobs.size()).ok());
    alice.pull(bob, from_bob);
    bob.pull(alice, from_alice);

    // Same Lamport (2): the higher device (Bob's) wins; Alice's work is the copy, named after her
    // and the time of her save (UTC).
    const std::string copy = "plan (Alice's conflicted copy " + loopback_time(2) + ").txt";
    for (Replica* r : {&alice, &bob}) {
        EXPECT_EQ(r->names(), (std::vector<std::string>{copy, "plan.txt"}));
        auto listing = r->files.state().list();
        const Entry& conflict = listing[0];
        ASSERT_TRUE(conflict.conflict_of.has_value());
        EXPECT_EQ(*conflict.conflict_of, file);
        EXPECT_EQ(r->download(conflict.id), alices);
        EXPECT_EQ(r->download(file), bobs);
        EXPECT_EQ(r->files.state().versions(file).size(), 3u);  // nothing lost from the history
    }
    EXPECT_EQ(alice.files.digest(), bob.files.digest());

    // Editing the file again (from the winner) keeps the copy; the copy can be renamed, edited
    // and trashed like any file.
    const sdk::Bytes v3 = bytes_of("v3");
    ASSERT_TRUE(bob.files.save_version(file, source_of(v3), v3.size()).ok());
    ItemId conflict_id = bob.files.state().list()[0].id;
    ASSERT_TRUE(bob.files.rename(conflict_id, "plan-alice.txt").ok());
    const sdk::Bytes merged = bytes_of("merged");
    ASSERT_TRUE(bob.files.save_version(conflict_id, source_of(merged), merged.size()).ok());
    alice.pull(bob, from_bob);
    for (Replica* r : {&alice, &bob}) {
        EXPECT_EQ(r->names(), (std::vector<std::string>{"plan-alice.txt", "plan.txt"}));
        EXPECT_EQ(r->download(conflict_id), merged);
        EXPECT_EQ(r->download(file), v3);
    }
    EXPECT_EQ(alice.files.digest(), bob.files.digest());
}

TEST(FilesModel, ConcurrentMovesOfOneItemConvergeToOnePlace) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs), bob("Bob", 2, 21, blobs);
    ItemId p = *alice.files.create_folder(kTopLevel, "P");
    ItemId q = *alice.files.create_folder(kTopLevel, "Q");
    ItemId x = alice.upload(kTopLevel, "x.txt", bytes_of("x"));
    std::size_t from_alice = 0, from_bob = 0;
    bob.pull(alice, from_alice);
    ASSERT_TRUE(alice.files.move(x, p, "in-p.txt").ok());
    ASSERT_TRUE(bob.files.move(x, q, "in-q.txt").ok());
    alice.pull(bob, from_bob);
    bob.pull(alice, from_alice);
    EXPECT_EQ(alice.files.state().path(x), bob.files.state().path(x));
    EXPECT_EQ(alice.files.state().path(x), "Q/in-q.txt");  // same Lamport: Bob's device is higher
    EXPECT_EQ(alice.tree(), bob.tree());
    EXPECT_EQ(alice.files.digest(), bob.files.digest());
}

TEST(FilesModel, ConcurrentMovesThatWouldMakeACycleConverge) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs), bob("Bob", 2, 21, blobs);
    ItemId p = *alice.files.create_folder(kTopLevel, "P");
    ItemId q = *alice.files.create_folder(kTopLevel, "Q");
    ItemId inside = alice.upload(q, "deep.txt", bytes_of("deep"));
    std::size_t from_alice = 0, from_bob = 0;
    bob.pull(alice, from_alice);
    ASSERT_TRUE(alice.files.move(p, q, "P").ok());  // P into Q
    ASSERT_TRUE(bob.files.move(q, p, "Q").ok());    // Q into P
    alice.pull(bob, from_bob);
    bob.pull(alice, from_alice);
    for (Replica* r : {&alice, &bob}) {
        // The newer move (Bob's: higher device at equal Lamport) falls back; Alice's holds.
        EXPECT_EQ(r->files.state().path(p), "Q/P");
        EXPECT_EQ(r->files.state().path(q), "Q");
        EXPECT_EQ(r->files.state().path(inside), "Q/deep.txt");
    }
    EXPECT_EQ(alice.tree(), bob.tree());
    EXPECT_EQ(alice.files.digest(), bob.files.digest());
}

TEST(FilesModel, SameNamesInOneFolderAreNumberedAlikeEverywhere) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs), bob("Bob", 2, 21, blobs);
    alice.upload(kTopLevel, "notes.md", bytes_of("alice"));
    bob.upload(kTopLevel, "notes.md", bytes_of("bob"));
    std::size_t from_alice = 0, from_bob = 0;
    alice.pull(bob, from_bob);
    bob.pull(alice, from_alice);
    for (Replica* r : {&alice, &bob})
        EXPECT_EQ(r->names(), (std::vector<std::string>{"notes (2).md", "notes.md"}));
    // Alice's was created first in (Lamport, device) order: she keeps the plain name.
    auto listing = alice.files.state().list();
    EXPECT_EQ(alice.download(listing[1].id), bytes_of("alice"));
}

TEST(FilesModel, TrashHidesRestoreBringsBackPurgeRemovesForGood) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs), bob("Bob", 2, 21, blobs);
    ItemId folder = *alice.files.create_folder(kTopLevel, "Old");
    ItemId file = alice.upload(folder, "a.txt", bytes_of("a"));
    std::size_t from_alice = 0, from_bob = 0;
    bob.pull(alice, from_alice);
    ASSERT_TRUE(alice.files.trash(folder).ok());
    bob.pull(alice, from_alice);
    for (Replica* r : {&alice, &bob}) {
        EXPECT_TRUE(r->names().empty());
        auto trash = r->files.state().trash();
        ASSERT_EQ(trash.size(), 1u);  // the folder; its content goes with it
        EXPECT_EQ(trash[0].id, folder);
        EXPECT_GT(trash[0].trashed_at_ms, 0);
        EXPECT_TRUE(r->files.state().entry(file)->trashed);
    }
    // Any member restores.
    ASSERT_TRUE(bob.files.restore_from_trash(folder).ok());
    alice.pull(bob, from_bob);
    EXPECT_EQ(alice.files.state().path(file), "Old/a.txt");
    EXPECT_FALSE(alice.files.state().entry(file)->trashed);

    // Purge: only from the trash, and it wins over a concurrent restore.
    EXPECT_FALSE(alice.files.purge(folder).ok());
    ASSERT_TRUE(alice.files.trash(folder).ok());
    bob.pull(alice, from_alice);
    ASSERT_TRUE(alice.files.purge(folder).ok());
    ASSERT_TRUE(bob.files.restore_from_trash(folder).ok());
    alice.pull(bob, from_bob);
    bob.pull(alice, from_alice);
    for (Replica* r : {&alice, &bob}) {
        EXPECT_FALSE(r->files.state().entry(folder).has_value());
        EXPECT_FALSE(r->files.state().entry(file).has_value());
        EXPECT_TRUE(r->files.state().live_versions().empty());
    }
    EXPECT_EQ(alice.files.digest(), bob.files.digest());
}

TEST(FilesModel, TrashOlderThanThirtyDaysIsPurgedNewerIsKept) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs), bob("Bob", 2, 21, blobs);
    ItemId old_file = alice.upload(kTopLevel, "old", bytes_of("o"));
    ItemId new_file = alice.upload(kTopLevel, "new", bytes_of("n"));
    ASSERT_TRUE(alice.files.trash(old_file).ok());
    const std::int64_t trashed_at = alice.files.state().entry(old_file)->trashed_at_ms;
    ASSERT_TRUE(alice.files.trash(new_file).ok());
    std::size_t from_alice = 0;
    bob.pull(alice, from_alice);
    // 30 days after the first trash (the second was a second later): only the first goes.
    auto purged = bob.files.purge_expired(trashed_at + kTrashRetentionMs);
    ASSERT_TRUE(purged.ok());
    EXPECT_EQ(*purged, 1u);
    EXPECT_FALSE(bob.files.state().entry(old_file).has_value());
    EXPECT_TRUE(bob.files.state().entry(new_file).has_value());
    EXPECT_EQ(*bob.files.purge_expired(trashed_at + kTrashRetentionMs - 1), 0u);
}

TEST(FilesModel, VersionsAreRetainedEverywhereAndReleasedAfterPurge) {
    RecordingBlobStore a_blobs, b_blobs;
    Replica alice("Alice", 1, 11, a_blobs), bob("Bob", 2, 21, b_blobs);
    ItemId folder = *alice.files.create_folder(kTopLevel, "F");
    sdk::Bytes content(2 * 1024 * 1024, 7);
    ItemId file = alice.upload(folder, "big.bin", content);
    const sdk::Bytes v2 = bytes_of("v2");
    ASSERT_TRUE(alice.files.save_version(file, source_of(v2), v2.size()).ok());
    std::size_t from_alice = 0;
    bob.pull(alice, from_alice);
    for (RecordingBlobStore* b : {&a_blobs, &b_blobs}) {
        ASSERT_EQ(b->holders.size(), 2u);  // both versions, on the author's device and the other
        EXPECT_EQ(b->holders.at(sdk::to_hex(file)).size(), 2u);  // 2 MiB: two 1 MiB chunks
    }
    // Keep offline on the folder pins the current version of every file below it.
    ASSERT_TRUE(bob.files.keep_offline(folder, true).ok());
    const VersionId current = bob.files.state().entry(file)->current->id;
    EXPECT_EQ(b_blobs.pinned, std::set<std::string>{sdk::to_hex(current)});
    ASSERT_TRUE(alice.files.trash(folder).ok());
    ASSERT_TRUE(alice.files.purge(folder).ok());
    bob.pull(alice, from_alice);
    EXPECT_TRUE(a_blobs.holders.empty());
    EXPECT_TRUE(b_blobs.holders.empty());
}

// This device's store: chunks it lacks come from a peer's store when read (as the chunk exchange
// brings them), counted.
class PeerBackedBlobStore final : public sdk::BlobStore {
public:
    explicit PeerBackedBlobStore(const sdk::BlobStore& peer) : peer_(peer) {}
    Result<sdk::BlobId> put(sdk::ByteView chunk) override { return local.put(chunk); }
    bool contains(const sdk::BlobId& id) const override { return local.contains(id); }
    Result<sdk::Bytes> get(const sdk::BlobId& id) const override { return local.get(id); }
    void fetch(const sdk::BlobId& id, std::function<void(Result<sdk::Bytes>)> done) override {
        local.fetch(id, std::move(done));
    }
    Result<void> read(const sdk::BlobManifest& manifest, const sdk::BlobSink& sink,
                      const sdk::BlobProgressFn& progress) override {
        sdk::BlobProgress done{0, manifest.size};
        for (const sdk::BlobChunk& chunk : manifest.chunks) {
            if (!local.contains(chunk.id)) {
                auto bytes = peer_.get(chunk.id);
                if (!bytes) return bytes.error();
                GROVE_TRY(local.put(*bytes));
                ++fetched;
            }
            auto bytes = local.get(chunk.id);
            if (!bytes) return bytes.error();
            GROVE_TRY(sink(*bytes));
            done.done += chunk.size;
            if (progress) progress(done);
        }
        return {};
    }

    platform::MemoryBlobStore local;
    std::atomic<int> fetched{0};

private:
    const sdk::BlobStore& peer_;
};

// Keep offline on a folder fetches, in the background, every chunk of its files this device
// lacks — and only those: a file outside it stays on demand, and marking it again fetches nothing.
TEST(FilesModel, KeepOfflineFetchesTheMarkedFilesChunksInTheBackground) {
    int argc = 1;
    char name[] = "files_model_tests";
    char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    platform::MemoryBlobStore alice_blobs;
    PeerBackedBlobStore bob_blobs(alice_blobs);
    Replica alice("Alice", 1, 11, alice_blobs), bob("Bob", 2, 21, bob_blobs);
    const ItemId folder = *alice.files.create_folder(kTopLevel, "Site");
    sdk::Bytes plans(3 * 1024 * 1024 + 5), photo(1024 * 1024 + 9), outside(2 * 1024 * 1024);
    std::mt19937 random(5);
    for (sdk::Bytes* b : {&plans, &photo, &outside})
        for (auto& byte : *b) byte = static_cast<std::uint8_t>(random());
    const ItemId plans_id = alice.upload(folder, "plans.pdf", plans);
    const ItemId sub = *alice.files.create_folder(folder, "Photos");
    const ItemId photo_id = alice.upload(sub, "north.jpg", photo);
    const ItemId elsewhere = alice.upload(kTopLevel, "other.bin", outside);
    std::size_t from_alice = 0;
    bob.pull(alice, from_alice);

    auto chunks_held = [&](const ItemId& file) {
        auto content = bob.files.content_of(file);
        if (!content) return false;
        return std::all_of(content->chunks.begin(), content->chunks.end(),
                           [&](const sdk::BlobChunk& c) { return bob_blobs.contains(c.id); });
    };
    ASSERT_FALSE(chunks_held(plans_id)) << "bob starts without the content";

    FilesModel model(bob.files);
    QObject* prefetch = model.prefetch();
    int finished_files = -1;
    QString finished_error;
    QObject::connect(static_cast<OfflinePrefetch*>(prefetch), &OfflinePrefetch::finished,
                     [&](int files, const QString& error) {
                         finished_files = files;
                         finished_error = error;
                     });
    ASSERT_TRUE(model.keepOffline(QString::fromStdString(sdk::to_hex(folder)), true));
    EXPECT_TRUE(prefetch->property("busy").toBool()) << "fetching runs in the background";
    QElapsedTimer timer;
    timer.start();
    while (finished_files < 0 && timer.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(2);
    }
    ASSERT_EQ(finished_files, 2) << finished_error.toStdString();
    EXPECT_TRUE(finished_error.isEmpty());
    EXPECT_FALSE(prefetch->property("busy").toBool());
    EXPECT_EQ(prefetch->property("done").toDouble(),
              static_cast<double>(plans.size() + photo.size()));
    EXPECT_EQ(bob_blobs.fetched, 4 + 2);  // 1 MiB chunks: four of the plans, two of the photo
    EXPECT_TRUE(chunks_held(plans_id));
    EXPECT_TRUE(chunks_held(photo_id));
    EXPECT_FALSE(chunks_held(elsewhere)) << "what is not kept offline stays on demand";

    // Marked again: everything is held, nothing is fetched.
    finished_files = -1;
    ASSERT_TRUE(model.keepOffline(QString::fromStdString(sdk::to_hex(folder)), true));
    timer.restart();
    while (finished_files < 0 && timer.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(2);
    }
    EXPECT_EQ(finished_files, 0);
    EXPECT_EQ(bob_blobs.fetched, 6);
}

TEST(FilesModel, RestoringAnOlderVersionAddsAVersion) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs);
    ItemId file = alice.upload(kTopLevel, "f", bytes_of("one"));
    const sdk::Bytes two = bytes_of("two");
    ASSERT_TRUE(alice.files.save_version(file, source_of(two), two.size()).ok());
    VersionId first = alice.files.state().versions(file).back()->id;
    ASSERT_TRUE(alice.files.restore_version(file, first).ok());
    EXPECT_EQ(alice.download(file), bytes_of("one"));
    EXPECT_EQ(alice.files.state().versions(file).size(), 3u);
    EXPECT_EQ(alice.names(), std::vector<std::string>{"f"});  // no conflict copy
}

TEST(FilesModel, GuestsMalformedOperationsAndBadNamesAreRefused) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs);
    for (const char* bad : {"", ".", "..", "a/b"})
        EXPECT_FALSE(alice.files.create_folder(kTopLevel, bad).ok()) << bad;
    EXPECT_FALSE(alice.files.create_folder(kTopLevel, std::string(256, 'n')).ok());
    tests::RecordedOp op;
    op.bytes = bytes_of("\xff\xff not protobuf");
    op.header.id.fill(9);
    op.header.author_role = sdk::Role::Participant;
    EXPECT_FALSE(alice.context.receive(op).ok());
    grove::tools::files::v1::FilesOp create;
    create.mutable_create_folder()->set_name("Guest's");
    std::string bytes = create.SerializeAsString();
    op.bytes.assign(bytes.begin(), bytes.end());
    op.header.author_role = sdk::Role::Guest;
    EXPECT_FALSE(alice.context.receive(op).ok());
    // A chunk list that does not add up to the size.
    grove::tools::files::v1::FilesOp file;
    file.mutable_create_file()->set_name("lie.bin");
    file.mutable_create_file()->mutable_version()->set_size(100);
    bytes = file.SerializeAsString();
    op.bytes.assign(bytes.begin(), bytes.end());
    op.header.author_role = sdk::Role::Participant;
    EXPECT_FALSE(alice.context.receive(op).ok());
    EXPECT_EQ(alice.files.state().item_count(), 0u);
}

TEST(FilesModel, OperationsNamingTheWrongKindOfTargetAreRefused) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs);
    ItemId a = alice.upload(kTopLevel, "a", bytes_of("a"));
    ItemId b = alice.upload(kTopLevel, "b", bytes_of("b"));
    ItemId folder = *alice.files.create_folder(kTopLevel, "F");
    auto receive = [&](const grove::tools::files::v1::FilesOp& op, std::uint8_t tag) {
        tests::RecordedOp raw;
        std::string bytes = op.SerializeAsString();
        raw.bytes.assign(bytes.begin(), bytes.end());
        raw.header.id.fill(tag);
        raw.header.author_role = sdk::Role::Participant;
        raw.header.lamport = 50 + tag;
        return alice.context.receive(raw);
    };
    const auto digest = alice.files.digest();
    grove::tools::files::v1::FilesOp op;
    // A version of `a` claiming to be edited from `b`'s version.
    op.mutable_save_version()->set_item(std::string(a.begin(), a.end()));
    op.mutable_save_version()->set_base(std::string(b.begin(), b.end()));
    op.mutable_save_version()->mutable_version()->set_size(0);
    EXPECT_FALSE(receive(op, 0xa1).ok());
    // A version of a folder.
    op.mutable_save_version()->set_item(std::string(folder.begin(), folder.end()));
    EXPECT_FALSE(receive(op, 0xa2).ok());
    // Moving into a file, into itself, or something unknown.
    op.Clear();
    op.mutable_move()->set_item(std::string(a.begin(), a.end()));
    op.mutable_move()->set_parent(std::string(b.begin(), b.end()));
    op.mutable_move()->set_name("x");
    EXPECT_FALSE(receive(op, 0xa3).ok());
    op.mutable_move()->set_item(std::string(folder.begin(), folder.end()));
    op.mutable_move()->set_parent(std::string(folder.begin(), folder.end()));
    EXPECT_FALSE(receive(op, 0xa4).ok());
    op.mutable_move()->set_item(std::string(32, '\x77'));
    op.mutable_move()->set_parent("");
    EXPECT_FALSE(receive(op, 0xa5).ok());
    // A file in a folder that does not exist, a chunk id of the wrong length.
    op.Clear();
    op.mutable_create_file()->set_parent(std::string(32, '\x66'));
    op.mutable_create_file()->set_name("n");
    op.mutable_create_file()->mutable_version();
    EXPECT_FALSE(receive(op, 0xa6).ok());
    op.mutable_create_file()->set_parent("");
    op.mutable_create_file()->mutable_version()->set_size(3);
    auto* chunk = op.mutable_create_file()->mutable_version()->add_chunks();
    chunk->set_id("short");
    chunk->set_size(3);
    EXPECT_FALSE(receive(op, 0xa7).ok());
    EXPECT_EQ(alice.files.digest(), digest);
}

TEST(FilesModel, ASnapshotRestoresTheSameState) {
    platform::MemoryBlobStore blobs;
    Replica alice("Alice", 1, 11, blobs), carol("Carol", 3, 31, blobs);
    ItemId folder = *alice.files.create_folder(kTopLevel, "Docs");
    ItemId file = alice.upload(folder, "a.txt", bytes_of("a"));
    ASSERT_TRUE(alice.files.rename(file, "b.txt").ok());
    auto snapshot = alice.files.snapshot();
    ASSERT_TRUE(snapshot.ok());
    ASSERT_TRUE(carol.files.restore(*snapshot).ok());
    EXPECT_EQ(carol.files.digest(), alice.files.digest());
    EXPECT_EQ(carol.files.state().path(file), "Docs/b.txt");
    EXPECT_FALSE(carol.files.restore(bytes_of("\x0a\x05junk")).ok());
}

// Three replicas do random work (create, upload, save, move, rename, trash, restore) and receive
// each other's operations in random causal orders; at the end every replica shows the same tree,
// no folder is inside itself and no two visible items of a folder share a name.
TEST(FilesModel, RandomConcurrentWorkConvergesInEveryCausalOrder) {
    for (std::uint32_t seed : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u}) {
        platform::MemoryBlobStore blobs;
        std::vector<std::unique_ptr<Replica>> replicas;
        replicas.push_back(std::make_unique<Replica>("Ana", 1, 11, blobs));
        replicas.push_back(std::make_unique<Replica>("Ben", 2, 21, blobs));
        replicas.push_back(std::make_unique<Replica>("Cy", 3, 31, blobs));
        const std::size_t n = replicas.size();
        struct Sent {
            std::size_t from;
            std::size_t index;
            std::vector<std::size_t> seen;  // ops of each replica applied at the author
        };
        std::vector<Sent> sent;
        std::vector<std::vector<std::size_t>> applied(n, std::vector<std::size_t>(n, 0));
        std::mt19937 rng(seed);
        auto pick = [&](std::size_t bound) {
            return std::uniform_int_distribution<std::size_t>(0, bound - 1)(rng);
        };
        auto record_new_ops = [&](std::size_t r) {
            auto& ops = replicas[r]->context.submitted();
            while (applied[r][r] < ops.size()) {
                sent.push_back({r, applied[r][r], applied[r]});
                ++applied[r][r];
            }
        };
        auto deliverable = [&](std::size_t to, const Sent& s) {
            if (s.from == to || applied[to][s.from] != s.index) return false;
            for (std::size_t t = 0; t < n; ++t)
                if (t != s.from && applied[to][t] < s.seen[t]) return false;
            return true;
        };
        auto deliver_some = [&](std::size_t to, std::size_t count) {
            for (std::size_t k = 0; k < count; ++k) {
                std::vector<const Sent*> ready;
                for (const Sent& s : sent)
                    if (deliverable(to, s)) ready.push_back(&s);
                if (ready.empty()) return;
                const Sent* s = ready[pick(ready.size())];
                (void)replicas[to]->context.receive(
                    replicas[s->from]->context.submitted()[s->index]);
                ++applied[to][s->from];
            }
        };
        for (int step = 0; step < 120; ++step) {
            std::size_t r = pick(n);
            Replica& me = *replicas[r];
            deliver_some(r, pick(4));
            // What this replica sees now: every entry, folders among them.
            std::vector<Entry> entries, folders;
            std::vector<ItemId> pending{kTopLevel};
            while (!pending.empty()) {
                ItemId f = pending.back();
                pending.pop_back();
                for (const Entry& e : me.files.state().list(f)) {
                    entries.push_back(e);
                    if (e.folder) {
                        folders.push_back(e);
                        pending.push_back(e.id);
                    }
                }
            }
            for (const Entry& e : me.files.state().trash()) entries.push_back(e);
            auto random_folder = [&]() -> ItemId {
                if (folders.empty() || pick(3) == 0) return kTopLevel;
                return folders[pick(folders.size())].id;
            };
            const std::string name = "n" + std::to_string(pick(4));
            switch (pick(8)) {
                case 0:
                    (void)me.files.create_folder(random_folder(), name);
                    break;
                case 1:
                case 2:
                    me.upload(random_folder(), name + ".txt",
                              bytes_of("step " + std::to_string(step)));
                    break;
                case 3:
                case 4: {
                    std::vector<Entry> files;
                    for (const Entry& e : entries)
                        if (!e.folder && !e.trashed) files.push_back(e);
                    if (files.empty()) break;
                    const sdk::Bytes content = bytes_of("edit " + std::to_string(step));
                    (void)me.files.save_version(files[pick(files.size())].id, source_of(content),
                                                content.size());
                    break;
                }
                case 5: {
                    if (entries.empty()) break;
                    const Entry& e = entries[pick(entries.size())];
                    ItemId to = random_folder();
                    if (e.folder && (to == e.id || me.files.state().path(to).rfind(
                                                       me.files.state().path(e.id) + "/", 0) == 0))
                        break;  // the UI does not offer moving a folder into itself
                    (void)me.files.move(e.id, to, name);
                    break;
                }
                case 6:
                    if (!entries.empty()) (void)me.files.trash(entries[pick(entries.size())].id);
                    break;
                case 7:
                    if (!entries.empty())
                        (void)me.files.restore_from_trash(entries[pick(entries.size())].id);
                    break;
            }
            record_new_ops(r);
        }
        for (bool progress = true; progress;) {
            progress = false;
            for (std::size_t to = 0; to < n; ++to) {
                std::size_t before = 0, after = 0;
                for (std::size_t t = 0; t < n; ++t) before += applied[to][t];
                deliver_some(to, sent.size());
                for (std::size_t t = 0; t < n; ++t) after += applied[to][t];
                progress = progress || after != before;
            }
        }
        for (std::size_t r = 0; r < n; ++r)
            for (std::size_t t = 0; t < n; ++t)
                ASSERT_EQ(applied[r][t], replicas[t]->context.submitted().size())
                    << "seed " << seed;

        const auto tree = replicas[0]->tree();
        for (std::size_t r = 1; r < n; ++r) {
            EXPECT_EQ(replicas[r]->files.digest(), replicas[0]->files.digest()) << "seed " << seed;
            EXPECT_EQ(replicas[r]->tree(), tree) << "seed " << seed;
        }
        // Every visible item hangs from the top level, names are unique per folder.
        const FilesState& state = replicas[0]->files.state();
        std::size_t visible = 0;
        std::vector<ItemId> pending{kTopLevel};
        while (!pending.empty()) {
            ItemId f = pending.back();
            pending.pop_back();
            std::set<std::string> names;
            for (const Entry& e : state.list(f)) {
                EXPECT_TRUE(names.insert(e.name).second) << e.name << " seed " << seed;
                ++visible;
                if (e.folder) pending.push_back(e.id);
                ASSERT_LT(visible, 10000u) << "a cycle, seed " << seed;
            }
        }
        EXPECT_EQ(tree.size(), visible);
        EXPECT_GT(sent.size(), 60u);
    }
}

}  // namespace
