// FileTransfers: uploads and downloads of local files for the Files view, one at a time on a worker
// thread (the content streams through the blob store there; only the operation naming it is
// submitted on the host thread), with progress, a queue for several files, and cancel.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>
#include <atomic>
#include <deque>
#include <memory>
#include <optional>

#include "filesstate.h"

namespace grove::tools::files {

class FilesInstance;

class FileTransfers final : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(QString name READ name NOTIFY stateChanged)  // the file being transferred
    Q_PROPERTY(bool uploading READ uploading NOTIFY stateChanged)
    Q_PROPERTY(double done READ done NOTIFY progressChanged)
    Q_PROPERTY(double total READ total NOTIFY progressChanged)
    Q_PROPERTY(int queued READ queued NOTIFY stateChanged)  // waiting behind the current one
    Q_PROPERTY(QStringList waiting READ waiting NOTIFY stateChanged)  // their names, in order

public:
    explicit FileTransfers(FilesInstance& instance, QObject* parent = nullptr);
    ~FileTransfers() override;  // cancels and waits for the running transfer

    bool busy() const { return worker_ != nullptr; }
    QString name() const { return current_name_; }
    bool uploading() const { return current_upload_; }
    double done() const { return done_; }
    double total() const { return total_; }
    int queued() const { return static_cast<int>(pending_.size()); }
    QStringList waiting() const;

    // Local paths or file: URLs (from a file dialog or a drop). Each becomes a new file in the
    // folder (hex id, "" = the top level), or a new version of `fileId` when given.
    Q_INVOKABLE void upload(const QString& folderId, const QStringList& localFiles);
    Q_INVOKABLE void uploadVersion(const QString& fileId, const QString& localFile);
    // Writes the current version (or `versionId`'s) to `localFile`, whole or not at all.
    Q_INVOKABLE void download(const QString& fileId, const QString& localFile,
                              const QString& versionId = {});
    // Stops the running transfer (nothing is created, no partial file is left); the next waiting
    // one starts.
    Q_INVOKABLE void cancel();
    // Stops the running transfer and drops the waiting ones.
    Q_INVOKABLE void cancelAll();

signals:
    void stateChanged();
    void progressChanged();
    // One per transfer: ok, the item's id (uploads), and the error when not ok.
    void finished(bool ok, const QString& name, const QString& itemId, const QString& error);

private:
    struct Job {
        bool upload = true;
        ItemId folder{};
        std::optional<ItemId> file;  // uploads: a new version of it; downloads: the file
        std::optional<VersionId> version;
        QString local;
    };
    QString name_of(const Job& job) const;
    void start_next();
    // On the worker thread.
    void run_upload(const Job& job, sdk::BlobStore& store);
    void run_download(const Job& job, sdk::BlobStore& store,
                      const Result<sdk::BlobManifest>& content);
    // On the host thread, when the worker is done.
    void complete(bool ok, const QString& itemId, const QString& error);
    void report(double done, double total);

    FilesInstance& instance_;
    std::deque<Job> pending_;
    std::unique_ptr<QThread> worker_;
    std::atomic<bool> cancelled_{false};
    QString current_name_;
    bool current_upload_ = false;
    double done_ = 0;
    double total_ = 0;
};

}  // namespace grove::tools::files
