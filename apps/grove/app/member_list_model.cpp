#include "member_list_model.h"

#include <algorithm>

namespace grove::app {

MemberListModel::MemberListModel(QObject* parent) : QAbstractListModel(parent) {}

int MemberListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant MemberListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case DisplayNameRole: return r.displayName;
        case IdentityIdRole: return r.identityId;
        case MemberRoleRole: return r.role;
        case PresenceRole: return r.presence;
        case MeRole: return r.me;
        default: return {};
    }
}

QHash<int, QByteArray> MemberListModel::roleNames() const {
    return {{IdentityIdRole, "identityId"},
            {DisplayNameRole, "displayName"},
            {MemberRoleRole, "memberRole"},
            {PresenceRole, "presence"},
            {MeRole, "me"}};
}

void MemberListModel::setMembers(std::vector<Row> rows, bool complete) {
    // The user first, then managers, participants, guests, each by name.
    auto rank = [](const Row& r) {
        if (r.me) return 0;
        if (r.role == QLatin1String("manager")) return 1;
        if (r.role == QLatin1String("participant")) return 2;
        return 3;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        if (rank(a) != rank(b)) return rank(a) < rank(b);
        return QString::compare(a.displayName, b.displayName, Qt::CaseInsensitive) < 0;
    });
    const int before = count();
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
    if (before != count()) emit countChanged();
    if (complete != complete_) {
        complete_ = complete;
        emit completeChanged();
    }
}

void MemberListModel::clear() { setMembers({}, false); }

}  // namespace grove::app
