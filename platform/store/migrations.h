// The profile database schema as an ordered list of migrations; PRAGMA user_version records how
// many have run. A migration is never edited once released: schema changes append a new one.
#pragma once

#include <grove/sdk/result.h>

#include <string>
#include <vector>

#include "store/database.h"

namespace grove::platform::store {

struct Migration {
    int version;  // user_version after it has run
    std::string description;
    std::string sql;
};

const std::vector<Migration>& profile_migrations();

// Runs every migration above the database's user_version, each in its own transaction.
// A database newer than this code is refused (FailedPrecondition), never modified.
Result<void> migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace grove::platform::store
