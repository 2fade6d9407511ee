#include "invitation_list_model.h"

#include <algorithm>

namespace grove::app {

InvitationListModel::InvitationListModel(QObject* parent) : KeyedListModel(parent) {}

int InvitationListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant InvitationListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = rows_[std::size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case InvitationIdRole:
            return r.invitationId;
        case InvitationRoleRole:
            return r.role;
        case ExpiresMsRole:
            return r.expiresMs;
        case CreatedByRole:
            return r.createdBy;
        case UsedByRole:
            return r.usedBy;
        case StateRole:
            return r.state;
        default:
            return {};
    }
}

QHash<int, QByteArray> InvitationListModel::roleNames() const {
    return {{InvitationIdRole, "invitationId"},
            {InvitationRoleRole, "invitationRole"},
            {ExpiresMsRole, "expiresMs"},
            {CreatedByRole, "createdBy"},
            {UsedByRole, "usedBy"},
            {StateRole, "status"}};
}

int InvitationListModel::pendingCount() const {
    return int(std::count_if(rows_.begin(), rows_.end(),
                             [](const Row& r) { return r.state == QLatin1String("pending"); }));
}

QVariantMap InvitationListModel::get(int row) const {
    QVariantMap out;
    if (row < 0 || row >= count()) return out;
    const auto names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        out.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return out;
}

int InvitationListModel::indexOf(const QString& invitationId) const {
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].invitationId == invitationId) return int(i);
    return -1;
}

void InvitationListModel::setInvitations(std::vector<Row> rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        const bool pa = a.state == QLatin1String("pending"),
                   pb = b.state == QLatin1String("pending");
        if (pa != pb) return pa;
        if (a.expiresMs != b.expiresMs)
            return pa ? a.expiresMs < b.expiresMs : a.expiresMs > b.expiresMs;
        return a.invitationId < b.invitationId;
    });
    const int before = count(), pendingBefore = pendingCount();
    applyRows(rows_, std::move(rows), [](const Row& r) { return r.invitationId; });
    if (before != count() || pendingBefore != pendingCount()) emit countChanged();
    setError({});
}

void InvitationListModel::setError(const QString& error) {
    if (error == error_) return;
    error_ = error;
    emit errorChanged();
}

void InvitationListModel::clear() {
    setInvitations({});
}

}  // namespace grove::app
