// ReplicationState: the peer's replication bookkeeping kept beside its spaces (pending buffers
// of remote deltas waiting for dependencies, the log reader of outgoing batches). Lives in
// Peer::Impl; `pending` is guarded by Impl::mutex, `reader` by `reader_mutex`.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "core/chain_auth.h"  // VersionVector
#include "core/pending_buffer.h"
#include "store/database.h"

namespace grove::platform {

// A second connection to the profile database, only for reading the delta log: outgoing
// batches read committed deltas (a WAL snapshot) without the peer's mutex, so a link's pump
// neither stalls the writer nor waits for its commits.
struct LogReader {
    sqlite3* db = nullptr;
    store::Statement page;  // read_signed_runs' page query
    LogReader() = default;
    LogReader(const LogReader&) = delete;
    LogReader& operator=(const LogReader&) = delete;
    ~LogReader() {
        page = store::Statement();  // finalized before the connection closes
        if (db) sqlite3_close(db);
    }
};

struct ReplicationState {
    std::map<SpaceId, PendingBuffer> pending;
    std::mutex reader_mutex;
    std::unique_ptr<LogReader> reader;
    bool reader_failed = false;  // could not open one: read under the peer's mutex instead
    // ---- retention (core/peer_retention.cpp): what relays said they expired and we lack ----
    struct RetentionGap {
        VersionVector floor;  // per author, the highest seq the relay dropped
        std::uint32_t members_asked = 0;
        std::string problem;
        std::int64_t since_ms = 0;
    };
    std::map<SpaceId, std::map<crypto::SignPublicKey, RetentionGap>> retention_gaps;
    std::atomic<std::size_t> retention_gap_spaces{0};  // retention_gaps.size(), read lock-free
    // ---- relay refusals (core/peer_roster.cpp): per space, per relay, what it refused ----
    std::map<SpaceId, std::map<crypto::SignPublicKey, std::string>> relay_refusals;
};

}  // namespace grove::platform
