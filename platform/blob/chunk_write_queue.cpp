#include "blob/chunk_write_queue.h"

namespace grove::platform::blob {

ChunkWriteQueue::ChunkWriteQueue(ChunkFiles& files, std::size_t depth)
    : files_(files), depth_(depth), thread_([this] { run(); }) {}

ChunkWriteQueue::~ChunkWriteQueue() {
    (void)finish();
}

Bytes ChunkWriteQueue::take_buffer() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return {};
    Bytes buffer = std::move(free_.back());
    free_.pop_back();
    return buffer;
}

Result<void> ChunkWriteQueue::push(const sdk::BlobId& id, Bytes sealed) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < depth_ || error_; });
    if (error_) return *error_;
    queue_.emplace_back(id, std::move(sealed));
    changed_.notify_all();
    return {};
}

Result<void> ChunkWriteQueue::finish() {
    {
        std::unique_lock lock(mutex_);
        closing_ = true;
        changed_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    if (error_) return *error_;
    return {};
}

void ChunkWriteQueue::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [&] { return !queue_.empty() || closing_; });
        if (queue_.empty()) return;  // closing, nothing left
        auto [id, sealed] = std::move(queue_.front());
        queue_.pop_front();
        if (error_) continue;  // drop what follows a failure
        lock.unlock();
        auto written = files_.write(id, sealed, /*sync_directory=*/false);
        lock.lock();
        if (!written) error_ = written.error();
        free_.push_back(std::move(sealed));
        changed_.notify_all();
    }
}

}  // namespace grove::platform::blob
