// RelayStore: the relay's durable log of sealed deltas per space (SQLite, WAL, full sync, files
// 0600) with exact per-author vectors, per-space, per-device and total quotas, retention, the
// space's roster (who may use it) and deltas re-sent for devices behind retention. Holds no key.
#pragma once

#include <grove/sdk/result.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "core/delta_envelope.h"
#include "core/replication_state.h"  // LogReader
#include "core/replicator.h"
#include "net/relay_roster.h"
#include "store/database.h"

namespace grove::platform::net {

struct RelayLimits {
    std::uint64_t space_quota_bytes = 1024ull * 1024 * 1024;
    // Log deltas one author device may have stored here, over all spaces.
    std::uint64_t device_quota_bytes = 1024ull * 1024 * 1024;
    // Everything the relay holds (log and re-sent deltas).
    std::uint64_t total_quota_bytes = 64ull * 1024 * 1024 * 1024;
    // Spaces the relay holds a roster of (a space is served only with one).
    std::uint32_t max_spaces = 100000;
    // Spaces one link may use at once; further hellos are refused.
    std::uint32_t max_spaces_per_link = 4096;
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

// Which limit refused a write (RelayStore::last_quota after a ResourceExhausted).
enum class RelayQuota { None, Space, Device, Total };

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
    // ResourceExhausted (nothing stored) when the space's, an author device's or the total quota
    // would be exceeded (which one: last_quota()).
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
    RelayQuota last_quota() const { return last_quota_; }
    std::uint64_t total_bytes() const { return total_bytes_; }
    // Log bytes stored per author device (what the device quota counts).
    const std::map<crypto::SignPublicKey, std::uint64_t>& device_bytes() const {
        return device_bytes_;
    }

    // ---- rosters (docs/protocol-sync.md, "Relay membership") ----
    // Whether `device` is in the space's roster, and the roster's digest. Safe without the lock
    // callers hold around append() (rosters have their own), so checking membership never waits
    // for another link's commit.
    struct MemberCheck {
        bool has_roster = false;
        bool admitted = false;
        crypto::Hash digest{};
    };
    MemberCheck check_member(const SpaceId& space, const crypto::SignPublicKey& device) const;
    // Under the append lock (the pointer is valid until the next put_roster).
    const RelayRoster* roster(const SpaceId& space) const;
    // Stores the space's roster durably (after merge_roster decided it). ResourceExhausted when
    // it is a new space and max_spaces rosters are held.
    Result<void> put_roster(const SpaceId& space, const RelayRoster& roster);
    std::size_t roster_count() const;
    // Grows whenever any roster changes (sessions re-check their device's membership then).
    // Lock-free.
    std::uint64_t roster_generation() const { return roster_generation_.load(); }

private:
    RelayStore(std::unique_ptr<store::Database> db, RelayLimits limits)
        : db_(std::move(db)), limits_(limits) {}
    Result<void> load();
    Result<void> load_usage();
    Result<void> load_rosters();
    // Checks the space, device and total quotas for `bytes` more (per author `by_author`).
    Result<void> check_quota(const SpaceId& space, std::uint64_t bytes,
                             const std::map<crypto::SignPublicKey, std::uint64_t>& by_author);
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
    std::map<crypto::SignPublicKey, std::uint64_t> device_bytes_;
    std::uint64_t total_bytes_ = 0;
    RelayQuota last_quota_ = RelayQuota::None;
    mutable std::mutex roster_mutex_;  // guards rosters_ (writers also hold the append lock)
    std::map<SpaceId, RelayRoster> rosters_;
    std::atomic<std::uint64_t> roster_generation_{1};
};

}  // namespace grove::platform::net
