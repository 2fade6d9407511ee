#include "filesmodel.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QSaveFile>

namespace grove::tools::files {
namespace {

std::optional<ItemId> id_from(const QString& hex) {
    ItemId id{};
    if (hex.isEmpty()) return id;
    if (!sdk::from_hex(hex.toStdString(), id)) return std::nullopt;
    return id;
}

QString hex(const sdk::OpId& id) {
    return QString::fromStdString(sdk::to_hex(id));
}

// A coarse kind for the view's icon, from the MIME database (by the name's extension).
QString kind_of(const QMimeType& type) {
    const QString name = type.name();
    const QString generic = type.genericIconName();
    if (name == "application/pdf") return "pdf";
    if (name.startsWith("image/")) return "image";
    if (name.startsWith("audio/")) return "audio";
    if (name.startsWith("video/")) return "video";
    if (generic == "x-office-spreadsheet" || name == "text/csv") return "spreadsheet";
    if (generic == "x-office-presentation") return "presentation";
    if (generic == "x-office-document") return "document";
    if (generic == "package-x-generic" || type.inherits("application/x-compressed-tar") ||
        name == "application/zip")
        return "archive";
    if (type.inherits("application/x-executable") || type.inherits("text/x-csrc") ||
        type.inherits("application/x-shellscript") || type.inherits("text/x-python") ||
        type.inherits("application/json") || type.inherits("application/xml"))
        return "code";
    if (type.inherits("text/plain")) return "text";
    return "file";
}

QVariantMap to_map(const Entry& e) {
    QVariantMap m;
    m["id"] = hex(e.id);
    m["name"] = QString::fromStdString(e.name);
    m["folder"] = e.folder;
    m["size"] = e.current ? static_cast<double>(e.current->content.size) : 0.0;
    m["author"] = e.current ? QString::fromStdString(e.current->author_name) : QString();
    m["modifiedMs"] = e.current ? static_cast<double>(e.current->wall_time_ms) : 0.0;
    m["conflictOf"] = e.conflict_of ? hex(*e.conflict_of) : QString();
    m["trashed"] = e.trashed;
    m["trashedAtMs"] = static_cast<double>(e.trashed_at_ms);
    if (e.folder) {
        m["mimeType"] = QStringLiteral("inode/directory");
        m["kind"] = QStringLiteral("folder");
    } else {
        static const QMimeDatabase mime;
        const QMimeType type =
            mime.mimeTypeForFile(QString::fromStdString(e.name), QMimeDatabase::MatchExtension);
        m["mimeType"] = type.name();
        m["kind"] = kind_of(type);
    }
    return m;
}

sdk::BlobSource file_source(QFile& file) {
    return [&file](std::span<std::uint8_t> buffer) -> Result<std::size_t> {
        qint64 n =
            file.read(reinterpret_cast<char*>(buffer.data()), static_cast<qint64>(buffer.size()));
        if (n < 0)
            return make_error(ErrorCode::Unavailable, "reading " + file.fileName().toStdString() +
                                                          ": " + file.errorString().toStdString());
        return static_cast<std::size_t>(n);
    };
}

}  // namespace

QString FilesModel::digest() const {
    auto d = instance_.digest();
    return QString::fromStdString(sdk::to_hex(d));
}

void FilesModel::fail(const Error& error) {
    last_error_ = QString::fromStdString(error.message);
    emit lastErrorChanged();
}

bool FilesModel::report(const Result<void>& result) {
    if (result.ok()) return true;
    fail(result.error());
    return false;
}

QVariantList FilesModel::list(const QString& folderId) const {
    QVariantList out;
    auto folder = id_from(folderId);
    if (!folder) return out;
    for (const Entry& e : instance_.state().list(*folder)) out.push_back(to_map(e));
    return out;
}

QVariantList FilesModel::trash() const {
    QVariantList out;
    for (const Entry& e : instance_.state().trash()) out.push_back(to_map(e));
    return out;
}

QVariantList FilesModel::versions(const QString& fileId) const {
    QVariantList out;
    auto file = id_from(fileId);
    if (!file) return out;
    for (const FileVersion* v : instance_.state().versions(*file)) {
        QVariantMap m;
        m["id"] = hex(v->id);
        m["size"] = static_cast<double>(v->content.size);
        m["author"] = QString::fromStdString(v->author_name);
        m["modifiedMs"] = static_cast<double>(v->wall_time_ms);
        out.push_back(m);
    }
    return out;
}

QString FilesModel::path(const QString& itemId) const {
    auto item = id_from(itemId);
    return item ? QString::fromStdString(instance_.state().path(*item)) : QString();
}

QVariantList FilesModel::breadcrumbs(const QString& folderId) const {
    QVariantList out;
    auto folder = id_from(folderId);
    std::vector<QVariantMap> chain;
    for (std::optional<ItemId> at = folder; at && *at != kTopLevel;) {
        auto entry = instance_.state().entry(*at);
        if (!entry) break;
        chain.push_back({{"id", hex(entry->id)}, {"name", QString::fromStdString(entry->name)}});
        at = entry->parent;
    }
    out.push_back(QVariantMap{{"id", QString()}, {"name", QString()}});
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) out.push_back(*it);
    return out;
}

QVariantList FilesModel::folders() const {
    QVariantList out;
    std::vector<ItemId> pending{kTopLevel};
    while (!pending.empty()) {
        ItemId at = pending.back();
        pending.pop_back();
        out.push_back(QVariantMap{
            {"id", at == kTopLevel ? QString() : hex(at)},
            {"path",
             at == kTopLevel ? QString() : QString::fromStdString(instance_.state().path(at))}});
        auto children = instance_.state().list(at);
        for (auto it = children.rbegin(); it != children.rend(); ++it)
            if (it->folder) pending.push_back(it->id);
    }
    return out;
}

bool FilesModel::isFolder(const QString& itemId) const {
    auto item = id_from(itemId);
    if (!item) return false;
    if (*item == kTopLevel) return true;
    auto entry = instance_.state().entry(*item);
    return entry && entry->folder;
}

QString FilesModel::createFolder(const QString& parentId, const QString& name) {
    auto parent = id_from(parentId);
    if (!parent) return fail(make_error(ErrorCode::InvalidArgument, "bad folder id")), QString();
    auto id = instance_.create_folder(*parent, name.toStdString());
    if (!id) return fail(id.error()), QString();
    return hex(*id);
}

QString FilesModel::uploadFile(const QString& parentId, const QString& localPath) {
    auto parent = id_from(parentId);
    if (!parent) return fail(make_error(ErrorCode::InvalidArgument, "bad folder id")), QString();
    QFile file(localPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(make_error(ErrorCode::NotFound, "cannot open " + localPath.toStdString() +
                                                        ": " + file.errorString().toStdString())),
               QString();
    auto id = instance_.upload(
        *parent, QFileInfo(localPath).fileName().toStdString(), file_source(file),
        static_cast<std::uint64_t>(file.size()), [this](const sdk::BlobProgress& p) {
            emit progress(static_cast<double>(p.done), static_cast<double>(p.total));
        });
    if (!id) return fail(id.error()), QString();
    return hex(*id);
}

bool FilesModel::saveVersion(const QString& fileId, const QString& localPath) {
    auto item = id_from(fileId);
    QFile file(localPath);
    if (!item || !file.open(QIODevice::ReadOnly))
        return report(make_error(ErrorCode::NotFound, "cannot open " + localPath.toStdString()));
    auto id = instance_.save_version(
        *item, file_source(file), static_cast<std::uint64_t>(file.size()),
        [this](const sdk::BlobProgress& p) {
            emit progress(static_cast<double>(p.done), static_cast<double>(p.total));
        });
    if (!id) return report(id.error());
    return true;
}

bool FilesModel::download(const QString& fileId, const QString& localPath,
                          const QString& versionId) {
    auto item = id_from(fileId);
    auto version = id_from(versionId);
    if (!item || !version) return report(make_error(ErrorCode::InvalidArgument, "bad id"));
    QSaveFile out(localPath);
    if (!out.open(QIODevice::WriteOnly))
        return report(make_error(
            ErrorCode::Unavailable,
            "cannot write " + localPath.toStdString() + ": " + out.errorString().toStdString()));
    auto read = instance_.download(
        *item,
        [&out](sdk::ByteView bytes) -> Result<void> {
            if (out.write(reinterpret_cast<const char*>(bytes.data()),
                          static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size()))
                return make_error(ErrorCode::Unavailable, out.errorString().toStdString());
            return {};
        },
        [this](const sdk::BlobProgress& p) {
            emit progress(static_cast<double>(p.done), static_cast<double>(p.total));
        },
        versionId.isEmpty() ? nullptr : &*version);
    if (!read) {
        out.cancelWriting();
        return report(read);
    }
    if (!out.commit())
        return report(make_error(ErrorCode::Unavailable, out.errorString().toStdString()));
    return true;
}

bool FilesModel::restoreVersion(const QString& fileId, const QString& versionId) {
    auto item = id_from(fileId);
    auto version = id_from(versionId);
    if (!item || !version) return report(make_error(ErrorCode::InvalidArgument, "bad id"));
    auto id = instance_.restore_version(*item, *version);
    if (!id) return report(id.error());
    return true;
}

bool FilesModel::rename(const QString& itemId, const QString& name) {
    auto item = id_from(itemId);
    if (!item) return report(make_error(ErrorCode::InvalidArgument, "bad id"));
    return report(instance_.rename(*item, name.toStdString()));
}

bool FilesModel::move(const QString& itemId, const QString& folderId, const QString& name) {
    auto item = id_from(itemId);
    auto folder = id_from(folderId);
    if (!item || !folder) return report(make_error(ErrorCode::InvalidArgument, "bad id"));
    return report(instance_.move(*item, *folder, name.toStdString()));
}

bool FilesModel::moveToTrash(const QString& itemId) {
    auto item = id_from(itemId);
    if (!item) return report(make_error(ErrorCode::InvalidArgument, "bad id"));
    return report(instance_.trash(*item));
}

bool FilesModel::restoreFromTrash(const QString& itemId) {
    auto item = id_from(itemId);
    if (!item) return report(make_error(ErrorCode::InvalidArgument, "bad id"));
    return report(instance_.restore_from_trash(*item));
}

bool FilesModel::purge(const QString& itemId) {
    auto item = id_from(itemId);
    if (!item) return report(make_error(ErrorCode::InvalidArgument, "bad id"));
    return report(instance_.purge(*item));
}

int FilesModel::purgeExpired() {
    auto purged = instance_.purge_expired(QDateTime::currentMSecsSinceEpoch());
    if (!purged) return fail(purged.error()), -1;
    return static_cast<int>(*purged);
}

bool FilesModel::keepOffline(const QString& itemId, bool keep) {
    auto item = id_from(itemId);
    if (!item) return report(make_error(ErrorCode::InvalidArgument, "bad id"));
    if (!report(instance_.keep_offline(*item, keep))) return false;
    if (keep) prefetch_.fetch(instance_.contents_below(*item));
    return true;
}

}  // namespace grove::tools::files
