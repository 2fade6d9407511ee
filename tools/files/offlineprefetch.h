// OfflinePrefetch: fetches, on a worker thread, every chunk of the files marked "keep offline"
// that this device lacks, so they open without a network; one batch at a time, the rest queued.
#pragma once

#include <grove/sdk/blobstore.h>

#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>
#include <deque>
#include <memory>
#include <vector>

namespace grove::tools::files {

class FilesInstance;

class OfflinePrefetch final : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(double done READ done NOTIFY progressChanged)    // bytes of the running batch
    Q_PROPERTY(double total READ total NOTIFY progressChanged)  // bytes of its files lacking chunks

public:
    explicit OfflinePrefetch(FilesInstance& instance, QObject* parent = nullptr);
    ~OfflinePrefetch() override;  // stops the running batch and waits for it

    bool busy() const { return worker_ != nullptr; }
    double done() const { return done_; }
    double total() const { return total_; }

    // Fetches the chunks of `contents` not held here (files already whole are skipped).
    void fetch(std::vector<sdk::BlobManifest> contents);

signals:
    void stateChanged();
    void progressChanged();
    // One per batch: how many files were fetched (whole now), and the first error (if any; the
    // batch goes on with the next file after one fails).
    void finished(int files, const QString& error);

private:
    void start_next();
    // On the worker thread.
    void run(sdk::BlobStore& store, const std::vector<sdk::BlobManifest>& contents);
    void complete(int files, const QString& error);

    FilesInstance& instance_;
    std::deque<std::vector<sdk::BlobManifest>> pending_;
    std::unique_ptr<QThread> worker_;
    std::atomic<bool> stopping_{false};
    double done_ = 0;
    double total_ = 0;
};

}  // namespace grove::tools::files
