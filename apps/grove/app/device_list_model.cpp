#include "device_list_model.h"

#include <algorithm>

namespace grove::app {

DeviceListModel::DeviceListModel(QObject* parent) : KeyedListModel(parent) {}

int DeviceListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant DeviceListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = rows_[std::size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case DeviceIdRole:
            return r.deviceId;
        case ThisDeviceRole:
            return r.thisDevice;
        case RevokedRole:
            return r.revoked;
        case IssuedMsRole:
            return r.issuedMs;
        case SpaceCountRole:
            return r.spaceCount;
        default:
            return {};
    }
}

QHash<int, QByteArray> DeviceListModel::roleNames() const {
    return {{DeviceIdRole, "deviceId"},
            {ThisDeviceRole, "thisDevice"},
            {RevokedRole, "revoked"},
            {IssuedMsRole, "issuedMs"},
            {SpaceCountRole, "spaceCount"}};
}

const DeviceListModel::Row* DeviceListModel::find(const QString& deviceId) const {
    for (const Row& r : rows_)
        if (r.deviceId == deviceId) return &r;
    return nullptr;
}

QVariantMap DeviceListModel::get(int row) const {
    QVariantMap out;
    if (row < 0 || row >= count()) return out;
    const auto names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        out.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return out;
}

void DeviceListModel::setDevices(std::vector<Row> rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.thisDevice != b.thisDevice) return a.thisDevice;
        if (a.revoked != b.revoked) return !a.revoked;
        if (a.issuedMs != b.issuedMs) return a.issuedMs < b.issuedMs;
        return a.deviceId < b.deviceId;
    });
    const int before = count();
    applyRows(rows_, std::move(rows), [](const Row& r) { return r.deviceId; });
    if (before != count()) emit countChanged();
    setError({});
}

void DeviceListModel::setError(const QString& error) {
    if (error == error_) return;
    error_ = error;
    emit errorChanged();
}

void DeviceListModel::clear() {
    setDevices({});
}

}  // namespace grove::app
