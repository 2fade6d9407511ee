#include "blob/space_blob_store.h"

#include <chrono>
#include <cstring>
#include <mutex>

#include "blob/chunk_write_queue.h"
#include "blob/chunker.h"
#include "blob/sealed_chunk.h"

namespace grove::platform::blob {
namespace {

// Sealed chunks waiting for the writer thread during a streaming write (each ≤ 4 MiB).
constexpr std::size_t kWriteQueueDepth = 2;

ByteView holder_bytes(std::string_view holder) {
    return as_bytes(holder);
}

}  // namespace

SpaceBlobStore::SpaceBlobStore(Options options, std::shared_ptr<const EpochKeySource> keys,
                               std::unique_ptr<ChunkFiles> files, std::unique_ptr<BlobIndex> index)
    : options_(std::move(options)),
      keys_(std::move(keys)),
      files_(std::move(files)),
      index_(std::move(index)) {}

SpaceBlobStore::~SpaceBlobStore() {
    (void)index_->flush_uses();
}

Result<std::unique_ptr<SpaceBlobStore>> SpaceBlobStore::open(
    Options options, std::shared_ptr<const EpochKeySource> keys) {
    auto files = ChunkFiles::open(options.root, options.write_function);
    if (!files) return files.error();
    auto index = BlobIndex::open(options.root / "index.db");
    if (!index) return index.error();
    std::unique_ptr<SpaceBlobStore> store(new SpaceBlobStore(std::move(options), std::move(keys),
                                                             std::move(*files), std::move(*index)));
    GROVE_TRY(store->reconcile());
    return store;
}

std::int64_t SpaceBlobStore::now_ms() const {
    if (options_.clock_ms) return options_.clock_ms();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The chunk files are the truth about presence. A process killed after placing a chunk but
// before recording it leaves an unrecorded file (recorded now, as young and local: a tool may be
// about to refer to it); one killed after removing a row but before the file leaves a stray file
// handled the same way, and collected later if nothing refers to it.
Result<void> SpaceBlobStore::reconcile() {
    std::map<sdk::BlobId, std::uint64_t> on_disk;
    for (auto& [id, size] : files_->list()) on_disk.emplace(id, size);
    std::vector<ChunkRow> unrecorded;
    for (const ChunkRow& row : index_->all()) {
        if (on_disk.erase(row.id) == 0) GROVE_TRY(index_->erase(row.id));
    }
    for (const auto& [id, size] : on_disk)
        unrecorded.push_back({id, size, ChunkOrigin::Local, now_ms()});
    if (!unrecorded.empty()) GROVE_TRY(index_->add(unrecorded));
    return {};
}

Result<sdk::BlobId> SpaceBlobStore::put(sdk::ByteView chunk) {
    if (chunk.size() > kMaxChunkSize)
        return make_error(ErrorCode::InvalidArgument,
                          "chunk larger than " + std::to_string(kMaxChunkSize) + " bytes");
    auto keys = keys_.current();
    if (!keys) return keys.error();
    sdk::BlobId id = chunk_id(**keys, chunk);
    std::shared_lock guard(removal_mutex_);
    Bytes sealed;
    if (!files_->exists(id)) {
        seal_chunk(**keys, id, chunk, sealed);
        GROVE_TRY(files_->write(id, sealed));
    }
    GROVE_TRY(index_->add({{id, chunk.size() + kSealOverhead, ChunkOrigin::Local, now_ms()}}));
    if (on_written_) on_written_();
    return id;
}

bool SpaceBlobStore::contains(const sdk::BlobId& id) const {
    return files_->exists(id);
}

Result<void> SpaceBlobStore::load(const sdk::BlobId& id, Bytes& sealed, Bytes& plaintext) const {
    GROVE_TRY(files_->read(id, sealed));
    auto epoch = sealed_epoch(sealed);
    Result<void> opened = epoch.ok() ? Result<void>() : Result<void>(epoch.error());
    if (opened) {
        auto keys = keys_.for_epoch(*epoch);
        if (!keys) return keys.error();
        opened = open_chunk(**keys, id, sealed, plaintext);
    }
    if (!opened) {
        if (opened.error().code == ErrorCode::DataLoss) {
            (void)remove_chunk(id);
            return make_error(ErrorCode::DataLoss,
                              opened.error().message + "; the damaged chunk was removed");
        }
        return opened;
    }
    index_->touch(id);
    return {};
}

Result<sdk::Bytes> SpaceBlobStore::get(const sdk::BlobId& id) const {
    Bytes sealed, plaintext;
    GROVE_TRY(load(id, sealed, plaintext));
    return plaintext;
}

void SpaceBlobStore::fetch(const sdk::BlobId& id, std::function<void(Result<sdk::Bytes>)> done) {
    auto chunk = get(id);
    if (!chunk && chunk.error().code == ErrorCode::NotFound)
        return done(make_error(ErrorCode::Unavailable,
                               "chunk not held on this device, and chunks do not travel between "
                               "devices yet"));
    done(std::move(chunk));
}

Result<sdk::BlobManifest> SpaceBlobStore::write(const sdk::BlobSource& source,
                                                std::uint64_t total_hint,
                                                const sdk::BlobProgressFn& progress) {
    auto keys = keys_.current();
    if (!keys) return keys.error();
    const EpochBlobKeys& k = **keys;
    Chunker chunker(k.gear);
    // Plaintext window: room for two of the largest chunks, so a refill moves at most one.
    Bytes window(2 * Chunker::kMaxSize);
    std::size_t start = 0, end = 0;
    bool at_end = false;
    sdk::BlobManifest manifest;
    std::vector<ChunkRow> rows;
    std::shared_lock guard(removal_mutex_);
    // Sealing here while a writer thread stores (and fsyncs) the previous chunks.
    ChunkWriteQueue writer(*files_, kWriteQueueDepth);
    auto stored = [&]() -> Result<void> {
        for (;;) {
            while (!at_end && end - start < Chunker::kMaxSize) {
                if (end == window.size()) {
                    std::memmove(window.data(), window.data() + start, end - start);
                    end -= start;
                    start = 0;
                }
                auto got = source(std::span(window).subspan(end));
                if (!got) return got.error();
                if (*got == 0) at_end = true;
                end += *got;
            }
            if (start == end) break;
            ByteView rest(window.data() + start, end - start);
            std::size_t length = chunker.cut(rest);
            ByteView chunk = rest.first(length);
            sdk::BlobId id = chunk_id(k, chunk);
            if (!files_->exists(id)) {
                Bytes sealed = writer.take_buffer();
                seal_chunk(k, id, chunk, sealed);
                GROVE_TRY(writer.push(id, std::move(sealed)));
            }
            rows.push_back({id, length + kSealOverhead, ChunkOrigin::Local, now_ms()});
            manifest.chunks.push_back({id, static_cast<std::uint32_t>(length)});
            manifest.size += length;
            start += length;
            if (progress) progress({manifest.size, std::max(total_hint, manifest.size)});
        }
        return {};
    }();
    // Chunks already placed are recorded even when the write failed part-way (disk full, a
    // source error): they are whole, and the collector removes them if nothing refers to them.
    auto written = writer.finish();
    std::erase_if(rows, [&](const ChunkRow& row) { return !files_->exists(row.id); });
    auto synced = files_->sync_directories();
    auto recorded = rows.empty() ? Result<void>() : index_->add(rows);
    for (const Result<void>* r : {&written, &stored, &synced, &recorded})
        if (!r->ok()) return r->error();
    if (on_written_) on_written_();
    if (keys_.current_epoch() != k.epoch)
        return make_error(ErrorCode::FailedPrecondition,
                          "the space's key changed while the content was being stored; store it "
                          "again under the new key");
    return manifest;
}

Result<void> SpaceBlobStore::read(const sdk::BlobManifest& manifest, const sdk::BlobSink& sink,
                                  const sdk::BlobProgressFn& progress) {
    Bytes sealed, plaintext;
    sealed.reserve(kMaxSealedSize);
    plaintext.reserve(kMaxChunkSize);
    sdk::BlobProgress done{0, manifest.size};
    std::shared_ptr<PendingChunks> pending;
    if (fetcher_) {
        std::vector<sdk::BlobChunk> lacking;
        for (const sdk::BlobChunk& chunk : manifest.chunks)
            if (!files_->exists(chunk.id)) lacking.push_back(chunk);
        if (!lacking.empty()) pending = fetcher_(lacking);
    }
    for (const sdk::BlobChunk& chunk : manifest.chunks) {
        if (pending && !files_->exists(chunk.id)) GROVE_TRY(pending->wait_for(chunk.id));
        GROVE_TRY(load(chunk.id, sealed, plaintext));
        if (plaintext.size() != chunk.size)
            return make_error(ErrorCode::DataLoss, "a chunk's size differs from the manifest's");
        GROVE_TRY(sink(plaintext));
        done.done += chunk.size;
        if (progress) progress(done);
    }
    if (done.done != manifest.size)
        return make_error(ErrorCode::DataLoss, "the manifest's size differs from its chunks'");
    return {};
}

Result<void> SpaceBlobStore::retain(std::string_view holder, const std::vector<sdk::BlobId>& ids) {
    if (holder.empty()) return make_error(ErrorCode::InvalidArgument, "empty holder name");
    return index_->retain(holder_bytes(holder), ids);
}

Result<void> SpaceBlobStore::release(std::string_view holder) {
    return index_->release(holder_bytes(holder));
}

Result<void> SpaceBlobStore::keep_offline(std::string_view holder, bool keep) {
    if (holder.empty()) return make_error(ErrorCode::InvalidArgument, "empty holder name");
    return index_->set_pinned(holder_bytes(holder), keep);
}

std::vector<sdk::BlobId> SpaceBlobStore::local_chunks() const {
    std::vector<sdk::BlobId> out;
    for (const ChunkRow& row : index_->local()) out.push_back(row.id);
    return out;
}

Result<Bytes> SpaceBlobStore::sealed(const sdk::BlobId& id) const {
    Bytes out;
    GROVE_TRY(files_->read(id, out));
    return out;
}

Result<void> SpaceBlobStore::accept_sealed(const sdk::BlobId& id, ByteView sealed) {
    auto epoch = sealed_epoch(sealed);
    if (!epoch) return epoch.error();
    auto keys = keys_.for_epoch(*epoch);
    if (!keys) return keys.error();
    Bytes plaintext;
    GROVE_TRY(open_chunk(**keys, id, sealed, plaintext));
    {
        std::shared_lock guard(removal_mutex_);
        GROVE_TRY(files_->write(id, sealed));
        GROVE_TRY(index_->add({{id, sealed.size(), ChunkOrigin::Fetched, now_ms()}}));
    }
    auto evicted = enforce_cache_limit();
    if (!evicted) return evicted.error();
    return {};
}

std::vector<sdk::BlobId> SpaceBlobStore::missing(std::string_view holder) const {
    return index_->missing(holder_bytes(holder));
}

std::int64_t SpaceBlobStore::reference_count(const sdk::BlobId& id) const {
    return index_->reference_count(id);
}

Result<void> SpaceBlobStore::remove_chunk(const sdk::BlobId& id) const {
    // Row first: a kill between the two leaves a stray file, which reconcile() records and the
    // collector removes; never a row without its file.
    GROVE_TRY(index_->erase(id));
    return files_->remove(id);
}

Result<SpaceBlobStore::Report> SpaceBlobStore::collect_garbage() {
    std::unique_lock guard(removal_mutex_);
    Report report;
    for (const ChunkRow& row : index_->unreferenced(now_ms() - options_.gc_grace_ms)) {
        GROVE_TRY(remove_chunk(row.id));
        ++report.chunks;
        report.bytes += row.size;
    }
    return report;
}

Result<SpaceBlobStore::Report> SpaceBlobStore::enforce_cache_limit() {
    std::unique_lock guard(removal_mutex_);
    Report report;
    std::uint64_t total = index_->total_size();
    if (total <= options_.cache_limit_bytes) return report;
    GROVE_TRY(index_->flush_uses());
    for (const ChunkRow& row : index_->evictable()) {
        if (total <= options_.cache_limit_bytes) break;
        GROVE_TRY(remove_chunk(row.id));
        total -= std::min(total, row.size);
        ++report.chunks;
        report.bytes += row.size;
    }
    return report;
}

SpaceBlobStore::Report SpaceBlobStore::usage() const {
    auto rows = index_->all();
    Report report;
    report.chunks = rows.size();
    for (const ChunkRow& row : rows) report.bytes += row.size;
    return report;
}

}  // namespace grove::platform::blob
