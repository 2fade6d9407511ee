#include "chat_model.h"

#include <QDateTime>

#include <algorithm>

namespace grove::app {

namespace {
QString dayOf(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().date().toString(Qt::ISODate);
}
}  // namespace

ChatModel::ChatModel(QObject* parent) : QAbstractListModel(parent) {}

int ChatModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ChatModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChatMessage& m = messages_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case TextRole: return m.text;
        case IdRole: return m.id;
        case AuthorNameRole: return m.authorName;
        case AuthorIdRole: return m.authorId;
        case PostedMsRole: return m.postedMs;
        case EditedMsRole: return m.editedMs;
        case DeletedRole: return m.deleted;
        case MineRole: return !myIdentity_.isEmpty() && m.authorId == myIdentity_;
        case GroupStartRole: return groupStartAt(index.row());
        case DayRole: return dayOf(m.postedMs);
        default: return {};
    }
}

QHash<int, QByteArray> ChatModel::roleNames() const {
    return {
        {IdRole, "messageId"},       {AuthorNameRole, "authorName"},
        {AuthorIdRole, "authorId"},  {TextRole, "text"},
        {PostedMsRole, "postedMs"},  {EditedMsRole, "editedMs"},
        {DeletedRole, "deleted"},    {MineRole, "mine"},
        {GroupStartRole, "groupStart"}, {DayRole, "day"},
    };
}

void ChatModel::setMyIdentity(const QString& identity) {
    if (identity == myIdentity_) return;
    myIdentity_ = identity;
    if (!messages_.empty()) emit dataChanged(index(0), index(count() - 1), {MineRole});
    emit myIdentityChanged();
}

void ChatModel::setMessages(std::vector<ChatMessage> messages) {
    beginResetModel();
    messages_ = std::move(messages);
    endResetModel();
    emit countChanged();
}

void ChatModel::upsert(const ChatMessage& message) {
    const int existing = indexOf(message.id);
    if (existing >= 0) {
        messages_[static_cast<std::size_t>(existing)] = message;
        emit dataChanged(index(existing), index(existing));
        return;
    }
    const auto pos = std::upper_bound(messages_.begin(), messages_.end(), message, postedBefore);
    const int row = static_cast<int>(pos - messages_.begin());
    beginInsertRows({}, row, row);
    messages_.insert(pos, message);
    endInsertRows();
    refreshGroupStart(row + 1);  // the next message may now continue this one's group
    emit countChanged();
}

void ChatModel::clear() {
    if (messages_.empty()) return;
    beginResetModel();
    messages_.clear();
    endResetModel();
    emit countChanged();
}

int ChatModel::indexOf(const QString& id) const {
    for (std::size_t i = messages_.size(); i-- > 0;)
        if (messages_[i].id == id) return static_cast<int>(i);
    return -1;
}

QString ChatModel::lastOwnMessageId() const {
    if (myIdentity_.isEmpty()) return {};
    for (auto it = messages_.rbegin(); it != messages_.rend(); ++it)
        if (it->authorId == myIdentity_ && !it->deleted) return it->id;
    return {};
}

QString ChatModel::textOf(const QString& id) const {
    const ChatMessage* m = find(id);
    return m ? m->text : QString();
}

const ChatMessage* ChatModel::find(const QString& id) const {
    const int row = indexOf(id);
    return row < 0 ? nullptr : &messages_[static_cast<std::size_t>(row)];
}

bool ChatModel::groupStartAt(int row) const {
    if (row <= 0) return true;
    const ChatMessage& m = messages_[static_cast<std::size_t>(row)];
    const ChatMessage& prev = messages_[static_cast<std::size_t>(row - 1)];
    return prev.authorId != m.authorId || m.postedMs - prev.postedMs > kGroupGapMs ||
           dayOf(prev.postedMs) != dayOf(m.postedMs);
}

void ChatModel::refreshGroupStart(int row) {
    if (row >= 0 && row < count()) emit dataChanged(index(row), index(row), {GroupStartRole});
}

}  // namespace grove::app
