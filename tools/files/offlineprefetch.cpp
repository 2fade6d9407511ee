#include "offlineprefetch.h"

#include <algorithm>

#include "filesinstance.h"

namespace grove::tools::files {
namespace {

bool held(const sdk::BlobStore& store, const sdk::BlobManifest& content) {
    return std::all_of(content.chunks.begin(), content.chunks.end(),
                       [&](const sdk::BlobChunk& c) { return store.contains(c.id); });
}

}  // namespace

OfflinePrefetch::OfflinePrefetch(FilesInstance& instance, QObject* parent)
    : QObject(parent), instance_(instance) {}

OfflinePrefetch::~OfflinePrefetch() {
    pending_.clear();
    stopping_ = true;
    if (worker_) worker_->wait();
}

void OfflinePrefetch::fetch(std::vector<sdk::BlobManifest> contents) {
    if (contents.empty()) return;
    pending_.push_back(std::move(contents));
    if (!worker_) start_next();
}

void OfflinePrefetch::start_next() {
    if (pending_.empty()) return;
    auto contents = std::move(pending_.front());
    pending_.pop_front();
    done_ = 0;
    total_ = 0;
    sdk::BlobStore* store = &instance_.blobs();  // taken on the host thread
    worker_.reset(
        QThread::create([this, store, contents = std::move(contents)] { run(*store, contents); }));
    emit stateChanged();
    emit progressChanged();
    worker_->start();
}

// On the worker thread: the store is thread-safe; reading a file fetches the chunks it lacks
// from other devices (and verifies them); the bytes themselves are dropped.
void OfflinePrefetch::run(sdk::BlobStore& store, const std::vector<sdk::BlobManifest>& contents) {
    std::vector<const sdk::BlobManifest*> lacking;
    std::uint64_t total = 0;
    for (const auto& content : contents)
        if (!held(store, content)) {
            lacking.push_back(&content);
            total += content.size;
        }
    std::uint64_t before = 0;
    int fetched = 0;
    QString first_error;
    auto post_progress = [this, total](std::uint64_t done) {
        QMetaObject::invokeMethod(
            this,
            [this, done, total] {
                done_ = static_cast<double>(done);
                total_ = static_cast<double>(total);
                emit progressChanged();
            },
            Qt::QueuedConnection);
    };
    for (const sdk::BlobManifest* content : lacking) {
        if (stopping_) break;
        auto read = store.read(
            *content,
            [this](sdk::ByteView) -> Result<void> {
                if (stopping_) return make_error(ErrorCode::Unavailable, "stopped");
                return {};
            },
            [&](const sdk::BlobProgress& p) { post_progress(before + p.done); });
        if (read)
            ++fetched;
        else if (first_error.isEmpty())
            first_error = QString::fromStdString(read.error().message);
        before += content->size;
    }
    QMetaObject::invokeMethod(
        this, [this, fetched, first_error] { complete(fetched, first_error); },
        Qt::QueuedConnection);
}

void OfflinePrefetch::complete(int files, const QString& error) {
    if (worker_) worker_->wait();
    worker_.reset();
    emit finished(files, error);
    emit stateChanged();
    start_next();
}

}  // namespace grove::tools::files
