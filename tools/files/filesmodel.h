// FilesModel: the QObject a Files view (and a test through the host) works with — lists folders,
// uploads and downloads local files through the instance, moves, renames, trash, versions — with
// ids as hex strings and errors in `lastError`.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>

#include "filesinstance.h"
#include "filetransfers.h"
#include "offlineprefetch.h"

namespace grove::tools::files {

class FilesModel final : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(int itemCount READ itemCount NOTIFY changed)
    Q_PROPERTY(QString digest READ digest NOTIFY changed)
    // Uploads and downloads on a worker thread, with progress (what the view uses).
    Q_PROPERTY(QObject* transfers READ transfers CONSTANT)
    // Fetches in the background what keepOffline marks and this device lacks.
    Q_PROPERTY(QObject* prefetch READ prefetch CONSTANT)

public:
    explicit FilesModel(FilesInstance& instance)
        : instance_(instance), transfers_(instance, this), prefetch_(instance, this) {}

    QString lastError() const { return last_error_; }
    int itemCount() const { return static_cast<int>(instance_.state().item_count()); }
    QString digest() const;
    QObject* transfers() { return &transfers_; }
    QObject* prefetch() { return &prefetch_; }

    // Each entry: {id, name, folder, size, author, modifiedMs, conflictOf, trashed, trashedAtMs,
    // mimeType, kind}; kind is one of folder, image, audio, video, pdf, document, spreadsheet,
    // presentation, archive, code, text, file (from the MIME database, by name). An empty folder
    // id is the top level.
    Q_INVOKABLE QVariantList list(const QString& folderId) const;
    Q_INVOKABLE QVariantList trash() const;
    // Each version: {id, size, author, modifiedMs}, newest first.
    Q_INVOKABLE QVariantList versions(const QString& fileId) const;
    Q_INVOKABLE QString path(const QString& itemId) const;
    // The folders from the top level down to `folderId` (included): [{id, name}…]; the top level
    // is {id: "", name: ""}.
    Q_INVOKABLE QVariantList breadcrumbs(const QString& folderId) const;
    // Every visible folder, the top level first: [{id, path}…] (the top level's path is "").
    Q_INVOKABLE QVariantList folders() const;
    // Whether the item exists and is a folder (or is the top level, "").
    Q_INVOKABLE bool isFolder(const QString& itemId) const;

    // Return the new item's id, or "" (see lastError).
    Q_INVOKABLE QString createFolder(const QString& parentId, const QString& name);
    Q_INVOKABLE QString uploadFile(const QString& parentId, const QString& localPath);
    Q_INVOKABLE bool saveVersion(const QString& fileId, const QString& localPath);
    // Writes the current version (or `versionId`'s) to `localPath` (through a temporary file,
    // renamed into place once whole).
    Q_INVOKABLE bool download(const QString& fileId, const QString& localPath,
                              const QString& versionId = {});
    Q_INVOKABLE bool restoreVersion(const QString& fileId, const QString& versionId);
    Q_INVOKABLE bool rename(const QString& itemId, const QString& name);
    Q_INVOKABLE bool move(const QString& itemId, const QString& folderId, const QString& name);
    Q_INVOKABLE bool moveToTrash(const QString& itemId);
    Q_INVOKABLE bool restoreFromTrash(const QString& itemId);
    Q_INVOKABLE bool purge(const QString& itemId);
    // Purges what has been in the trash for 30 days; the number purged, or -1 (see lastError).
    Q_INVOKABLE int purgeExpired();
    // Pins the file's (or the folder's files') current versions and fetches, in the background
    // (`prefetch`), the chunks of them this device lacks.
    Q_INVOKABLE bool keepOffline(const QString& itemId, bool keep);

    // Called by the instance after each applied operation.
    void notify_changed() { emit changed(); }

signals:
    void changed();
    void lastErrorChanged();
    // Bytes done out of total of the running upload or download.
    void progress(double done, double total);

private:
    bool report(const Result<void>& result);
    void fail(const Error& error);

    FilesInstance& instance_;
    FileTransfers transfers_;
    OfflinePrefetch prefetch_;
    QString last_error_;
};

}  // namespace grove::tools::files
