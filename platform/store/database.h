// Database and Statement: a small RAII layer over SQLite that reports failures as grove::Error.
// Used by the profile store (and later the relay); nothing else talks to sqlite3 directly.
#pragma once

#include <grove/sdk/result.h>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "common/bytes.h"

namespace grove::platform::store {

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, ByteView value);
    // Binds without copying: `value` must stay valid until the statement is reset.
    Statement& bind_static(int index, ByteView value);
    Statement& bind(int index, std::string_view value);
    Statement& bind_null(int index);

    // Steps once: true when a row is available, false when done. Errors are returned as values.
    Result<bool> step();
    // Steps to completion and resets; for statements returning no rows.
    Result<void> run();
    void reset();

    std::int64_t column_int(int index) const;
    ByteView column_blob(int index) const;
    Bytes column_bytes(int index) const;
    std::string column_text(int index) const;
    bool column_is_null(int index) const;

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database {
public:
    // Opens or creates the database file; WAL mode, synchronous=FULL, foreign keys on.
    // A file that is not a database, or a corrupt one, is a DataLoss error.
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path& path);
    ~Database();

    Result<void> exec(const std::string& sql);
    Result<Statement> prepare(const std::string& sql);
    // Cached prepared statement, valid as long as the database lives (reset before return).
    Result<Statement*> cached(const std::string& sql);

    Result<void> begin();
    Result<void> commit();
    void rollback();

    std::int64_t user_version();
    Result<void> set_user_version(std::int64_t version);
    sqlite3* handle() { return db_; }

    Error last_error(const std::string& context) const;

private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
    std::vector<std::pair<std::string, std::unique_ptr<Statement>>> cache_;
};

// Runs `body` inside one transaction; commits if it returns ok, rolls back otherwise.
template <class F>
Result<void> in_transaction(Database& db, F&& body) {
    GROVE_TRY(db.begin());
    Result<void> r = body();
    if (!r.ok()) {
        db.rollback();
        return r;
    }
    auto c = db.commit();
    if (!c.ok()) db.rollback();
    return c;
}

}  // namespace grove::platform::store
