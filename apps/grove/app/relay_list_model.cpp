#include "relay_list_model.h"

#include <algorithm>

namespace grove::app {

RelayListModel::RelayListModel(QObject* parent) : KeyedListModel(parent) {}

int RelayListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant RelayListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = rows_[std::size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case AddressRole:
            return r.address;
        case StateRole:
            return r.state;
        case ErrorRole:
            return r.error;
        default:
            return {};
    }
}

QHash<int, QByteArray> RelayListModel::roleNames() const {
    return {{AddressRole, "address"}, {StateRole, "linkState"}, {ErrorRole, "lastError"}};
}

int RelayListModel::connectedCount() const {
    return int(std::count_if(rows_.begin(), rows_.end(),
                             [](const Row& r) { return r.state == QLatin1String("connected"); }));
}

QVariantMap RelayListModel::get(int row) const {
    QVariantMap out;
    if (row < 0 || row >= count()) return out;
    const auto names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        out.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return out;
}

void RelayListModel::setRelays(std::vector<Row> rows) {
    const int before = count(), connectedBefore = connectedCount();
    applyRows(rows_, std::move(rows), [](const Row& r) { return r.address; });
    if (before != count() || connectedBefore != connectedCount()) emit countChanged();
}

}  // namespace grove::app
