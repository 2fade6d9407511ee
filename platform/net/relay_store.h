// RelayStore: the relay's durable log of sealed deltas per space (SQLite, WAL, full sync) with
// exact per-author vectors, per-space quota and retention. It never holds a key.
#pragma once

#include <grove/sdk/result.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "core/delta_envelope.h"
#include "core/replication_state.h"  // LogReader
#include "core/replicator.h"
#include "store/database.h"

namespace grove::platform::net {

struct RelayLimits {
    std::uint64_t space_quota_bytes = 1024ull * 1024 * 1024;
    std::chrono::hours retention{24 * 90};
};

struct RelaySpaceUsage {
    std::uint64_t deltas = 0;
    std::uint64_t bytes = 0;
};

struct RelayAppend {
    std::size_t stored = 0;
    std::size_t duplicates = 0;
    std::size_t out_of_order = 0;  // a gap in an author's chain: not stored, sent again later
};

class RelayStore {
public:
    static Result<std::unique_ptr<RelayStore>> open(const std::filesystem::path& dir,
                                                    RelayLimits limits);

    // Stores authentic deltas in one durable transaction; returns only after the commit.
    // ResourceExhausted (nothing stored) when the space's quota would be exceeded.
    Result<RelayAppend> append(const SpaceId& space, const std::vector<DecodedDelta>& deltas);
    VersionVector vector(const SpaceId& space) const;
    // Deltas after log position `after` that `remote_has` lacks; each author's run ends signed.
    // Reads committed deltas on a second connection (its own lock): callers need not hold the
    // lock they hold around append(), so forwarding never waits for a commit.
    Result<OutgoingBatch> read(const SpaceId& space, std::int64_t after, VersionVector& remote_has,
                               std::size_t max_deltas, std::size_t max_bytes);
    std::optional<std::int64_t> position_of(const SpaceId& space,
                                            const crypto::SignPublicKey& author,
                                            std::uint64_t seq);
    // Deletes deltas older than the retention; returns how many.
    Result<std::size_t> expire(std::int64_t now_ms);
    std::map<SpaceId, RelaySpaceUsage> usage() const { return usage_; }
    const RelayLimits& limits() const { return limits_; }

private:
    RelayStore(std::unique_ptr<store::Database> db, RelayLimits limits)
        : db_(std::move(db)), limits_(limits) {}
    Result<void> load();

    std::filesystem::path path_;
    std::unique_ptr<store::Database> db_;
    std::mutex reader_mutex_;
    std::unique_ptr<LogReader> reader_;  // read(): committed deltas, off the append lock
    RelayLimits limits_;
    std::map<SpaceId, VersionVector> vectors_;
    std::map<SpaceId, RelaySpaceUsage> usage_;
};

}  // namespace grove::platform::net
