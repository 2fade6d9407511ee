#include "store/database.h"

#include <utility>

namespace grove::platform::store {

namespace {
ErrorCode code_for(int rc) {
    switch (rc & 0xff) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return ErrorCode::DataLoss;
        case SQLITE_FULL:
        case SQLITE_NOMEM:
            return ErrorCode::ResourceExhausted;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return ErrorCode::Unavailable;
        case SQLITE_CONSTRAINT:
            return ErrorCode::AlreadyExists;
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
        case SQLITE_READONLY:
            return ErrorCode::FailedPrecondition;
        default:
            return ErrorCode::Internal;
    }
}
}  // namespace

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (stmt_) sqlite3_finalize(stmt_);
        db_ = std::exchange(other.db_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, ByteView value) {
    sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_static(int index, ByteView value) {
    sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

Result<bool> Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e{code_for(sqlite3_extended_errcode(db_)),
            std::string("database: ") + sqlite3_errmsg(db_)};
    sqlite3_reset(stmt_);
    return e;
}

Result<void> Statement::run() {
    for (;;) {
        auto r = step();
        if (!r.ok()) return r.error();
        if (!*r) break;
    }
    reset();
    return {};
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

ByteView Statement::column_blob(int index) const {
    auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
    int n = sqlite3_column_bytes(stmt_, index);
    return {p, static_cast<std::size_t>(n)};
}

Bytes Statement::column_bytes(int index) const {
    auto v = column_blob(index);
    return Bytes(v.begin(), v.end());
}

std::string Statement::column_text(int index) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return p ? std::string(p, sqlite3_column_bytes(stmt_, index)) : std::string();
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& path) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
        if (raw) sqlite3_close(raw);
        return make_error(code_for(rc), "cannot open database " + path.string() + ": " + msg);
    }
    std::unique_ptr<Database> db(new Database(raw));
    sqlite3_busy_timeout(raw, 5000);
    // Reading the schema is the first thing that touches the file: a non-database fails here.
    for (const char* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
          "PRAGMA secure_delete=ON",
          // Fewer, larger checkpoints: bulk appends (sync catch-up) copy pages less often.
          "PRAGMA wal_autocheckpoint=4000", "PRAGMA cache_size=-16384"}) {
        auto r = db->exec(pragma);
        if (!r.ok())
            return make_error(r.error().code == ErrorCode::Internal ? ErrorCode::DataLoss
                                                                    : r.error().code,
                              "database " + path.string() + " is unreadable: " + r.error().message);
    }
    auto check = db->prepare("PRAGMA quick_check");
    if (!check.ok()) return make_error(ErrorCode::DataLoss, check.error().message);
    auto row = check->step();
    if (!row.ok())
        return make_error(ErrorCode::DataLoss, "database " + path.string() +
                                                   " is corrupt: " + row.error().message);
    if (*row && check->column_text(0) != "ok")
        return make_error(ErrorCode::DataLoss,
                          "database " + path.string() + " is corrupt: " + check->column_text(0));
    return db;
}

Database::~Database() {
    cache_.clear();
    if (db_) sqlite3_close_v2(db_);
}

Error Database::last_error(const std::string& context) const {
    return Error{code_for(sqlite3_extended_errcode(db_)), context + ": " + sqlite3_errmsg(db_)};
}

Result<void> Database::exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        return make_error(code_for(rc), "database: " + msg);
    }
    return {};
}

Result<Statement> Database::prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return last_error("database: prepare");
    return Statement(db_, stmt);
}

Result<Statement*> Database::cached(const std::string& sql) {
    for (auto& [text, stmt] : cache_) {
        if (text == sql) {
            stmt->reset();
            return stmt.get();
        }
    }
    auto prepared = prepare(sql);
    if (!prepared.ok()) return prepared.error();
    cache_.emplace_back(sql, std::make_unique<Statement>(std::move(prepared).value()));
    return cache_.back().second.get();
}

Result<void> Database::begin() { return exec("BEGIN IMMEDIATE"); }
Result<void> Database::commit() { return exec("COMMIT"); }
void Database::rollback() { (void)exec("ROLLBACK"); }

std::int64_t Database::user_version() {
    auto st = prepare("PRAGMA user_version");
    if (!st.ok()) return -1;
    auto r = st->step();
    return r.ok() && *r ? st->column_int(0) : -1;
}

Result<void> Database::set_user_version(std::int64_t version) {
    return exec("PRAGMA user_version=" + std::to_string(version));
}

}  // namespace grove::platform::store
