#include "net/relay_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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
        {2, "relay retention floor and refills", R"sql(
CREATE TABLE relay_floors(
  space_id BLOB NOT NULL,
  author BLOB NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (space_id, author)
);
CREATE TABLE relay_refills(
  pos INTEGER PRIMARY KEY,
  space_id BLOB NOT NULL,
  device BLOB NOT NULL,
  author BLOB NOT NULL,
  author_seq INTEGER NOT NULL,
  header BLOB NOT NULL,
  nonce BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  signature BLOB,
  size INTEGER NOT NULL,
  stored_ms INTEGER NOT NULL,
  UNIQUE (space_id, device, author, author_seq)
);
CREATE INDEX relay_refills_by_device ON relay_refills(space_id, device, pos);
CREATE INDEX relay_refills_by_age ON relay_refills(stored_ms);
)sql"},
        {3, "relay rosters", R"sql(
CREATE TABLE relay_rosters(
  space_id BLOB PRIMARY KEY,
  roster BLOB NOT NULL
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

// The relay's directory is 0700 and its database files 0600: they name every space and device
// it serves. SQLite creates -wal and -shm with the database file's mode.
Result<void> restrict_files(const std::filesystem::path& dir) {
    if (::chmod(dir.c_str(), 0700) != 0)
        return make_error(ErrorCode::FailedPrecondition, "cannot restrict " + dir.string());
    const auto db = dir / "relay.db";
    int fd = ::open(db.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return make_error(ErrorCode::FailedPrecondition, "cannot create " + db.string());
    const bool ok = ::fchmod(fd, 0600) == 0;
    ::close(fd);
    if (!ok) return make_error(ErrorCode::FailedPrecondition, "cannot restrict " + db.string());
    for (const char* suffix : {"-wal", "-shm"}) {
        auto f = dir / ("relay.db" + std::string(suffix));
        if (::chmod(f.c_str(), 0600) != 0 && errno != ENOENT)
            return make_error(ErrorCode::FailedPrecondition, "cannot restrict " + f.string());
    }
    return {};
}
}  // namespace

Result<std::unique_ptr<RelayStore>> RelayStore::open(const std::filesystem::path& dir,
                                                     RelayLimits limits) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return make_error(ErrorCode::FailedPrecondition, "cannot create " + dir.string());
    GROVE_TRY(restrict_files(dir));
    auto db = store::Database::open(dir / "relay.db");
    if (!db.ok()) return db.error();
    GROVE_TRY(store::migrate(**db, relay_migrations()));
    std::unique_ptr<RelayStore> s(new RelayStore(std::move(db).value(), limits));
    s->path_ = dir / "relay.db";
    GROVE_TRY(s->load());
    return s;
}

Result<void> RelayStore::load() {
    // relay_vectors and relay_floors have the same layout: (space, author) → highest seq.
    auto read = [this](const char* table, auto& into) -> Result<void> {
        auto st = db_->prepare(std::string("SELECT space_id, author, seq FROM ") + table);
        if (!st.ok()) return st.error();
        for (;;) {
            auto row = st->step();
            if (!row.ok()) return row.error();
            if (!*row) return {};
            auto sid = fixed_from<kSpaceIdSize>(st->column_blob(0));
            auto author = fixed_from<32>(st->column_blob(1));
            if (!sid || !author)
                return make_error(ErrorCode::DataLoss, "the relay store is damaged");
            into[*sid][*author] = static_cast<std::uint64_t>(st->column_int(2));
        }
    };
    GROVE_TRY(read("relay_vectors", vectors_));
    GROVE_TRY(read("relay_floors", floors_));
    GROVE_TRY(load_rosters());
    return load_usage();
}

Result<void> RelayStore::load_rosters() {
    auto st = db_->prepare("SELECT space_id, roster FROM relay_rosters");
    if (!st.ok()) return st.error();
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!*row) return {};
        auto sid = fixed_from<kSpaceIdSize>(st->column_blob(0));
        grove::net::v1::RosterStatement rs;
        if (!sid || !rs.ParseFromString(to_string(st->column_blob(1))))
            return make_error(ErrorCode::DataLoss, "the relay store's rosters are damaged");
        RelayRoster r;
        for (const auto& d : rs.devices()) {
            auto key = fixed_from<32>(as_bytes(d.device()));
            if (!key)
                return make_error(ErrorCode::DataLoss, "the relay store's rosters are damaged");
            r.devices.emplace(*key, d.manager());
        }
        r.vector = vector_from_proto(rs.vector());
        r.digest = roster_digest(*sid, r.devices);
        rosters_[*sid] = std::move(r);
    }
}

const RelayRoster* RelayStore::roster(const SpaceId& space) const {
    std::lock_guard lock(roster_mutex_);
    auto it = rosters_.find(space);
    return it == rosters_.end() ? nullptr : &it->second;
}

RelayStore::MemberCheck RelayStore::check_member(const SpaceId& space,
                                                 const crypto::SignPublicKey& device) const {
    MemberCheck out;
    std::lock_guard lock(roster_mutex_);
    auto it = rosters_.find(space);
    if (it == rosters_.end()) return out;
    out.has_roster = true;
    out.admitted = it->second.admits(device);
    out.digest = it->second.digest;
    return out;
}

std::size_t RelayStore::roster_count() const {
    std::lock_guard lock(roster_mutex_);
    return rosters_.size();
}

Result<void> RelayStore::put_roster(const SpaceId& space, const RelayRoster& roster) {
    if (this->roster(space) == nullptr && roster_count() >= limits_.max_spaces)
        return make_error(
            ErrorCode::ResourceExhausted,
            "the relay holds the most spaces it may (" + std::to_string(limits_.max_spaces) + ")");
    grove::net::v1::RosterStatement rs;
    vector_to_proto(roster.vector, rs.mutable_vector());
    for (const auto& [device, manager] : roster.devices) {
        auto* d = rs.add_devices();
        d->set_device(to_string(ByteView(device)));
        d->set_manager(manager);
    }
    auto st = db_->cached("INSERT OR REPLACE INTO relay_rosters(space_id, roster) VALUES (?,?)");
    if (!st.ok()) return st.error();
    const std::string bytes = rs.SerializeAsString();
    GROVE_TRY((*st)->bind(1, ByteView(space)).bind(2, as_bytes(bytes)).run());
    {
        std::lock_guard lock(roster_mutex_);
        rosters_[space] = roster;
    }
    ++roster_generation_;
    return {};
}

Result<void> RelayStore::check_quota(
    const SpaceId& space, std::uint64_t bytes,
    const std::map<crypto::SignPublicKey, std::uint64_t>& by_author) {
    last_quota_ = RelayQuota::None;
    auto mib = [](std::uint64_t b) { return std::to_string(b / (1024 * 1024)) + " MiB"; };
    auto it = usage_.find(space);
    const std::uint64_t used = it == usage_.end() ? 0 : it->second.bytes;
    if (used + bytes > limits_.space_quota_bytes) {
        last_quota_ = RelayQuota::Space;
        return make_error(
            ErrorCode::ResourceExhausted,
            "the relay's quota for this space (" + mib(limits_.space_quota_bytes) + ") is full");
    }
    for (const auto& [author, add] : by_author) {
        auto d = device_bytes_.find(author);
        if ((d == device_bytes_.end() ? 0 : d->second) + add > limits_.device_quota_bytes) {
            last_quota_ = RelayQuota::Device;
            return make_error(ErrorCode::ResourceExhausted,
                              "the relay's quota for device " + to_hex(author).substr(0, 16) +
                                  "… (" + mib(limits_.device_quota_bytes) + ") is full");
        }
    }
    if (total_bytes_ + bytes > limits_.total_quota_bytes) {
        last_quota_ = RelayQuota::Total;
        return make_error(ErrorCode::ResourceExhausted,
                          "the relay's storage (" + mib(limits_.total_quota_bytes) + ") is full");
    }
    return {};
}

Result<void> RelayStore::load_usage() {
    usage_.clear();
    refill_counts_.clear();
    device_bytes_.clear();
    total_bytes_ = 0;
    auto a = db_->prepare("SELECT author, SUM(size) FROM relay_deltas GROUP BY author");
    if (!a.ok()) return a.error();
    for (;;) {
        auto row = a->step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        auto author = fixed_from<32>(a->column_blob(0));
        if (!author) return make_error(ErrorCode::DataLoss, "the relay store is damaged");
        device_bytes_[*author] = static_cast<std::uint64_t>(a->column_int(1));
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
        total_bytes_ += static_cast<std::uint64_t>(u->column_int(2));
    }
    auto r = db_->prepare(
        "SELECT space_id, device, COUNT(*), SUM(size) FROM relay_refills GROUP BY space_id, "
        "device");
    if (!r.ok()) return r.error();
    for (;;) {
        auto row = r->step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        auto sid = fixed_from<kSpaceIdSize>(r->column_blob(0));
        auto device = fixed_from<32>(r->column_blob(1));
        if (!sid || !device) return make_error(ErrorCode::DataLoss, "the relay store is damaged");
        auto n = static_cast<std::uint64_t>(r->column_int(2));
        auto b = static_cast<std::uint64_t>(r->column_int(3));
        auto& use = usage_[*sid];
        use.deltas += n;
        use.bytes += b;
        use.refill_deltas += n;
        use.refill_bytes += b;
        total_bytes_ += b;
        refill_counts_[{*sid, *device}] = n;
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
    std::map<crypto::SignPublicKey, std::uint64_t> by_author;
    for (const auto& d : deltas) {
        auto& have = vec[d.author];
        if (d.seq <= have) {
            ++out.duplicates;
        } else if (d.seq == have + 1) {
            have = d.seq;
            accept.push_back(&d);
            const std::uint64_t size = d.sealed.header().size() + d.sealed.ciphertext().size() + 88;
            bytes += size;
            by_author[d.author] += size;
        } else {
            ++out.out_of_order;
        }
    }
    if (accept.empty()) return out;
    GROVE_TRY(check_quota(space, bytes, by_author));
    auto& use = usage_[space];
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
    total_bytes_ += bytes;
    for (const auto& [author, add] : by_author) device_bytes_[author] += add;
    out.stored = accept.size();
    return out;
}

// Callers hold reader_mutex_.
Result<void> RelayStore::open_reader() {
    if (reader_) return {};
    static constexpr const char* kPage =
        "SELECT pos, author, author_seq, header, nonce, ciphertext, signature FROM relay_deltas"
        " WHERE space_id = ? AND pos > ? ORDER BY pos LIMIT ?";
    // Parameter 4 (the device) is bound before read_signed_runs, which binds 1 to 3 per page.
    static constexpr const char* kRefillPage =
        "SELECT pos, author, author_seq, header, nonce, ciphertext, signature FROM relay_refills"
        " WHERE space_id = ?1 AND device = ?4 AND pos > ?2 ORDER BY pos LIMIT ?3";
    auto reader = std::make_unique<LogReader>();
    sqlite3_stmt* stmt = nullptr;
    sqlite3_stmt* refill = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &reader->db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
        sqlite3_busy_timeout(reader->db, 5000) != SQLITE_OK ||
        sqlite3_prepare_v3(reader->db, kPage, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
            SQLITE_OK ||
        sqlite3_prepare_v3(reader->db, kRefillPage, -1, SQLITE_PREPARE_PERSISTENT, &refill,
                           nullptr) != SQLITE_OK) {
        std::string why = sqlite3_errmsg(reader->db);
        sqlite3_finalize(stmt);
        return make_error(ErrorCode::Unavailable,
                          "cannot open a reader on " + path_.string() + ": " + why);
    }
    reader->page = store::Statement(reader->db, stmt);
    refill_page_ = store::Statement(reader->db, refill);
    reader_ = std::move(reader);
    return {};
}

Result<OutgoingBatch> RelayStore::read(const SpaceId& space, std::int64_t after,
                                       VersionVector& remote_has, std::size_t max_deltas,
                                       std::size_t max_bytes, std::int64_t* held_back) {
    std::lock_guard lock(reader_mutex_);
    GROVE_TRY(open_reader());
    return read_signed_runs(reader_->page, space, after, remote_has, max_deltas, max_bytes,
                            held_back);
}

Result<OutgoingBatch> RelayStore::read_refill(const SpaceId& space,
                                              const crypto::SignPublicKey& device,
                                              std::int64_t after, VersionVector& remote_has,
                                              std::size_t max_deltas, std::size_t max_bytes,
                                              std::int64_t* held_back) {
    std::lock_guard lock(reader_mutex_);
    GROVE_TRY(open_reader());
    refill_page_.bind(4, ByteView(device));
    return read_signed_runs(refill_page_, space, after, remote_has, max_deltas, max_bytes,
                            held_back);
}

VersionVector RelayStore::floor(const SpaceId& space) const {
    auto it = floors_.find(space);
    return it == floors_.end() ? VersionVector{} : it->second;
}

std::uint64_t RelayStore::refill_count(const SpaceId& space,
                                       const crypto::SignPublicKey& device) const {
    auto it = refill_counts_.find({space, device});
    return it == refill_counts_.end() ? 0 : it->second;
}

Result<std::size_t> RelayStore::append_refill(const SpaceId& space,
                                              const crypto::SignPublicKey& device,
                                              const std::vector<DecodedDelta>& deltas) {
    const VersionVector fl = floor(space);
    // Per author: keep what is at or below the floor (the relay lacks it), then run on above
    // it only until the first signed delta, so the held run ends on a signature.
    std::map<crypto::SignPublicKey, bool> open;
    std::vector<const DecodedDelta*> keep;
    std::uint64_t bytes = 0;
    for (const auto& d : deltas) {
        auto f = fl.find(d.author);
        const bool below = f != fl.end() && d.seq <= f->second;
        bool& run_open = open[d.author];
        if (!below && !run_open) continue;
        keep.push_back(&d);
        run_open = d.sealed.signature().empty();
        bytes += d.sealed.header().size() + d.sealed.ciphertext().size() + 88;
    }
    if (keep.empty()) return std::size_t{0};
    if (auto q = check_quota(space, bytes, {}); !q.ok())
        return make_error(q.error().code, q.error().message +
                                              ": it cannot hold the deltas re-sent for a device "
                                              "behind its retention");
    auto& use = usage_[space];
    const std::int64_t now = wall_ms();
    std::size_t stored = 0;
    std::uint64_t stored_bytes = 0;
    auto r = store::in_transaction(*db_, [&]() -> Result<void> {
        stored = 0;
        stored_bytes = 0;
        auto st = db_->cached(
            "INSERT OR IGNORE INTO relay_refills(space_id, device, author, author_seq, header,"
            " nonce, ciphertext, signature, size, stored_ms) VALUES (?,?,?,?,?,?,?,?,?,?)");
        if (!st.ok()) return st.error();
        for (const auto* d : keep) {
            auto& q = **st;
            const auto size = static_cast<std::int64_t>(d->sealed.header().size() +
                                                        d->sealed.ciphertext().size() + 88);
            q.bind(1, ByteView(space))
                .bind(2, ByteView(device))
                .bind(3, ByteView(d->author))
                .bind(4, static_cast<std::int64_t>(d->seq))
                .bind(5, as_bytes(d->sealed.header()))
                .bind(6, as_bytes(d->sealed.nonce()))
                .bind(7, as_bytes(d->sealed.ciphertext()));
            if (d->sealed.signature().empty())
                q.bind_null(8);
            else
                q.bind(8, as_bytes(d->sealed.signature()));
            q.bind(9, size).bind(10, now);
            GROVE_TRY(q.run());
            if (sqlite3_changes(db_->handle()) > 0) {
                ++stored;
                stored_bytes += static_cast<std::uint64_t>(size);
            }
        }
        return {};
    });
    if (!r.ok()) return r.error();
    use.deltas += stored;
    use.bytes += stored_bytes;
    use.refill_deltas += stored;
    use.refill_bytes += stored_bytes;
    total_bytes_ += stored_bytes;
    refill_counts_[{space, device}] += stored;
    return stored;
}

Result<RelaySpaceUsage> RelayStore::drop_refills(const SpaceId& space,
                                                 const crypto::SignPublicKey& device,
                                                 const crypto::SignPublicKey& author,
                                                 std::uint64_t upto) {
    auto st = db_->cached(
        "DELETE FROM relay_refills WHERE space_id = ? AND device = ? AND author = ?"
        " AND author_seq <= ? RETURNING size");
    if (!st.ok()) return st.error();
    auto& q = **st;
    q.bind(1, ByteView(space))
        .bind(2, ByteView(device))
        .bind(3, ByteView(author))
        .bind(4, static_cast<std::int64_t>(upto));
    RelaySpaceUsage out;
    for (;;) {
        auto row = q.step();
        if (!row.ok()) {
            q.reset();
            return row.error();
        }
        if (!*row) break;
        ++out.deltas;
        out.bytes += static_cast<std::uint64_t>(q.column_int(0));
    }
    q.reset();
    return out;
}

Result<std::size_t> RelayStore::prune_refill(const SpaceId& space,
                                             const crypto::SignPublicKey& device,
                                             const VersionVector& has) {
    if (refill_count(space, device) == 0) return std::size_t{0};
    RelaySpaceUsage dropped;
    auto r = store::in_transaction(*db_, [&]() -> Result<void> {
        dropped = {};
        for (const auto& [author, seq] : has) {
            auto n = drop_refills(space, device, author, seq);
            if (!n.ok()) return n.error();
            dropped.deltas += n->deltas;
            dropped.bytes += n->bytes;
        }
        return {};
    });
    if (!r.ok()) return r.error();
    auto& use = usage_[space];
    use.deltas -= std::min(use.deltas, dropped.deltas);
    use.bytes -= std::min(use.bytes, dropped.bytes);
    use.refill_deltas -= std::min(use.refill_deltas, dropped.deltas);
    use.refill_bytes -= std::min(use.refill_bytes, dropped.bytes);
    total_bytes_ -= std::min(total_bytes_, dropped.bytes);
    auto& count = refill_counts_[{space, device}];
    count -= std::min(count, dropped.deltas);
    if (count == 0) refill_counts_.erase({space, device});
    return static_cast<std::size_t>(dropped.deltas);
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

Result<RelayExpiry> RelayStore::expire(std::int64_t now_ms) {
    const std::int64_t cutoff = now_ms - limits_.retention.count();
    const std::int64_t refill_cutoff = now_ms - limits_.refill_retention.count();
    // Per author, the highest seq stored before the cutoff: everything up to it goes, so the
    // relay's log of an author is always the contiguous run (floor, vector].
    struct Cut {
        SpaceId space;
        crypto::SignPublicKey author;
        std::uint64_t seq;
    };
    std::vector<Cut> cuts;
    {
        auto q = db_->cached(
            "SELECT space_id, author, MAX(author_seq) FROM relay_deltas WHERE stored_ms < ?"
            " GROUP BY space_id, author");
        if (!q.ok()) return q.error();
        auto& st = **q;
        st.bind(1, cutoff);
        for (;;) {
            auto row = st.step();
            if (!row.ok()) {
                st.reset();
                return row.error();
            }
            if (!*row) break;
            auto sid = fixed_from<kSpaceIdSize>(st.column_blob(0));
            auto author = fixed_from<32>(st.column_blob(1));
            if (!sid || !author) {
                st.reset();
                return make_error(ErrorCode::DataLoss, "the relay store is damaged");
            }
            cuts.push_back({*sid, *author, static_cast<std::uint64_t>(st.column_int(2))});
        }
        st.reset();
    }
    RelayExpiry out;
    auto r = store::in_transaction(*db_, [&]() -> Result<void> {
        out = {};
        auto del = db_->cached(
            "DELETE FROM relay_deltas WHERE space_id = ? AND author = ? AND author_seq <= ?");
        if (!del.ok()) return del.error();
        auto up = db_->cached(
            "INSERT INTO relay_floors(space_id, author, seq) VALUES (?,?,?) ON CONFLICT"
            " (space_id, author) DO UPDATE SET seq = MAX(seq, excluded.seq)");
        if (!up.ok()) return up.error();
        for (const auto& c : cuts) {
            GROVE_TRY((*del)
                          ->bind(1, ByteView(c.space))
                          .bind(2, ByteView(c.author))
                          .bind(3, static_cast<std::int64_t>(c.seq))
                          .run());
            out.deltas += static_cast<std::size_t>(sqlite3_changes(db_->handle()));
            GROVE_TRY((*up)
                          ->bind(1, ByteView(c.space))
                          .bind(2, ByteView(c.author))
                          .bind(3, static_cast<std::int64_t>(c.seq))
                          .run());
        }
        auto old = db_->cached("DELETE FROM relay_refills WHERE stored_ms < ?");
        if (!old.ok()) return old.error();
        GROVE_TRY((*old)->bind(1, refill_cutoff).run());
        out.refills = static_cast<std::size_t>(sqlite3_changes(db_->handle()));
        return {};
    });
    if (!r.ok()) return r.error();
    for (const auto& c : cuts) {
        auto& f = floors_[c.space][c.author];
        f = std::max(f, c.seq);
    }
    if (out.deltas > 0 || out.refills > 0) GROVE_TRY(load_usage());
    return out;
}

}  // namespace grove::platform::net
