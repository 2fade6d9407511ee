#include "space_list_model.h"

#include <algorithm>

namespace grove::app {

namespace {
bool nameBefore(const SpaceListModel::Row& a, const SpaceListModel::Row& b) {
    const int c = QString::compare(a.name, b.name, Qt::CaseInsensitive);
    if (c != 0) return c < 0;
    return a.id < b.id;
}
}  // namespace

SpaceListModel::SpaceListModel(QObject* parent) : QAbstractListModel(parent) {}

int SpaceListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant SpaceListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case NameRole: return r.name;
        case IdRole: return r.id;
        case MyRoleRole: return r.myRole;
        case MemberCountRole: return r.memberCount;
        case CreatedMsRole: return r.createdMs;
        case LastActivityMsRole: return std::max(r.lastActivityMs, r.createdMs);
        case PreviewRole: return r.lastPreview;
        case PreviewAuthorRole: return r.lastAuthor;
        case PreviewMineRole: return r.lastMine;
        case UnreadRole: return r.unread;
        case SyncStateRole: return r.syncState;
        case SyncPendingRole: return r.syncPending;
        case SyncNoteRole: return r.syncNote;
        case OnlineCountRole: return static_cast<int>(r.online.size());
        case OnlineNamesRole: return r.online.join(QStringLiteral(", "));
        default: return {};
    }
}

QHash<int, QByteArray> SpaceListModel::roleNames() const {
    return {
        {IdRole, "spaceId"},          {NameRole, "name"},
        {MyRoleRole, "myRole"},       {MemberCountRole, "memberCount"},
        {CreatedMsRole, "createdMs"}, {LastActivityMsRole, "lastActivityMs"},
        {PreviewRole, "preview"},     {PreviewAuthorRole, "previewAuthor"},
        {PreviewMineRole, "previewMine"}, {UnreadRole, "unread"},
        {SyncStateRole, "syncState"},     {SyncPendingRole, "syncPending"},
        {SyncNoteRole, "syncNote"},       {OnlineCountRole, "onlineCount"}, {OnlineNamesRole, "onlineNames"},
    };
}

int SpaceListModel::totalUnread() const {
    int total = 0;
    for (const Row& r : rows_) total += r.unread;
    return total;
}

void SpaceListModel::setRows(std::vector<Row> rows) {
    std::sort(rows.begin(), rows.end(), nameBefore);
    const int before = totalUnread();
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
    emit countChanged();
    if (before != totalUnread()) emit totalUnreadChanged();
}

int SpaceListModel::sortedPosition(const Row& row, int ignore) const {
    int pos = 0;
    for (int i = 0; i < count(); ++i) {
        if (i == ignore) continue;
        if (nameBefore(rows_[static_cast<std::size_t>(i)], row)) ++pos;
    }
    return pos;
}

void SpaceListModel::upsertSpace(const Row& space) {
    const int row = indexOf(space.id);
    if (row < 0) {
        const int pos = sortedPosition(space, -1);
        beginInsertRows({}, pos, pos);
        rows_.insert(rows_.begin() + pos, space);
        endInsertRows();
        emit countChanged();
        if (space.unread) emit totalUnreadChanged();
        return;
    }
    Row updated = rows_[static_cast<std::size_t>(row)];
    updated.name = space.name;
    updated.myRole = space.myRole;
    updated.memberCount = space.memberCount;
    updated.createdMs = space.createdMs;
    const int pos = sortedPosition(updated, row);  // index among the other rows
    if (pos != row) {
        // beginMoveRows counts the destination before the move.
        beginMoveRows({}, row, row, {}, pos > row ? pos + 1 : pos);
        rows_.erase(rows_.begin() + row);
        rows_.insert(rows_.begin() + pos, updated);
        endMoveRows();
        emit dataChanged(index(pos), index(pos));
    } else {
        rows_[static_cast<std::size_t>(row)] = updated;
        emit dataChanged(index(row), index(row));
    }
}

void SpaceListModel::setActivity(const QString& id, qint64 ms, const QString& preview,
                                 const QString& author, bool mine) {
    const int row = indexOf(id);
    if (row < 0) return;
    Row& r = rows_[static_cast<std::size_t>(row)];
    r.lastActivityMs = ms;
    r.lastPreview = preview;
    r.lastAuthor = author;
    r.lastMine = mine;
    emit dataChanged(index(row), index(row),
                     {LastActivityMsRole, PreviewRole, PreviewAuthorRole, PreviewMineRole});
}

void SpaceListModel::setUnread(const QString& id, int unread) {
    const int row = indexOf(id);
    if (row < 0) return;
    Row& r = rows_[static_cast<std::size_t>(row)];
    if (r.unread == unread) return;
    r.unread = unread;
    emit dataChanged(index(row), index(row), {UnreadRole});
    emit totalUnreadChanged();
}

void SpaceListModel::setSync(const QString& id, const QString& state, int pending,
                             const QString& note) {
    const int row = indexOf(id);
    if (row < 0) return;
    Row& r = rows_[static_cast<std::size_t>(row)];
    if (r.syncState == state && r.syncPending == pending && r.syncNote == note) return;
    r.syncState = state;
    r.syncPending = pending;
    r.syncNote = note;
    emit dataChanged(index(row), index(row), {SyncStateRole, SyncPendingRole, SyncNoteRole});
}

void SpaceListModel::setOnline(const QString& id, QStringList names) {
    const int row = indexOf(id);
    if (row < 0) return;
    names.sort(Qt::CaseInsensitive);
    Row& r = rows_[static_cast<std::size_t>(row)];
    if (r.online == names) return;
    r.online = std::move(names);
    emit dataChanged(index(row), index(row), {OnlineCountRole, OnlineNamesRole});
}

void SpaceListModel::removeSpace(const QString& id) {
    const int row = indexOf(id);
    if (row < 0) return;
    const bool hadUnread = rows_[static_cast<std::size_t>(row)].unread > 0;
    beginRemoveRows({}, row, row);
    rows_.erase(rows_.begin() + row);
    endRemoveRows();
    emit countChanged();
    if (hadUnread) emit totalUnreadChanged();
}

void SpaceListModel::clear() {
    if (rows_.empty()) return;
    const bool hadUnread = totalUnread() > 0;
    beginResetModel();
    rows_.clear();
    endResetModel();
    emit countChanged();
    if (hadUnread) emit totalUnreadChanged();
}

int SpaceListModel::indexOf(const QString& id) const {
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == id) return static_cast<int>(i);
    return -1;
}

QString SpaceListModel::idAt(int row) const {
    return row >= 0 && row < count() ? rows_[static_cast<std::size_t>(row)].id : QString();
}

const SpaceListModel::Row* SpaceListModel::find(const QString& id) const {
    const int row = indexOf(id);
    return row < 0 ? nullptr : &rows_[static_cast<std::size_t>(row)];
}

}  // namespace grove::app
