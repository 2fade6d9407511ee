// RelayStore: the relay's durable log of sealed deltas per space (SQLite, WAL, full sync) with
// exact per-author vectors, per-space quota and retention; the retention floor (what expiry
// dropped) and deltas re-sent by members for devices behind it. It never holds a key.
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
    std::chrono::milliseconds retention = std::chrono::hours(24 * 90);
    // How long deltas re-sent for a device behind the retention floor are kept when that device
    // does not take them (they go as soon as it holds them).
    std::chrono::milliseconds refill_retention = std::chrono::hours(24 * 7);
};

struct RelaySpaceUsage {
    std::uint64_t deltas = 0;  // everything held for the space, refills included
    std::uint64_t bytes = 0;
    std::uint64_t refill_deltas = 0;
    std::uint64_t refill_bytes = 0;
};

struct RelayExpiry {
    std::size_t deltas = 0;   // log deltas dropped by retention (the floor rose)
    std::size_t refills = 0;  // re-sent deltas dropped after refill_retention
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
                               std::size_t max_deltas, std::size_t max_bytes) {
        return read(space, after, remote_has, max_deltas, max_bytes, nullptr);
    }
    std::optional<std::int64_t> position_of(const SpaceId& space,
                                            const crypto::SignPublicKey& author,
                                            std::uint64_t seq);
    // The log deltas of `space` that `remote_has` lacks, after log position `after`. With
    // `held_back`, a delta that does not extend its author's chain in `remote_has` contiguously
    // (a hole below it: the device is behind the retention floor) is not sent; the lowest such
    // position is stored there (read again from it once the hole is filled).
    Result<OutgoingBatch> read(const SpaceId& space, std::int64_t after, VersionVector& remote_has,
                               std::size_t max_deltas, std::size_t max_bytes,
                               std::int64_t* held_back);

    // ---- retention floor and refills (docs/replication.md, "Lagging past retention") ----
    // Deletes log deltas older than the retention — per author always a prefix of its chain, so
    // the relay holds exactly (floor, vector] of each author — and raises the floor in the same
    // transaction; drops re-sent deltas older than refill_retention.
    Result<RelayExpiry> expire(std::int64_t now_ms);
    // Per author: the highest seq expired (the relay lacks every seq ≤ floor of its log).
    VersionVector floor(const SpaceId& space) const;
    const std::map<SpaceId, VersionVector>& floors() const { return floors_; }
    // Stores re-sent (authentic) deltas for `device`, which is behind the floor: per author the
    // ones at or below the floor, and above it only up to the first signed one (so that what is
    // held for the device always ends each run on a signature). ResourceExhausted (nothing
    // stored) beyond the space's quota. Returns how many were stored.
    Result<std::size_t> append_refill(const SpaceId& space, const crypto::SignPublicKey& device,
                                      const std::vector<DecodedDelta>& deltas);
    // Re-sent deltas held for `device` in `space`, after refill position `after`, that
    // `remote_has` lacks (same rules as read()).
    Result<OutgoingBatch> read_refill(const SpaceId& space, const crypto::SignPublicKey& device,
                                      std::int64_t after, VersionVector& remote_has,
                                      std::size_t max_deltas, std::size_t max_bytes,
                                      std::int64_t* held_back);
    // How many re-sent deltas are held for `device` in `space`.
    std::uint64_t refill_count(const SpaceId& space, const crypto::SignPublicKey& device) const;
    // Drops re-sent deltas `device` now holds (per author, seq ≤ `has`); returns how many.
    Result<std::size_t> prune_refill(const SpaceId& space, const crypto::SignPublicKey& device,
                                     const VersionVector& has);

    std::map<SpaceId, RelaySpaceUsage> usage() const { return usage_; }
    const RelayLimits& limits() const { return limits_; }

private:
    RelayStore(std::unique_ptr<store::Database> db, RelayLimits limits)
        : db_(std::move(db)), limits_(limits) {}
    Result<void> load();
    Result<void> load_usage();
    Result<void> open_reader();
    Result<RelaySpaceUsage> drop_refills(const SpaceId& space, const crypto::SignPublicKey& device,
                                         const crypto::SignPublicKey& author, std::uint64_t upto);

    std::filesystem::path path_;
    std::unique_ptr<store::Database> db_;
    std::mutex reader_mutex_;
    std::unique_ptr<LogReader> reader_;  // read(): committed deltas, off the append lock
    store::Statement refill_page_;       // read_refill(), on reader_'s connection (closed first)
    RelayLimits limits_;
    std::map<SpaceId, VersionVector> vectors_;
    std::map<SpaceId, VersionVector> floors_;
    std::map<SpaceId, RelaySpaceUsage> usage_;
    std::map<std::pair<SpaceId, crypto::SignPublicKey>, std::uint64_t> refill_counts_;
};

}  // namespace grove::platform::net
