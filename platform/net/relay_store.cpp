#include "net/relay_store.h"

#include <set>

#include "core/chain_auth.h"
#include "store/migrations.h"

namespace grove::platform::net {

namespace {
const std::vector<store::Migration>& relay_migrations() {
    static const std::vector<store::Migration> m = {
        {1, "relay delta log", R"sql(
CREATE TABLE relay_deltas(
  pos INTEGER PRIMARY KEY,
  space_id BLOB NOT NULL,
  delta_id BLOB NOT NULL UNIQUE,
  author BLOB NOT NULL,
  author_seq INTEGER NOT NULL,
  header BLOB NOT NULL,
  nonce BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  signature BLOB,
  size INTEGER NOT NULL,
  stored_ms INTEGER NOT NULL,
  UNIQUE (space_id, author, author_seq)
);
CREATE INDEX relay_by_space ON relay_deltas(space_id, pos);
CREATE INDEX relay_by_age ON relay_deltas(stored_ms);
CREATE TABLE relay_vectors(
  space_id BLOB NOT NULL,
  author BLOB NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (space_id, author)
);
)sql"},
    };
    return m;
}

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

Result<std::unique_ptr<RelayStore>> RelayStore::open(const std::filesystem::path& dir,
                                                     RelayLimits limits) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return make_error(ErrorCode::FailedPrecondition, "cannot create " + dir.string());
    auto db = store::Database::open(dir / "relay.db");
    if (!db.ok()) return db.error();
    GROVE_TRY(store::migrate(**db, relay_migrations()));
    std::unique_ptr<RelayStore> s(new RelayStore(std::move(db).value(), limits));
    s->path_ = dir / "relay.db";
    GROVE_TRY(s->load());
    return s;
}

Result<void> RelayStore::load() {
    auto st = db_->prepare("SELECT space_id, author, seq FROM relay_vectors");
    if (!st.ok()) return st.error();
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        auto sid = fixed_from<kSpaceIdSize>(st->column_blob(0));
        auto author = fixed_from<32>(st->column_blob(1));
        if (!sid || !author) return make_error(ErrorCode::DataLoss, "the relay store is damaged");
        vectors_[*sid][*author] = static_cast<std::uint64_t>(st->column_int(2));
    }
    auto u = db_->prepare("SELECT space_id, COUNT(*), SUM(size) FROM relay_deltas GROUP BY space_id");
    if (!u.ok()) return u.error();
    for (;;) {
        auto row = u->step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        auto sid = fixed_from<kSpaceIdSize>(u->column_blob(0));
        if (!sid) return make_error(ErrorCode::DataLoss, "the relay store is damaged");
        usage_[*sid] = {static_cast<std::uint64_t>(u->column_int(1)),
                        static_cast<std::uint64_t>(u->column_int(2))};
    }
    return {};
}

VersionVector RelayStore::vector(const SpaceId& space) const {
    auto it = vectors_.find(space);
    return it == vectors_.end() ? VersionVector{} : it->second;
}

Result<RelayAppend> RelayStore::append(const SpaceId& space,
                                       const std::vector<DecodedDelta>& deltas) {
    RelayAppend out;
    VersionVector vec = vector(space);
    std::vector<const DecodedDelta*> accept;
    std::uint64_t bytes = 0;
    for (const auto& d : deltas) {
        auto& have = vec[d.author];
        if (d.seq <= have) {
            ++out.duplicates;
        } else if (d.seq == have + 1) {
            have = d.seq;
            accept.push_back(&d);
            bytes += d.sealed.header().size() + d.sealed.ciphertext().size() + 88;
        } else {
            ++out.out_of_order;
        }
    }
    if (accept.empty()) return out;
    auto& use = usage_[space];
    if (use.bytes + bytes > limits_.space_quota_bytes)
        return make_error(ErrorCode::ResourceExhausted,
                          "the relay's quota for this space (" +
                              std::to_string(limits_.space_quota_bytes / (1024 * 1024)) +
                              " MiB) is full");
    const std::int64_t now = wall_ms();
    auto r = store::in_transaction(*db_, [&]() -> Result<void> {
        auto st = db_->cached(
            "INSERT OR IGNORE INTO relay_deltas(space_id, delta_id, author, author_seq, header,"
            " nonce, ciphertext, signature, size, stored_ms) VALUES (?,?,?,?,?,?,?,?,?,?)");
        if (!st.ok()) return st.error();
        for (const auto* d : accept) {
            auto& s = **st;
            s.bind(1, ByteView(space))
                .bind(2, ByteView(d->id))
                .bind(3, ByteView(d->author))
                .bind(4, static_cast<std::int64_t>(d->seq))
                .bind(5, as_bytes(d->sealed.header()))
                .bind(6, as_bytes(d->sealed.nonce()))
                .bind(7, as_bytes(d->sealed.ciphertext()));
            if (d->sealed.signature().empty()) s.bind_null(8);
            else s.bind(8, as_bytes(d->sealed.signature()));
            s.bind(9, static_cast<std::int64_t>(d->sealed.header().size() +
                                                d->sealed.ciphertext().size() + 88))
                .bind(10, now);
            GROVE_TRY(s.run());
        }
        auto vs = db_->cached(
            "INSERT OR REPLACE INTO relay_vectors(space_id, author, seq) VALUES (?,?,?)");
        if (!vs.ok()) return vs.error();
        std::set<crypto::SignPublicKey> authors;
        for (const auto* d : accept) authors.insert(d->author);
        for (const auto& a : authors)
            GROVE_TRY((*vs)->bind(1, ByteView(space)).bind(2, ByteView(a))
                          .bind(3, static_cast<std::int64_t>(vec[a])).run());
        return {};
    });
    if (!r.ok()) return r.error();
    vectors_[space] = vec;
    use.deltas += accept.size();
    use.bytes += bytes;
    out.stored = accept.size();
    return out;
}

Result<OutgoingBatch> RelayStore::read(const SpaceId& space, std::int64_t after,
                                       VersionVector& remote_has, std::size_t max_deltas,
                                       std::size_t max_bytes) {
    static constexpr const char* kPage =
        "SELECT pos, author, author_seq, header, nonce, ciphertext, signature FROM relay_deltas"
        " WHERE space_id = ? AND pos > ? ORDER BY pos LIMIT ?";
    std::lock_guard lock(reader_mutex_);
    if (!reader_) {
        auto reader = std::make_unique<LogReader>();
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_open_v2(path_.c_str(), &reader->db, SQLITE_OPEN_READONLY, nullptr) !=
                SQLITE_OK ||
            sqlite3_busy_timeout(reader->db, 5000) != SQLITE_OK ||
            sqlite3_prepare_v3(reader->db, kPage, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                               nullptr) != SQLITE_OK)
            return make_error(ErrorCode::Unavailable,
                              "cannot open a reader on " + path_.string() + ": " +
                                  sqlite3_errmsg(reader->db));
        reader->page = store::Statement(reader->db, stmt);
        reader_ = std::move(reader);
    }
    return read_signed_runs(reader_->page, space, after, remote_has, max_deltas, max_bytes);
}

std::optional<std::int64_t> RelayStore::position_of(const SpaceId& space,
                                                    const crypto::SignPublicKey& author,
                                                    std::uint64_t seq) {
    auto st = db_->cached(
        "SELECT pos FROM relay_deltas WHERE space_id = ? AND author = ? AND author_seq = ?");
    if (!st.ok()) return std::nullopt;
    auto& q = **st;
    q.bind(1, ByteView(space)).bind(2, ByteView(author)).bind(3, static_cast<std::int64_t>(seq));
    auto row = q.step();
    std::optional<std::int64_t> out;
    if (row.ok() && *row) out = q.column_int(0);
    q.reset();
    return out;
}

Result<std::size_t> RelayStore::expire(std::int64_t now_ms) {
    std::int64_t cutoff =
        now_ms - std::chrono::duration_cast<std::chrono::milliseconds>(limits_.retention).count();
    auto st = db_->cached("DELETE FROM relay_deltas WHERE stored_ms < ?");
    if (!st.ok()) return st.error();
    GROVE_TRY((*st)->bind(1, cutoff).run());
    auto n = static_cast<std::size_t>(sqlite3_changes(db_->handle()));
    if (n > 0) {
        usage_.clear();
        GROVE_TRY(load());
    }
    return n;
}

}  // namespace grove::platform::net
