#include "blob/blob_index.h"

namespace grove::platform::blob {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS chunk(
  id BLOB PRIMARY KEY, size INTEGER NOT NULL, origin INTEGER NOT NULL,
  stored_at INTEGER NOT NULL, last_used INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS chunk_by_use ON chunk(last_used);
CREATE TABLE IF NOT EXISTS ref(holder BLOB NOT NULL, id BLOB NOT NULL,
  PRIMARY KEY(holder, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ref_by_id ON ref(id);
CREATE TABLE IF NOT EXISTS pin(holder BLOB PRIMARY KEY) WITHOUT ROWID;
)";

sdk::BlobId id_from(ByteView bytes) {
    sdk::BlobId id{};
    if (bytes.size() == id.size()) std::copy(bytes.begin(), bytes.end(), id.begin());
    return id;
}

}  // namespace

Result<std::unique_ptr<BlobIndex>> BlobIndex::open(const std::filesystem::path& file) {
    auto db = store::Database::open(file);
    if (!db) return db.error();
    GROVE_TRY((*db)->exec(kSchema));
    std::unique_ptr<BlobIndex> index(new BlobIndex(std::move(*db)));
    auto max = index->db_->prepare("SELECT COALESCE(MAX(last_used), 0) FROM chunk");
    if (!max) return max.error();
    auto row = max->step();
    if (!row) return row.error();
    index->use_counter_ = max->column_int(0);
    return index;
}

Result<void> BlobIndex::add(const std::vector<ChunkRow>& rows) {
    std::lock_guard lock(mutex_);
    return store::in_transaction(*db_, [&]() -> Result<void> {
        auto insert = db_->cached(
            "INSERT INTO chunk(id, size, origin, stored_at, last_used) VALUES(?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET origin = MIN(origin, excluded.origin), "
            "stored_at = MAX(stored_at, excluded.stored_at)");
        if (!insert) return insert.error();
        for (const ChunkRow& row : rows) {
            (*insert)
                ->bind(1, ByteView(row.id))
                .bind(2, static_cast<std::int64_t>(row.size))
                .bind(3, static_cast<std::int64_t>(row.origin))
                .bind(4, row.stored_at_ms)
                .bind(5, ++use_counter_);
            GROVE_TRY((*insert)->run());
        }
        return {};
    });
}

Result<void> BlobIndex::erase(const sdk::BlobId& id) {
    std::lock_guard lock(mutex_);
    pending_uses_.erase(id);
    auto stmt = db_->cached("DELETE FROM chunk WHERE id = ?");
    if (!stmt) return stmt.error();
    (*stmt)->bind(1, ByteView(id));
    return (*stmt)->run();
}

std::vector<ChunkRow> BlobIndex::rows(const std::string& sql, std::optional<std::int64_t> bind) {
    std::vector<ChunkRow> out;
    auto stmt = db_->cached(sql);
    if (!stmt) return out;
    if (bind) (*stmt)->bind(1, *bind);
    for (;;) {
        auto row = (*stmt)->step();
        if (!row || !*row) break;
        out.push_back({id_from((*stmt)->column_blob(0)),
                       static_cast<std::uint64_t>((*stmt)->column_int(1)),
                       static_cast<ChunkOrigin>((*stmt)->column_int(2)), (*stmt)->column_int(3)});
    }
    (*stmt)->reset();
    return out;
}

std::optional<ChunkRow> BlobIndex::find(const sdk::BlobId& id) {
    std::lock_guard lock(mutex_);
    auto stmt = db_->cached("SELECT id, size, origin, stored_at FROM chunk WHERE id = ?");
    if (!stmt) return std::nullopt;
    (*stmt)->bind(1, ByteView(id));
    auto row = (*stmt)->step();
    std::optional<ChunkRow> out;
    if (row && *row)
        out = ChunkRow{id, static_cast<std::uint64_t>((*stmt)->column_int(1)),
                       static_cast<ChunkOrigin>((*stmt)->column_int(2)), (*stmt)->column_int(3)};
    (*stmt)->reset();
    return out;
}

std::vector<ChunkRow> BlobIndex::all() {
    std::lock_guard lock(mutex_);
    return rows("SELECT id, size, origin, stored_at FROM chunk");
}

std::vector<ChunkRow> BlobIndex::local() {
    std::lock_guard lock(mutex_);
    return rows("SELECT id, size, origin, stored_at FROM chunk WHERE origin = ?",
                static_cast<std::int64_t>(ChunkOrigin::Local));
}

void BlobIndex::touch(const sdk::BlobId& id) {
    std::lock_guard lock(mutex_);
    pending_uses_[id] = ++use_counter_;
}

Result<void> BlobIndex::flush_uses() {
    std::lock_guard lock(mutex_);
    if (pending_uses_.empty()) return {};
    auto result = store::in_transaction(*db_, [&]() -> Result<void> {
        auto update = db_->cached("UPDATE chunk SET last_used = ? WHERE id = ?");
        if (!update) return update.error();
        for (const auto& [id, use] : pending_uses_) {
            (*update)->bind(1, use).bind(2, ByteView(id));
            GROVE_TRY((*update)->run());
        }
        return {};
    });
    if (result) pending_uses_.clear();
    return result;
}

Result<void> BlobIndex::retain(ByteView holder, const std::vector<sdk::BlobId>& ids) {
    std::lock_guard lock(mutex_);
    return store::in_transaction(*db_, [&]() -> Result<void> {
        auto insert = db_->cached("INSERT OR IGNORE INTO ref(holder, id) VALUES(?, ?)");
        if (!insert) return insert.error();
        for (const sdk::BlobId& id : ids) {
            (*insert)->bind(1, holder).bind(2, ByteView(id));
            GROVE_TRY((*insert)->run());
        }
        return {};
    });
}

Result<void> BlobIndex::release(ByteView holder) {
    std::lock_guard lock(mutex_);
    return store::in_transaction(*db_, [&]() -> Result<void> {
        for (const char* sql :
             {"DELETE FROM ref WHERE holder = ?", "DELETE FROM pin WHERE holder = ?"}) {
            auto stmt = db_->cached(sql);
            if (!stmt) return stmt.error();
            (*stmt)->bind(1, holder);
            GROVE_TRY((*stmt)->run());
        }
        return {};
    });
}

Result<void> BlobIndex::set_pinned(ByteView holder, bool pinned) {
    std::lock_guard lock(mutex_);
    auto stmt = db_->cached(pinned ? "INSERT OR IGNORE INTO pin(holder) VALUES(?)"
                                   : "DELETE FROM pin WHERE holder = ?");
    if (!stmt) return stmt.error();
    (*stmt)->bind(1, holder);
    return (*stmt)->run();
}

std::int64_t BlobIndex::reference_count(const sdk::BlobId& id) {
    std::lock_guard lock(mutex_);
    auto stmt = db_->cached("SELECT COUNT(*) FROM ref WHERE id = ?");
    if (!stmt) return 0;
    (*stmt)->bind(1, ByteView(id));
    auto row = (*stmt)->step();
    std::int64_t count = row && *row ? (*stmt)->column_int(0) : 0;
    (*stmt)->reset();
    return count;
}

std::vector<sdk::BlobId> BlobIndex::missing(ByteView holder) {
    std::lock_guard lock(mutex_);
    std::vector<sdk::BlobId> out;
    auto stmt = db_->cached(
        "SELECT r.id FROM ref r WHERE r.holder = ? AND NOT EXISTS "
        "(SELECT 1 FROM chunk c WHERE c.id = r.id)");
    if (!stmt) return out;
    (*stmt)->bind(1, holder);
    for (;;) {
        auto row = (*stmt)->step();
        if (!row || !*row) break;
        out.push_back(id_from((*stmt)->column_blob(0)));
    }
    (*stmt)->reset();
    return out;
}

std::vector<ChunkRow> BlobIndex::unreferenced(std::int64_t stored_before_ms) {
    std::lock_guard lock(mutex_);
    return rows(
        "SELECT id, size, origin, stored_at FROM chunk c WHERE stored_at <= ? AND NOT EXISTS "
        "(SELECT 1 FROM ref r WHERE r.id = c.id)",
        stored_before_ms);
}

std::vector<ChunkRow> BlobIndex::evictable() {
    std::lock_guard lock(mutex_);
    return rows(
        "SELECT id, size, origin, stored_at FROM chunk c WHERE origin = 1 AND NOT EXISTS "
        "(SELECT 1 FROM ref r JOIN pin p ON p.holder = r.holder WHERE r.id = c.id) "
        "ORDER BY last_used ASC");
}

std::uint64_t BlobIndex::total_size() {
    std::lock_guard lock(mutex_);
    auto stmt = db_->cached("SELECT COALESCE(SUM(size), 0) FROM chunk");
    if (!stmt) return 0;
    auto row = (*stmt)->step();
    std::uint64_t total = row && *row ? static_cast<std::uint64_t>((*stmt)->column_int(0)) : 0;
    (*stmt)->reset();
    return total;
}

}  // namespace grove::platform::blob
