#include "net/relay_chunks.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace grove::platform::net {
namespace {

std::string mib(std::uint64_t bytes) {
    return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB";
}

Result<void> create_private(const std::filesystem::path& db) {
    int fd = ::open(db.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return make_error(ErrorCode::FailedPrecondition, "cannot create " + db.string());
    const bool ok = ::fchmod(fd, 0600) == 0;
    ::close(fd);
    if (!ok) return make_error(ErrorCode::FailedPrecondition, "cannot restrict " + db.string());
    return {};
}

}  // namespace

Result<std::unique_ptr<RelayChunkStore>> RelayChunkStore::open(const std::filesystem::path& dir,
                                                               RelayChunkLimits limits) {
    std::error_code ec;
    std::filesystem::create_directories(dir / "chunks", ec);
    if (ec) return make_error(ErrorCode::FailedPrecondition, "cannot create " + dir.string());
    ::chmod((dir / "chunks").c_str(), 0700);
    GROVE_TRY(create_private(dir / "chunks.db"));
    auto db = store::Database::open(dir / "chunks.db");
    if (!db.ok()) return db.error();
    GROVE_TRY((*db)->exec(
        "CREATE TABLE IF NOT EXISTS relay_chunks (space_id BLOB NOT NULL, id BLOB NOT NULL, "
        "size INTEGER NOT NULL, stored_ms INTEGER NOT NULL, PRIMARY KEY (space_id, id)) "
        "WITHOUT ROWID;"
        "CREATE INDEX IF NOT EXISTS relay_chunks_age ON relay_chunks (stored_ms);"));
    std::unique_ptr<RelayChunkStore> s(new RelayChunkStore(dir, std::move(db).value(), limits));
    GROVE_TRY(s->load());
    return s;
}

RelayChunkStore::~RelayChunkStore() = default;

Result<blob::ChunkFiles*> RelayChunkStore::files(const SpaceId& space) {
    auto it = files_.find(space);
    if (it != files_.end()) return it->second.get();
    auto opened = blob::ChunkFiles::open(dir_ / "chunks" / to_hex(ByteView(space)));
    if (!opened.ok()) return opened.error();
    return files_.emplace(space, std::move(opened).value()).first->second.get();
}

// The files are the truth about presence (as on members' devices): a row whose file is gone is
// dropped; a file with no row (killed between placing and recording) is recorded as new.
Result<void> RelayChunkStore::load() {
    std::lock_guard lock(mutex_);
    std::map<SpaceId, std::map<sdk::BlobId, std::uint64_t>> rows;
    {
        auto st = db_->prepare("SELECT space_id, id, size FROM relay_chunks");
        if (!st.ok()) return st.error();
        for (;;) {
            auto row = st->step();
            if (!row.ok()) return row.error();
            if (!*row) break;
            auto space = fixed_from<kSpaceIdSize>(st->column_blob(0));
            auto id = fixed_from<32>(st->column_blob(1));
            if (!space || !id) continue;
            rows[*space][*id] = static_cast<std::uint64_t>(st->column_int(2));
        }
    }
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / "chunks", ec)) {
        auto raw = from_hex(entry.path().filename().string());
        auto space = raw ? fixed_from<kSpaceIdSize>(*raw) : std::nullopt;
        if (space) rows.try_emplace(*space);
    }
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    for (auto& row : rows) {
        // Named, not structured, bindings: the lambda below captures them (clang 14 cannot
        // capture a structured binding).
        const auto& space = row.first;
        const auto& held = row.second;
        auto f = files(space);
        if (!f.ok()) return f.error();
        std::map<sdk::BlobId, std::uint64_t> on_disk;
        for (const auto& [id, size] : (*f)->list()) on_disk.emplace(id, size);
        GROVE_TRY(store::in_transaction(*db_, [&]() -> Result<void> {
            for (const auto& [id, size] : held) {
                if (on_disk.contains(id)) continue;
                auto del = db_->cached("DELETE FROM relay_chunks WHERE space_id = ? AND id = ?");
                if (!del.ok()) return del.error();
                GROVE_TRY((*del)->bind(1, ByteView(space)).bind(2, ByteView(id)).run());
            }
            for (const auto& [id, size] : on_disk) {
                if (held.contains(id)) continue;
                auto ins = db_->cached("INSERT INTO relay_chunks VALUES (?, ?, ?, ?)");
                if (!ins.ok()) return ins.error();
                GROVE_TRY((*ins)
                              ->bind(1, ByteView(space))
                              .bind(2, ByteView(id))
                              .bind(3, static_cast<std::int64_t>(size))
                              .bind(4, now)
                              .run());
            }
            return {};
        }));
        auto& u = usage_[space];
        for (const auto& [id, size] : on_disk) {
            ++u.chunks;
            u.bytes += size;
            total_bytes_ += size;
        }
        if (u.chunks == 0) usage_.erase(space);
    }
    return {};
}

bool RelayChunkStore::contains(const SpaceId& space, const sdk::BlobId& id) {
    std::lock_guard lock(mutex_);
    auto f = files(space);
    return f.ok() && (*f)->exists(id);
}

Result<void> RelayChunkStore::reserve(const SpaceId& space, std::uint64_t sealed_size) {
    std::lock_guard lock(mutex_);
    auto used = usage_.find(space);
    auto pending = reserved_.find(space);
    const std::uint64_t space_bytes = (used == usage_.end() ? 0 : used->second.bytes) +
                                      (pending == reserved_.end() ? 0 : pending->second);
    if (space_bytes + sealed_size > limits_.space_quota_bytes) {
        ++refused_quota;
        return make_error(ErrorCode::ResourceExhausted,
                          "the relay's quota for this space's files is full (" + mib(space_bytes) +
                              " of " + mib(limits_.space_quota_bytes) + " held)");
    }
    if (total_bytes_ + total_reserved_ + sealed_size > limits_.total_quota_bytes) {
        ++refused_quota;
        return make_error(ErrorCode::ResourceExhausted,
                          "the relay's quota for files of all spaces is full (" +
                              mib(total_bytes_ + total_reserved_) + " of " +
                              mib(limits_.total_quota_bytes) + " held)");
    }
    if (receiving_ + sealed_size > limits_.receiving_bytes)
        return make_error(ErrorCode::Unavailable, "the relay is receiving too many chunks");
    reserved_[space] += sealed_size;
    total_reserved_ += sealed_size;
    receiving_ += sealed_size;
    return {};
}

void RelayChunkStore::release(const SpaceId& space, std::uint64_t sealed_size) {
    std::lock_guard lock(mutex_);
    auto& r = reserved_[space];
    r -= std::min(r, sealed_size);
    if (r == 0) reserved_.erase(space);
    total_reserved_ -= std::min(total_reserved_, sealed_size);
    receiving_ -= std::min(receiving_, sealed_size);
}

Result<void> RelayChunkStore::put(const SpaceId& space, const sdk::BlobId& id, ByteView sealed) {
    std::lock_guard lock(mutex_);
    auto f = files(space);
    if (!f.ok()) return f.error();
    if ((*f)->exists(id)) return {};
    // The file first (atomic: whole or absent), then its row; load() reconciles a crash between.
    GROVE_TRY((*f)->write(id, sealed));
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    auto ins = db_->cached("INSERT OR REPLACE INTO relay_chunks VALUES (?, ?, ?, ?)");
    if (!ins.ok()) return ins.error();
    GROVE_TRY((*ins)
                  ->bind(1, ByteView(space))
                  .bind(2, ByteView(id))
                  .bind(3, static_cast<std::int64_t>(sealed.size()))
                  .bind(4, now)
                  .run());
    auto& u = usage_[space];
    ++u.chunks;
    u.bytes += sealed.size();
    total_bytes_ += sealed.size();
    return {};
}

Result<Bytes> RelayChunkStore::read(const SpaceId& space, const sdk::BlobId& id) {
    blob::ChunkFiles* chunk_files = nullptr;
    {
        std::lock_guard lock(mutex_);
        auto f = files(space);
        if (!f.ok()) return f.error();
        chunk_files = *f;
    }
    Bytes out;
    GROVE_TRY(chunk_files->read(id, out));
    return out;
}

Result<std::size_t> RelayChunkStore::expire(std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    const std::int64_t before = now_ms - limits_.retention.count();
    std::vector<std::tuple<SpaceId, sdk::BlobId, std::uint64_t>> old;
    {
        auto st = db_->prepare("SELECT space_id, id, size FROM relay_chunks WHERE stored_ms < ?");
        if (!st.ok()) return st.error();
        st->bind(1, before);
        for (;;) {
            auto row = st->step();
            if (!row.ok()) return row.error();
            if (!*row) break;
            auto space = fixed_from<kSpaceIdSize>(st->column_blob(0));
            auto id = fixed_from<32>(st->column_blob(1));
            if (space && id)
                old.emplace_back(*space, *id, static_cast<std::uint64_t>(st->column_int(2)));
        }
    }
    std::size_t dropped = 0;
    for (const auto& [space, id, size] : old) {
        // The file before its row: a crash between leaves a row load() drops.
        auto f = files(space);
        if (!f.ok()) return f.error();
        GROVE_TRY((*f)->remove(id));
        auto del = db_->cached("DELETE FROM relay_chunks WHERE space_id = ? AND id = ?");
        if (!del.ok()) return del.error();
        GROVE_TRY((*del)->bind(1, ByteView(space)).bind(2, ByteView(id)).run());
        auto& u = usage_[space];
        u.chunks -= std::min<std::uint64_t>(u.chunks, 1);
        u.bytes -= std::min(u.bytes, size);
        total_bytes_ -= std::min(total_bytes_, size);
        if (u.chunks == 0) usage_.erase(space);
        ++dropped;
    }
    return dropped;
}

std::map<SpaceId, RelayChunkUsage> RelayChunkStore::usage() const {
    std::lock_guard lock(mutex_);
    return usage_;
}

RelayChunkUsage RelayChunkStore::total() const {
    std::lock_guard lock(mutex_);
    RelayChunkUsage out;
    for (const auto& [space, u] : usage_) out.chunks += u.chunks;
    out.bytes = total_bytes_;
    return out;
}

}  // namespace grove::platform::net
