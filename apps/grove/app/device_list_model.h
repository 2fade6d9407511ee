// DeviceListModel: the devices of this account as its spaces' logs certify them — this one first,
// then the others by when they were added — with revoked ones marked, for Settings → Devices.
#pragma once

#include <QtQml/qqmlregistration.h>

#include <QVariantMap>

#include "keyed_list_model.h"

namespace grove::app {

class DeviceListModel : public KeyedListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    // Why the list couldn't be read ("" when it was), in words.
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    struct Row {
        QString deviceId;  // hex of the device key
        bool thisDevice = false;
        bool revoked = false;
        qint64 issuedMs = 0;
        int spaceCount = 0;  // spaces the device is active in
        bool operator==(const Row&) const = default;
    };
    enum Role {
        DeviceIdRole = Qt::UserRole + 1,
        ThisDeviceRole,
        RevokedRole,
        IssuedMsRole,
        SpaceCountRole,
    };
    Q_ENUM(Role)

    explicit DeviceListModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(rows_.size()); }
    QString error() const { return error_; }
    const std::vector<Row>& rows() const { return rows_; }
    const Row* find(const QString& deviceId) const;
    Q_INVOKABLE QVariantMap get(int row) const;

    void setDevices(std::vector<Row> rows);
    void setError(const QString& error);
    void clear();

signals:
    void countChanged();
    void errorChanged();

private:
    std::vector<Row> rows_;
    QString error_;
};

}  // namespace grove::app
