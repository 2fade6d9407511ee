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
        case FingerprintRole: return r.fingerprint;
        case DeviceCountRole: return static_cast<int>(r.devices.size());
        case LastSeenMsRole: return r.lastSeenMs;
        case TypingRole: return r.typing;
        default: return {};
    }
}

QHash<int, QByteArray> MemberListModel::roleNames() const {
    return {{IdentityIdRole, "identityId"}, {DisplayNameRole, "displayName"},
            {MemberRoleRole, "memberRole"}, {PresenceRole, "presence"},
            {MeRole, "me"},                 {FingerprintRole, "fingerprint"},
            {DeviceCountRole, "deviceCount"}, {LastSeenMsRole, "lastSeenMs"},
            {TypingRole, "typing"}};
}

int MemberListModel::indexOf(const QString& identityId) const {
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].identityId == identityId) return static_cast<int>(i);
    return -1;
}

QVariantMap MemberListModel::get(int row) const {
    QVariantMap out;
    if (row < 0 || row >= count()) return out;
    const auto names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        out.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return out;
}

const MemberListModel::Row* MemberListModel::find(const QString& identityId) const {
    const int i = indexOf(identityId);
    return i < 0 ? nullptr : &rows_[static_cast<std::size_t>(i)];
}

void MemberListModel::sort(std::vector<Row>& rows) {
    auto rank = [](const Row& r) {
        if (r.me) return 0;
        if (r.role == QLatin1String("manager")) return 1;
        if (r.role == QLatin1String("participant")) return 2;
        return 3;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        if (rank(a) != rank(b)) return rank(a) < rank(b);
        const int byName = QString::compare(a.displayName, b.displayName, Qt::CaseInsensitive);
        if (byName != 0) return byName < 0;
        return a.identityId < b.identityId;
    });
}

void MemberListModel::setMembers(std::vector<Row> rows, bool complete) {
    sort(rows);
    // Drop duplicates of an identity (keeps the first): ids are the rows' keys.
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = rows.size(); j-- > i + 1;)
            if (rows[j].identityId == rows[i].identityId) rows.erase(rows.begin() + long(j));
    const int before = count();

    // 1. Members who are gone.
    for (int i = count() - 1; i >= 0; --i) {
        const QString& id = rows_[std::size_t(i)].identityId;
        const bool kept = std::any_of(rows.begin(), rows.end(),
                                      [&](const Row& r) { return r.identityId == id; });
        if (kept) continue;
        beginRemoveRows({}, i, i);
        rows_.erase(rows_.begin() + i);
        endRemoveRows();
    }
    // 2. In the new order: move existing rows up into place, insert new ones, update changed.
    for (int i = 0; i < int(rows.size()); ++i) {
        const Row& want = rows[std::size_t(i)];
        const int at = indexOf(want.identityId);
        if (at < 0) {
            beginInsertRows({}, i, i);
            rows_.insert(rows_.begin() + i, want);
            endInsertRows();
            continue;
        }
        if (at != i) {  // at > i: everything before i is already in place
            beginMoveRows({}, at, at, {}, i);
            Row moved = std::move(rows_[std::size_t(at)]);
            rows_.erase(rows_.begin() + at);
            rows_.insert(rows_.begin() + i, std::move(moved));
            endMoveRows();
        }
        if (!(rows_[std::size_t(i)] == want)) {
            rows_[std::size_t(i)] = want;
            emit dataChanged(index(i), index(i));
        }
    }
    if (before != count()) emit countChanged();
    if (complete != complete_) {
        complete_ = complete;
        emit completeChanged();
    }
}

void MemberListModel::clear() { setMembers({}, false); }

}  // namespace grove::app
