// ChunkWriteQueue: a writer thread that stores sealed chunks (ChunkFiles::write, fsync included)
// while the caller cuts, hashes and seals the next ones, so disk latency overlaps with CPU work.
// At most `depth` chunks wait at once: memory stays bounded whatever the content's size.
#pragma once

#include <grove/sdk/result.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "blob/chunk_files.h"

namespace grove::platform::blob {

class ChunkWriteQueue {
public:
    ChunkWriteQueue(ChunkFiles& files, std::size_t depth);
    ~ChunkWriteQueue();  // finishes what was queued

    // A buffer to seal the next chunk into (recycled from written chunks).
    Bytes take_buffer();
    // Queues the sealed chunk; waits while `depth` chunks are queued. Returns the first write
    // error so far (the chunk is then dropped and the caller stops).
    Result<void> push(const sdk::BlobId& id, Bytes sealed);
    // Waits until everything queued is written; the first error, if any.
    Result<void> finish();

private:
    void run();

    ChunkFiles& files_;
    const std::size_t depth_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::pair<sdk::BlobId, Bytes>> queue_;
    std::vector<Bytes> free_;
    std::optional<Error> error_;
    bool closing_ = false;
    std::thread thread_;
};

}  // namespace grove::platform::blob
