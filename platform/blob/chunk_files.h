// ChunkFiles: sealed chunks as files under one directory, one file per chunk id. A write is atomic
// (temp file, fsync, rename, directory fsync): after a crash a chunk is whole or absent.
#pragma once

#include <grove/sdk/blobstore.h>
#include <grove/sdk/result.h>
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <vector>

#include "common/bytes.h"

namespace grove::platform::blob {

class ChunkFiles {
public:
    // Writes `size` bytes from `data` to `fd` like ::write (the seam tests use to inject ENOSPC).
    using WriteFunction =
        std::function<ssize_t(int fd, const std::uint8_t* data, std::size_t size)>;

    // Creates `root` (0700) with chunks/ and tmp/ below it, and removes temp files a killed
    // writer left behind.
    static Result<std::unique_ptr<ChunkFiles>> open(const std::filesystem::path& root,
                                                    WriteFunction write = {});

    // Stores the sealed bytes of chunk `id` unless present. With `sync_directory` false the
    // directory entry's fsync is deferred to sync_directories() (a batch of chunks shares it).
    // ResourceExhausted on a full disk, Unavailable on other I/O errors; nothing is left behind.
    Result<void> write(const sdk::BlobId& id, ByteView sealed, bool sync_directory = true);
    // Makes every rename done since the last call durable.
    Result<void> sync_directories();

    // The sealed bytes (NotFound when absent; DataLoss when larger than any sealed chunk).
    Result<void> read(const sdk::BlobId& id, Bytes& sealed) const;
    bool exists(const sdk::BlobId& id) const;
    // Removes the chunk's file (absent is not an error).
    Result<void> remove(const sdk::BlobId& id);
    // Every chunk held, with its file size.
    std::vector<std::pair<sdk::BlobId, std::uint64_t>> list() const;

    std::filesystem::path path_of(const sdk::BlobId& id) const;
    const std::filesystem::path& root() const { return root_; }

private:
    ChunkFiles(std::filesystem::path root, WriteFunction write);

    std::filesystem::path root_;
    WriteFunction write_;
    std::mutex dirty_mutex_;
    std::set<std::filesystem::path> dirty_directories_;
};

}  // namespace grove::platform::blob
