#include "filetransfers.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QUrl>

#include "filesinstance.h"

namespace grove::tools::files {
namespace {

QString local_path(const QString& pathOrUrl) {
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

std::optional<sdk::OpId> parse(const QString& hex) {
    sdk::OpId id{};
    if (hex.isEmpty()) return id;
    if (!sdk::from_hex(hex.toStdString(), id)) return std::nullopt;
    return id;
}

Error cancelled_error() {
    return make_error(ErrorCode::Unavailable, "cancelled");
}

}  // namespace

FileTransfers::FileTransfers(FilesInstance& instance, QObject* parent)
    : QObject(parent), instance_(instance) {}

FileTransfers::~FileTransfers() {
    pending_.clear();
    cancelled_ = true;
    if (worker_) worker_->wait();
}

void FileTransfers::upload(const QString& folderId, const QStringList& localFiles) {
    auto folder = parse(folderId);
    if (!folder) {
        emit finished(false, {}, {}, tr("bad folder id"));
        return;
    }
    for (const QString& file : localFiles) {
        Job job;
        job.folder = *folder;
        job.local = local_path(file);
        pending_.push_back(std::move(job));
    }
    emit stateChanged();
    if (!worker_) start_next();
}

void FileTransfers::uploadVersion(const QString& fileId, const QString& localFile) {
    auto file = parse(fileId);
    if (!file || fileId.isEmpty()) {
        emit finished(false, {}, {}, tr("bad file id"));
        return;
    }
    Job job;
    job.file = *file;
    job.local = local_path(localFile);
    pending_.push_back(std::move(job));
    emit stateChanged();
    if (!worker_) start_next();
}

void FileTransfers::download(const QString& fileId, const QString& localFile,
                             const QString& versionId) {
    auto file = parse(fileId);
    auto version = parse(versionId);
    if (!file || fileId.isEmpty() || !version) {
        emit finished(false, {}, {}, tr("bad id"));
        return;
    }
    Job job;
    job.upload = false;
    job.file = *file;
    if (!versionId.isEmpty()) job.version = *version;
    job.local = local_path(localFile);
    pending_.push_back(std::move(job));
    emit stateChanged();
    if (!worker_) start_next();
}

void FileTransfers::cancel() {
    if (!worker_) return;
    cancelled_ = true;
    emit stateChanged();
}

void FileTransfers::cancelAll() {
    pending_.clear();
    cancelled_ = true;
    emit stateChanged();
}

QString FileTransfers::name_of(const Job& job) const {
    return job.upload ? QFileInfo(job.local).fileName()
                      : QString::fromStdString(instance_.state().path(*job.file));
}

QStringList FileTransfers::waiting() const {
    QStringList names;
    for (const Job& job : pending_) names << name_of(job);
    return names;
}

void FileTransfers::start_next() {
    if (pending_.empty()) return;
    Job job = std::move(pending_.front());
    pending_.pop_front();
    cancelled_ = false;
    current_upload_ = job.upload;
    current_name_ = name_of(job);
    done_ = 0;
    total_ = 0;
    // The store and what to read are taken here, on the host thread; the worker never waits for
    // the host thread (which may be waiting for it, in the destructor).
    sdk::BlobStore* store = &instance_.blobs();
    if (job.upload) {
        worker_.reset(QThread::create([this, job, store] { run_upload(job, *store); }));
    } else {
        auto content = instance_.content_of(*job.file, job.version ? &*job.version : nullptr);
        worker_.reset(
            QThread::create([this, job, store, content] { run_download(job, *store, content); }));
    }
    emit stateChanged();
    emit progressChanged();
    worker_->start();
}

void FileTransfers::report(double done, double total) {
    QMetaObject::invokeMethod(
        this,
        [this, done, total] {
            done_ = done;
            total_ = total;
            emit progressChanged();
        },
        Qt::QueuedConnection);
}

// On the worker thread. The store is thread-safe; the instance is touched only through queued
// calls to the host thread.
void FileTransfers::run_upload(const Job& job, sdk::BlobStore& store) {
    auto fail = [this](const QString& error) {
        QMetaObject::invokeMethod(
            this, [this, error] { complete(false, {}, error); }, Qt::QueuedConnection);
    };
    QFile file(job.local);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(tr("cannot open %1: %2").arg(job.local, file.errorString()));
        return;
    }
    const auto size = static_cast<std::uint64_t>(file.size());
    auto manifest = store.write(
        [&](std::span<std::uint8_t> buffer) -> Result<std::size_t> {
            if (cancelled_) return cancelled_error();
            qint64 n = file.read(reinterpret_cast<char*>(buffer.data()),
                                 static_cast<qint64>(buffer.size()));
            if (n < 0)
                return make_error(
                    ErrorCode::Unavailable,
                    "reading " + job.local.toStdString() + ": " + file.errorString().toStdString());
            return static_cast<std::size_t>(n);
        },
        size,
        [this](const sdk::BlobProgress& p) {
            report(static_cast<double>(p.done), static_cast<double>(p.total));
        });
    if (!manifest) {
        fail(QString::fromStdString(manifest.error().message));
        return;
    }
    const std::string name = QFileInfo(job.local).fileName().toStdString();
    QMetaObject::invokeMethod(
        this,
        [this, job, name, content = std::move(*manifest)] {
            if (cancelled_) return complete(false, {}, tr("cancelled"));
            Result<sdk::OpId> id = job.file ? instance_.save_version(*job.file, content)
                                            : instance_.create_file(job.folder, name, content);
            if (!id) return complete(false, {}, QString::fromStdString(id.error().message));
            complete(true, QString::fromStdString(sdk::to_hex(job.file ? *job.file : *id)), {});
        },
        Qt::QueuedConnection);
}

void FileTransfers::run_download(const Job& job, sdk::BlobStore& store,
                                 const Result<sdk::BlobManifest>& content) {
    auto fail = [this](const QString& error) {
        QMetaObject::invokeMethod(
            this, [this, error] { complete(false, {}, error); }, Qt::QueuedConnection);
    };
    if (!content) return fail(QString::fromStdString(content.error().message));
    QSaveFile out(job.local);
    if (!out.open(QIODevice::WriteOnly))
        return fail(tr("cannot write %1: %2").arg(job.local, out.errorString()));
    auto read = store.read(
        *content,
        [&](sdk::ByteView bytes) -> Result<void> {
            if (cancelled_) return cancelled_error();
            if (out.write(reinterpret_cast<const char*>(bytes.data()),
                          static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size()))
                return make_error(ErrorCode::Unavailable, out.errorString().toStdString());
            return {};
        },
        [this](const sdk::BlobProgress& p) {
            report(static_cast<double>(p.done), static_cast<double>(p.total));
        });
    if (!read) {
        out.cancelWriting();
        return fail(QString::fromStdString(read.error().message));
    }
    if (!out.commit()) return fail(out.errorString());
    const QString id = QString::fromStdString(sdk::to_hex(*job.file));
    QMetaObject::invokeMethod(
        this, [this, id] { complete(true, id, {}); }, Qt::QueuedConnection);
}

void FileTransfers::complete(bool ok, const QString& itemId, const QString& error) {
    if (worker_) worker_->wait();
    worker_.reset();
    const QString name = current_name_;
    current_name_.clear();
    emit finished(ok, name, itemId, error);
    emit stateChanged();
    start_next();
}

}  // namespace grove::tools::files
