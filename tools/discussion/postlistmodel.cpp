#include "postlistmodel.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <algorithm>

namespace grove::tools::discussion {

PostListModel::PostListModel(QObject* parent) : QAbstractListModel(parent) {}

int PostListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant PostListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PostRow& row = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
            return row.title.isEmpty() ? row.body : row.title;
        case IdRole:
            return row.id;
        case ParentIdRole:
            return row.parent_id;
        case TopicIdRole:
            return row.topic_id;
        case TitleRole:
            return row.title;
        case BodyRole:
            return row.body;
        case BodyHtmlRole:
            return row.body_html;
        case AuthorIdRole:
            return row.author_id;
        case AuthorNameRole:
            return row.author_name;
        case PostedAtRole:
            return QDateTime::fromMSecsSinceEpoch(row.posted_ms);
        case EditedAtRole:
            return row.edited_ms ? QDateTime::fromMSecsSinceEpoch(row.edited_ms) : QDateTime();
        case EditedRole:
            return row.edited_ms != 0;
        case DeletedRole:
            return row.deleted;
        case UnreadRole:
            return row.unread;
        case MineRole:
            return row.mine;
        case CanEditRole:
            return row.can_edit;
        case CanDeleteRole:
            return row.can_delete;
        case DepthRole:
            return row.depth;
        case ReplyCountRole:
            return row.reply_count;
        case UnreadCountRole:
            return row.unread_count;
        default:
            return {};
    }
}

QHash<int, QByteArray> PostListModel::roleNames() const {
    return {
        {Qt::DisplayRole, "display"},
        {IdRole, "postId"},
        {ParentIdRole, "parentId"},
        {TopicIdRole, "topicId"},
        {TitleRole, "title"},
        {BodyRole, "body"},
        {BodyHtmlRole, "bodyHtml"},
        {AuthorIdRole, "authorId"},
        {AuthorNameRole, "authorName"},
        {PostedAtRole, "postedAt"},
        {EditedAtRole, "editedAt"},
        {EditedRole, "edited"},
        {DeletedRole, "deleted"},
        {UnreadRole, "unread"},
        {MineRole, "mine"},
        {CanEditRole, "canEdit"},
        {CanDeleteRole, "canDelete"},
        {DepthRole, "depth"},
        {ReplyCountRole, "replyCount"},
        {UnreadCountRole, "unreadCount"},
    };
}

void PostListModel::set_rows(std::vector<PostRow> rows) {
    const int old_count = count();
    QSet<QString> wanted;
    for (const PostRow& row : rows) wanted.insert(row.id);

    // 1. Remove rows that go away, in contiguous runs from the back.
    for (int i = count() - 1; i >= 0;) {
        if (wanted.contains(rows_[static_cast<std::size_t>(i)].id)) {
            --i;
            continue;
        }
        int last = i;
        while (i >= 0 && !wanted.contains(rows_[static_cast<std::size_t>(i)].id)) --i;
        beginRemoveRows(QModelIndex(), i + 1, last);
        rows_.erase(rows_.begin() + (i + 1), rows_.begin() + last + 1);
        endRemoveRows();
    }

    // 2. Walk the target order: move rows that exist further down, insert new ones.
    for (std::size_t target = 0; target < rows.size(); ++target) {
        const QString& id = rows[target].id;
        if (target < rows_.size() && rows_[target].id == id) continue;
        std::size_t found = rows_.size();
        for (std::size_t j = target + 1; j < rows_.size(); ++j)
            if (rows_[j].id == id) {
                found = j;
                break;
            }
        const int to = static_cast<int>(target);
        if (found == rows_.size()) {
            beginInsertRows(QModelIndex(), to, to);
            rows_.insert(rows_.begin() + static_cast<std::ptrdiff_t>(target), rows[target]);
            endInsertRows();
        } else {
            const int from = static_cast<int>(found);
            beginMoveRows(QModelIndex(), from, from, QModelIndex(), to);
            PostRow moved = std::move(rows_[found]);
            rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(found));
            rows_.insert(rows_.begin() + static_cast<std::ptrdiff_t>(target), std::move(moved));
            endMoveRows();
        }
    }

    // 3. Report changed contents.
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows_[i] == rows[i]) continue;
        rows_[i] = std::move(rows[i]);
        const QModelIndex changed = index(static_cast<int>(i));
        emit dataChanged(changed, changed);
    }
    if (count() != old_count) emit countChanged();
}

void PostListModel::place(PostRow row, std::size_t position) {
    std::size_t found = rows_.size();
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == row.id) {
            found = i;
            break;
        }
    if (found == rows_.size()) {
        position = std::min(position, rows_.size());
        const int at = static_cast<int>(position);
        beginInsertRows(QModelIndex(), at, at);
        rows_.insert(rows_.begin() + static_cast<std::ptrdiff_t>(position), std::move(row));
        endInsertRows();
        emit countChanged();
        return;
    }
    position = std::min(position, rows_.size() - 1);
    if (found != position) {
        const int from = static_cast<int>(found);
        // Qt's destination is the row index before the move (one past for a downward move).
        const int to = static_cast<int>(position > found ? position + 1 : position);
        beginMoveRows(QModelIndex(), from, from, QModelIndex(), to);
        PostRow moved = std::move(rows_[found]);
        rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(found));
        rows_.insert(rows_.begin() + static_cast<std::ptrdiff_t>(position), std::move(moved));
        endMoveRows();
    }
    if (rows_[position] == row) return;
    rows_[position] = std::move(row);
    const QModelIndex changed = index(static_cast<int>(position));
    emit dataChanged(changed, changed);
}

}  // namespace grove::tools::discussion
